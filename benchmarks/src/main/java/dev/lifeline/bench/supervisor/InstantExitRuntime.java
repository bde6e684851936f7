package dev.lifeline.bench.supervisor;

import dev.lifeline.Job;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.spi.SessionStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A runtime whose sessions have exited with code 0 by the first observation after their start, and are gone after
 * the second (as an ended tmux session is): the supervisor's own cost per job, with no process behind it.
 * Thread-safe.
 */
final class InstantExitRuntime implements SessionRuntime {

  /** Each started session and how many observations have reported it. */
  private final Map<SessionHandle, Integer> sessions = new LinkedHashMap<>();

  @Override
  public synchronized SessionHandle start(Job job) {
    SessionHandle h = new SessionHandle(job.id(), job.attempt(), job.session());
    sessions.put(h, 0);
    return h;
  }

  @Override
  public synchronized Observation observeAll() {
    Map<SessionHandle, SessionStatus> seen = new HashMap<>();
    for (Iterator<Map.Entry<SessionHandle, Integer>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<SessionHandle, Integer> e = it.next();
      seen.put(e.getKey(), SessionStatus.exited(0));
      if (e.getValue() >= 1) {
        it.remove();
      } else {
        e.setValue(1);
      }
    }
    return Observation.ok(Instant.now(), seen);
  }

  @Override
  public synchronized void stop(SessionHandle handle) {
    sessions.remove(handle);
  }
}
