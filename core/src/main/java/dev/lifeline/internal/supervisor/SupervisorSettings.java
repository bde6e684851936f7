package dev.lifeline.internal.supervisor;

import dev.lifeline.Lifecycle;
import dev.lifeline.OrphanPolicy;
import dev.lifeline.spi.SessionRuntime;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The validated options of {@link dev.lifeline.Supervisor.Builder}, frozen at build time. Immutable.
 *
 * <p>The custom verifiers and the listeners are the lifecycle's ({@link Lifecycle.Builder#verifier},
 * {@link Lifecycle.Builder#listener}).
 *
 * @param verifierExecutor where verifiers run, or {@code null} for a pool the supervisor owns
 * @param hookSender what tries a delivery
 * @param hookExecutor where deliveries are tried, or {@code null} for a pool the supervisor owns
 * @param hookTries how many tries a delivery gets before it is given up
 * @param hookBackoff the wait before each next try
 */
public record SupervisorSettings(
    Lifecycle lifecycle,
    SessionRuntime runtime,
    int maxConcurrent,
    Duration pollInterval,
    int lostAfter,
    Duration startGrace,
    OrphanPolicy orphanPolicy,
    Duration orphanGrace,
    Duration verifierTimeout,
    Duration leaseStaleAfter,
    Executor verifierExecutor,
    String host,
    long pid,
    dev.lifeline.spi.HookSender hookSender,
    Executor hookExecutor,
    int hookTries,
    dev.lifeline.Backoff hookBackoff) {

  /** How many deliveries a supervisor tries at once. */
  public static final int HOOKS_IN_FLIGHT = 8;

  /** {@code host:pid}, the lease holder's name. */
  public String holder() {
    return host + ":" + pid;
  }
}
