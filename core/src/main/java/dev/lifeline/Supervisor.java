package dev.lifeline;

import dev.lifeline.internal.supervisor.DefaultSupervisor;
import dev.lifeline.internal.supervisor.SupervisorSettings;
import dev.lifeline.spi.SessionRuntime;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Keeps a store's rows true to what really runs (ARCHITECTURE.md "One supervisor pass"). One pass
 * ({@link #tick()}) observes the runtime once, then, in order: PROCESSING jobs get EXITED, LOST or TIME_OUT;
 * VERIFICATION jobs have their verifiers run off the pass's thread and get PASS or REJECT; FAILED jobs with attempts
 * left get RETRY; QUEUED jobs get START up to the free slots and are launched after the commit; tagged sessions whose
 * job is terminal, on another attempt or unknown follow the {@link OrphanPolicy}. Timed-out and cancelled jobs have
 * their session stopped after the commit. Every side effect is keyed by job id and attempt and follows the commit
 * that calls for it, so a repeated pass, or a new supervisor after a crash, never launches an attempt twice.
 *
 * <p>An UNKNOWN observation (the runtime erred or timed out) changes nothing that depends on it: no job is declared
 * lost, none is timed out while PROCESSING (its exit code may exist and cannot be read; the first pass that can read
 * it decides, and an exit code found wins over the timeout), none is retried or started, no orphan is judged, and no
 * DEAD count moves; the pass reports {@link dev.lifeline.event.Notice.RuntimeUnknown}. VERIFICATION jobs, which need
 * no runtime, still verify.
 *
 * <p>Verifiers are bounded by their own timeouts (a command's in its spec, any other by {@link
 * Builder#verifierTimeout}); one that runs out counts as failed and raises
 * {@link dev.lifeline.event.Notice.VerifierTimedOut}. A job's own timeout bounds its run; in VERIFICATION it applies
 * only while the job waits for an operator's approval, so a job whose exit was seen late is still verified.
 *
 * <p>A failed attempt whose session is still seen running is stopped (after the commit) before the job is retried,
 * and a retry waits for a pass that no longer sees it, so a job never has two sessions at once.
 *
 * <p>One bad job never stops the pass for the others: an exception while handling one job is caught there, the job
 * gets a {@link dev.lifeline.event.Notice.JobFailedToHandle} (and, where a decision is possible, a FAILED with a
 * reason: a verification that throws is a REJECT with the exception's sentence, a launch that throws is LOST with
 * LAUNCH_FAILED), and the pass goes on. A stored row that cannot be decoded is skipped with a
 * {@link dev.lifeline.event.Notice.RowUnreadable}. Each pass records how it ended with the lease
 * ({@link dev.lifeline.spi.LeaseStore#recordPass}: whole, or one sentence naming what it could not handle), so
 * {@code health} can tell a supervisor whose passes keep failing.
 *
 * <p>Listeners are registered in one place, on the {@link Lifecycle} ({@link Lifecycle.Builder#listener}): each one
 * receives every transition exactly once (the lifecycle tells it, whoever made the transition) and every notice of
 * every supervisor over that lifecycle. A supervisor has no listeners of its own.
 *
 * <p>Build one with {@link #builder()}. The built object is thread-safe: passes never overlap, {@link #close()} may be
 * called from any thread (a shutdown hook), and {@link #isIdle()} only reads the store.
 */
public interface Supervisor extends AutoCloseable {

  /**
   * A new builder; {@link Builder#lifecycle} and {@link Builder#runtime} are required.
   *
   * @return a new builder with the defaults
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Runs one pass and returns what it did. Takes no lease: callers that own their loop must make sure only one
   * supervisor works on a store (or use {@link #run()}).
   *
   * <p>A job that cannot be handled does not stop the pass (see the class comment); {@link PassReport#problem()}
   * names what could not be handled, and the pass is recorded with the lease either way.
   *
   * @return the pass's actions, notices and how the runtime answered
   * @throws IllegalStateException after {@link #close()}
   * @throws StoreException when the store cannot be reached at all (busy, locked, gone); the pass stops where it
   *     was, everything committed stays valid, and the stop is recorded with the lease
   */
  PassReport tick();

  /**
   * What one pass would do now, writing, starting and stopping nothing, and notifying no listener. It is the same
   * pass code as {@link #tick()}, run against a store that records writes instead of making them and a runtime that
   * records starts and stops instead of doing them, on a copy of this supervisor's memory; so it cannot drift from
   * what a tick does. Verifiers are not run: a job whose verification would start shows a {@code VERIFY} action,
   * and a verification already running is concluded only if its verdict is in; a launch is planned as if it will
   * succeed.
   *
   * @return what a tick now would do, as its report
   * @throws IllegalStateException when the lifecycle was not built by {@link Lifecycle#builder()}
   */
  PassReport plan();

  /**
   * Takes the store's lease, then loops: a pass, a heartbeat, a wait for a runtime change or the poll interval;
   * until {@link #close()} is called or the thread is interrupted. Releases the lease on the way out and leaves the
   * sessions running. A failing pass is reported as {@link dev.lifeline.event.Notice.PassFailed} and the loop goes on.
   *
   * @throws LeaseHeldException when another live supervisor holds the lease, at the start or (taken over while this
   *     one stalled past the staleness) at a heartbeat
   * @throws IllegalStateException when already running or closed
   */
  void run();

  /**
   * Takes the lease, runs one pass, releases the lease; like {@link #run()} otherwise.
   *
   * @return the pass's report
   * @throws LeaseHeldException when another live supervisor holds the lease
   */
  PassReport runOnce();

  /** Like {@link #run()}, but returns as soon as a pass leaves the store {@link #isIdle() idle}. */
  void runUntilIdle();

  /**
   * Like {@link #runUntilIdle()}, but gives up when {@code timeout} (wall-clock time) has passed: the pass in progress
   * finishes, the lease is released and {@code false} is returned; a timeout is an answer, not an error.
   *
   * @param timeout the longest this may take, in wall-clock time
   * @param idle what counts as idle: {@link Idle#OPERATOR_WAITS_ONLY} also returns while jobs wait for an operator's
   *     approval
   * @return {@code true} when a pass left the store idle, {@code false} when the timeout passed first
   * @throws LeaseHeldException as {@link #run()}
   * @throws IllegalStateException when already running or closed
   */
  boolean runUntilIdle(Duration timeout, Idle idle);

  /**
   * {@link #runUntilIdle(Duration, Idle)} with {@link Idle#NOTHING_ACTIVE}.
   *
   * @param timeout the longest this may take, in wall-clock time
   * @return {@code true} when a pass left the store idle, {@code false} when the timeout passed first
   */
  default boolean runUntilIdle(Duration timeout) {
    return runUntilIdle(timeout, Idle.NOTHING_ACTIVE);
  }

  /**
   * Stops {@link #run()}: the current pass finishes, the lease is released, sessions keep running, running
   * verifiers are interrupted. Waits up to the lease staleness for the loop to end. Idempotent.
   */
  @Override
  void close();

  /**
   * True when nothing is QUEUED, PROCESSING or VERIFICATION and no FAILED job waits for a RETRY. Reads only.
   *
   * @return whether there is nothing left for a pass to do
   */
  boolean isIdle();

  /**
   * True when the store is drained ({@link dev.lifeline.spi.ControlStore#draining()}) and this supervisor's work has
   * ended: nothing PROCESSING, and nothing in VERIFICATION but jobs waiting for an operator. {@link #run()} and
   * {@link #runUntilIdle()} return then, so a drained supervisor exits once its running work is done. Reads only.
   *
   * @return whether a drain has run its course
   */
  boolean isDrained();

  /**
   * The report of the latest pass (not plan), if one ran.
   *
   * @return the latest report, or empty before the first pass
   */
  Optional<PassReport> lastPass();

  /**
   * Who this supervisor is in the store's lease: {@code host:pid}.
   *
   * @return the lease holder's name
   */
  String holder();

  /** Mutable builder for {@link Supervisor}; not thread-safe. */
  final class Builder {
    private Lifecycle lifecycle;
    private SessionRuntime runtime;
    private int maxConcurrent = 4;
    private Duration pollInterval = Duration.ofSeconds(2);
    private int lostAfter = 2;
    private Duration startGrace = Duration.ofSeconds(5);
    private OrphanPolicy orphanPolicy = OrphanPolicy.REPORT;
    private Duration orphanGrace = Duration.ofMinutes(5);
    private Duration verifierTimeout = Duration.ofMinutes(5);
    private Duration leaseStaleAfter = Duration.ofSeconds(30);
    private Executor verifierExecutor;
    private dev.lifeline.spi.HookSender hookSender;
    private Executor hookExecutor;
    private Duration hookCommandTimeout = Duration.ofSeconds(30);
    private Duration hookWebhookTimeout = Duration.ofSeconds(10);
    private dev.lifeline.spi.HookSender.WebhookBody webhookBody =
        dev.lifeline.internal.supervisor.StandardHookSender::defaultBody;
    private int hookTries = 8;
    private Backoff hookBackoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(5));
    private String host;
    private long pid = ProcessHandle.current().pid();

    private Builder() {}

    /**
     * The lifecycle whose jobs are supervised (required); its clock is the supervisor's only clock.
     *
     * @param lifecycle the lifecycle to supervise
     * @return this builder
     */
    public Builder lifecycle(Lifecycle lifecycle) {
      this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
      return this;
    }

    /**
     * Where the jobs run (required).
     *
     * @param runtime the session runtime
     * @return this builder
     */
    public Builder runtime(SessionRuntime runtime) {
      this.runtime = Objects.requireNonNull(runtime, "runtime");
      return this;
    }

    /**
     * How many jobs may be PROCESSING at once (default 4).
     *
     * @param maxConcurrent the limit (at least 1)
     * @return this builder
     */
    public Builder maxConcurrent(int maxConcurrent) {
      this.maxConcurrent = atLeastOne(maxConcurrent, "maxConcurrent");
      return this;
    }

    /**
     * The backstop between passes of {@link #run()} when no runtime change wakes it (default 2 s).
     *
     * @param pollInterval the interval (positive)
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * How many consecutive DEAD observations make a session LOST (default 2).
     *
     * @param observations the count (at least 1)
     * @return this builder
     */
    public Builder lostAfter(int observations) {
      this.lostAfter = atLeastOne(observations, "lostAfter");
      return this;
    }

    /**
     * How long after START a session that is not seen is not yet counted as DEAD (default 5 s).
     *
     * @param startGrace the grace (not negative)
     * @return this builder
     */
    public Builder startGrace(Duration startGrace) {
      this.startGrace = notNegative(startGrace, "startGrace");
      return this;
    }

    /**
     * What to do with orphan sessions (default {@link OrphanPolicy#REPORT}).
     *
     * @param orphanPolicy report or kill
     * @return this builder
     */
    public Builder orphanPolicy(OrphanPolicy orphanPolicy) {
      this.orphanPolicy = Objects.requireNonNull(orphanPolicy, "orphanPolicy");
      return this;
    }

    /**
     * How long an orphan is seen before {@link OrphanPolicy#KILL} stops it (default 5 minutes).
     *
     * @param orphanGrace the grace (not negative)
     * @return this builder
     */
    public Builder orphanGrace(Duration orphanGrace) {
      this.orphanGrace = notNegative(orphanGrace, "orphanGrace");
      return this;
    }

    /**
     * How long a verifier other than a command may take before it counts as failed (default 5 minutes); a command
     * verifier has its own timeout in its {@link VerifierSpec.Command}.
     *
     * @param verifierTimeout the timeout (positive)
     * @return this builder
     */
    public Builder verifierTimeout(Duration verifierTimeout) {
      this.verifierTimeout = positive(verifierTimeout, "verifierTimeout");
      return this;
    }

    /**
     * After how long without a heartbeat another supervisor may take the lease over (default 30 s).
     *
     * @param leaseStaleAfter the staleness (longer than the poll interval)
     * @return this builder
     */
    public Builder leaseStaleAfter(Duration leaseStaleAfter) {
      this.leaseStaleAfter = positive(leaseStaleAfter, "leaseStaleAfter");
      return this;
    }

    /**
     * Where verifiers run (default: a pool of daemon threads owned and shut down by the supervisor). A given
     * executor is not shut down by {@link Supervisor#close()}; a same-thread executor makes verification synchronous,
     * which tests use.
     *
     * @param executor where verifier tasks run
     * @return this builder
     */
    public Builder verifierExecutor(Executor executor) {
      this.verifierExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * What tries each notification. The default, the standard sender: a {@link dev.lifeline.HookTarget.Command} runs
     * without a shell, argv exactly as given, in the job's working directory (the supervisor's when the job has none,
     * or it is gone), with the supervisor's environment plus {@link dev.lifeline.spi.HookSender#environment}, no
     * input and its output discarded: exit 0 delivers; another exit, or running longer than the command timeout
     * ({@link #hookTimeouts}; then it and its children are killed), fails the try. A
     * {@link dev.lifeline.HookTarget.Webhook} is one POST of the {@link #webhookBody} ({@code application/json})
     * with the header {@code X-Lifeline-Delivery: <id>}, redirects not followed: a 2xx answer within the webhook
     * timeout delivers. Giving a sender here replaces the standard one (and makes {@link #hookTimeouts} and
     * {@link #webhookBody} moot).
     *
     * @param sender the sender; it must be thread-safe
     * @return this builder
     */
    public Builder hookSender(dev.lifeline.spi.HookSender sender) {
      this.hookSender = Objects.requireNonNull(sender, "sender");
      return this;
    }

    /**
     * The standard sender's limits (default 30 s for a command, 10 s for a webhook to connect and to answer).
     *
     * @param command the longest a hook command may run
     * @param webhook the longest a webhook may take to connect, and to answer
     * @return this builder
     * @throws IllegalArgumentException when either is not positive
     */
    public Builder hookTimeouts(Duration command, Duration webhook) {
      this.hookCommandTimeout = positive(command, "the hook command timeout");
      this.hookWebhookTimeout = positive(webhook, "the webhook timeout");
      return this;
    }

    /**
     * What the standard sender POSTs to a webhook (default {@code {"delivery":{...},"job":{...}}} with the
     * delivery's fields and the job's id, name, group, state, attempt, exit code and failure).
     *
     * @param body the body for a delivery and the job as stored now; it must be thread-safe
     * @return this builder
     */
    public Builder webhookBody(dev.lifeline.spi.HookSender.WebhookBody body) {
      this.webhookBody = Objects.requireNonNull(body, "body");
      return this;
    }


    /**
     * Where notifications are tried (default: a pool of {@value
     * dev.lifeline.internal.supervisor.SupervisorSettings#HOOKS_IN_FLIGHT} daemon threads owned by the supervisor).
     * At most that many are tried at once whatever the executor; a given executor is not shut down by
     * {@link Supervisor#close()}; a same-thread executor makes delivery synchronous, which tests use.
     *
     * @param executor where delivery tasks run
     * @return this builder
     */
    public Builder hookExecutor(Executor executor) {
      this.hookExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * How often a notification is tried before it is given up (parked as FAILED, counted by health), and the wait
     * before each next try (default: 8 tries, 1 s doubling to at most 5 min: given up about 2 minutes after the
     * first failure).
     *
     * @param tries the most tries, 1 to 1000
     * @param backoff the wait before try {@code n + 1} is {@code backoff.delay(n)}
     * @return this builder
     */
    public Builder hookRetries(int tries, Backoff backoff) {
      if (tries < 1 || tries > 1000) {
        throw new IllegalArgumentException("hook tries must be between 1 and 1000, got " + tries);
      }
      this.hookTries = tries;
      this.hookBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Who this supervisor is in the lease (default: this host's name and this process's pid). Give each supervisor
     * its own when several share one JVM.
     *
     * @param host the host name (not blank)
     * @param pid the process id (positive)
     * @return this builder
     */
    public Builder holder(String host, long pid) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank() || pid < 1) {
        throw new IllegalArgumentException("a lease holder needs a host name and a positive pid");
      }
      this.host = host;
      this.pid = pid;
      return this;
    }

    /**
     * Builds the supervisor; it does nothing until {@link Supervisor#tick()} or {@link Supervisor#run()}.
     *
     * @return a thread-safe supervisor
     * @throws IllegalStateException when the lifecycle or the runtime is missing
     * @throws IllegalArgumentException when the lease staleness is not longer than the poll interval
     */
    public Supervisor build() {
      if (lifecycle == null || runtime == null) {
        throw new IllegalStateException("a Supervisor needs a lifecycle and a runtime: call lifecycle(...) and "
            + "runtime(...) before build()");
      }
      if (leaseStaleAfter.compareTo(pollInterval) <= 0) {
        throw new IllegalArgumentException("leaseStaleAfter (" + leaseStaleAfter + ") must be longer than the poll "
            + "interval (" + pollInterval + "), or a healthy supervisor would look stale");
      }
      String h = host != null ? host : defaultHost();
      return new DefaultSupervisor(new SupervisorSettings(lifecycle, runtime, maxConcurrent, pollInterval, lostAfter,
          startGrace, orphanPolicy, orphanGrace, verifierTimeout, leaseStaleAfter,
          verifierExecutor, h, pid, hookSender != null ? hookSender
              : new dev.lifeline.internal.supervisor.StandardHookSender(hookCommandTimeout, hookWebhookTimeout,
                  webhookBody),
          hookExecutor, hookTries, hookBackoff));
    }

    private static String defaultHost() {
      String actor = Lifecycle.Builder.defaultActor();
      return actor.substring(0, actor.lastIndexOf(':'));
    }

    private static int atLeastOne(int v, String what) {
      if (v < 1) {
        throw new IllegalArgumentException(what + " must be at least 1, got " + v);
      }
      return v;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }

    private static Duration notNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative, got " + d);
      }
      return d;
    }
  }
}
