package dev.lifeline.internal.supervisor;

import dev.lifeline.Backoff;
import dev.lifeline.Delivery;
import dev.lifeline.Job;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.HookSender;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.OutboxStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Delivers the outbox after each pass: the due deliveries go to the hook pool (at most {@code maxInFlight} at once,
 * so a slow hook never holds up the pass, and never is tried twice at the same time by this supervisor); each try's
 * outcome is recorded in the store, DELIVERED, PENDING again after {@link Backoff} or FAILED after the last allowed
 * try. What is in flight when the supervisor dies stays PENDING and is delivered again: at least once. Thread-safe.
 */
final class Courier {

  private final JobStore store;
  private final OutboxStore outbox;
  private final HookSender sender;
  private final Executor executor;
  private final int maxInFlight;
  private final int maxTries;
  private final Backoff backoff;
  private final Clock clock;
  private final Listeners listeners;
  private final Runnable wake;
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

  Courier(JobStore store, HookSender sender, Executor executor, int maxInFlight, int maxTries, Backoff backoff,
      Clock clock, Listeners listeners, Runnable wake) {
    this.store = store;
    this.outbox = store.outbox();
    this.sender = sender;
    this.executor = executor;
    this.maxInFlight = maxInFlight;
    this.maxTries = maxTries;
    this.backoff = backoff;
    this.clock = clock;
    this.listeners = listeners;
    this.wake = wake;
  }

  /**
   * Hands the due deliveries that are not in flight to the pool; on the supervisor's thread, after a pass.
   *
   * @return when the next delivery that waits for a retry is due, if any
   */
  Optional<Instant> dispatch(Instant now) {
    if (!outbox.keepsHooks()) {
      return Optional.empty();
    }
    int room = maxInFlight - inFlight.size();
    if (room > 0) {
      List<Delivery> due = outbox.due(now, room + inFlight.size());
      for (Delivery d : due) {
        if (inFlight.size() >= maxInFlight) {
          break;
        }
        if (inFlight.add(d.id())) {
          try {
            executor.execute(() -> deliver(d));
          } catch (RejectedExecutionException closing) {
            inFlight.remove(d.id());
            break;
          }
        }
      }
    }
    return outbox.nextDueAfter(now);
  }

  /** Whether nothing is in flight and nothing is due at {@code now}. */
  boolean quiet(Instant now) {
    return inFlight.isEmpty() && (!outbox.keepsHooks() || outbox.due(now, 1).isEmpty());
  }

  /** One try of {@code d}, on the pool. */
  private void deliver(Delivery d) {
    try {
      Optional<Job> job;
      try {
        job = store.find(d.jobId());
      } catch (RuntimeException unreadable) {
        job = Optional.empty();
      }
      String error = null;
      try {
        sender.send(d, job);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // the supervisor is closing: the delivery stays PENDING for the next one
      } catch (Exception e) {
        error = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : PassContext.sentence(e);
      }
      Instant at = clock.instant();
      Delivery tried;
      if (error == null) {
        tried = d.tried(Delivery.Status.DELIVERED, at, at, null);
      } else if (d.tries() + 1 >= maxTries) {
        tried = d.tried(Delivery.Status.FAILED, at, at, error);
      } else {
        tried = d.tried(Delivery.Status.PENDING, at, at.plus(backoff.delay(d.tries() + 1)), error);
      }
      try {
        outbox.record(tried);
      } catch (RuntimeException e) {
        listeners.notice(new Notice.PassFailed(at, "recording notification " + d.id() + " failed: "
            + PassContext.sentence(e)));
      }
      if (error != null) {
        listeners.notice(new Notice.DeliveryFailed(at, d.id(), d.jobId(), tried.tries(),
            tried.status() == Delivery.Status.FAILED, error));
      }
    } finally {
      inFlight.remove(d.id());
      wake.run();
    }
  }
}
