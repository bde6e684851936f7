package dev.lifeline.internal.supervisor;

import dev.lifeline.Job;
import dev.lifeline.spi.LaunchException;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.spi.SessionStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link SessionRuntime} for {@code Supervisor.plan()}: observes through the real runtime, and records starts and
 * stops without doing them. Later observations show what was recorded (a started session ALIVE, a stopped one
 * gone), so it keeps the runtime contract over its own record. Thread-safe; meant to live for one plan.
 */
final class PlanningRuntime implements SessionRuntime {

  private final SessionRuntime real;
  private final Clock clock;
  private final Map<SessionHandle, Job> started = new LinkedHashMap<>();
  private final Set<SessionHandle> everStarted = new HashSet<>();
  private final List<SessionHandle> stopped = new ArrayList<>();

  PlanningRuntime(SessionRuntime real, Clock clock) {
    this.real = real;
    this.clock = clock;
  }

  @Override
  public synchronized SessionHandle start(Job job) throws LaunchException {
    if (job.attempt() < 1 || job.session() == null) {
      throw new LaunchException("job " + job.id() + " has not been started by the lifecycle (no attempt/session)");
    }
    SessionHandle h = new SessionHandle(job.id(), job.attempt(), job.session());
    if (!everStarted.add(h)) {
      throw new LaunchException("job " + job.id() + " attempt " + job.attempt() + " was already started");
    }
    started.put(h, job);
    return h;
  }

  @Override
  public synchronized Observation observeAll() {
    Observation seen = real.observeAll();
    if (seen == null || !seen.healthy()) {
      return seen;
    }
    Map<SessionHandle, SessionStatus> sessions = new LinkedHashMap<>(seen.sessions());
    stopped.forEach(h -> {
      if (sessions.containsKey(h) && sessions.get(h).liveness() == SessionStatus.Liveness.ALIVE) {
        sessions.remove(h);
      }
    });
    started.keySet().forEach(h -> sessions.putIfAbsent(h, SessionStatus.ALIVE));
    return Observation.ok(seen.at() != null ? seen.at() : clock.instant(), sessions);
  }

  @Override
  public synchronized void stop(SessionHandle handle) {
    stopped.add(handle);
    started.remove(handle);
  }

  /** The sessions this plan would start, in order. */
  synchronized List<SessionHandle> recordedStarts() {
    return List.copyOf(started.keySet());
  }

  /** The sessions this plan would stop, in order. */
  synchronized List<SessionHandle> recordedStops() {
    return List.copyOf(stopped);
  }

  /** The real runtime's wake-ups are not this plan's to consume. */
  @Override
  public boolean awaitChange(java.time.Duration timeout) {
    return false;
  }

  /** Closes nothing: the real runtime belongs to whoever opened it. */
  @Override
  public void close() {}
}
