package dev.lifeline.testing;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.spi.LaunchException;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.spi.SessionStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link SessionRuntime} whose sessions a test controls: end one with an exit code ({@link #exit}), make one
 * vanish without a trace ({@link #vanish}), make the whole runtime UNKNOWN ({@link #breakRuntime}), refuse launches
 * ({@link #failLaunches}), or start sessions that stay invisible for a while ({@link #startInvisibly}). Records
 * every start and stop for assertions. Passes {@code SessionRuntimeContract}. Thread-safe.
 */
public final class FakeSessionRuntime implements SessionRuntime {

  private final Clock clock;
  private final Map<SessionHandle, SessionStatus> sessions = new LinkedHashMap<>();
  private final Map<SessionHandle, Integer> exitFiles = new HashMap<>();
  private final Set<SessionHandle> invisible = new HashSet<>();
  private final List<SessionHandle> started = new ArrayList<>();
  private final List<SessionHandle> stopped = new ArrayList<>();
  private String unknownReason;
  private String launchFailure;
  private boolean startInvisibly;

  /**
   * A runtime with no sessions, whose handles and observations are stamped by {@code clock}.
   *
   * @param clock the test's clock (usually the harness's {@link MutableClock})
   */
  public FakeSessionRuntime(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized SessionHandle start(Job job) throws LaunchException {
    if (job.attempt() < 1 || job.session() == null) {
      throw new LaunchException("job " + job.id() + " has not been started by the lifecycle (no attempt/session)");
    }
    SessionHandle h = new SessionHandle(job.id(), job.attempt(), job.session());
    if (launchFailure != null) {
      throw new LaunchException(launchFailure);
    }
    if (started.contains(h)) {
      throw new LaunchException("job " + job.id() + " attempt " + job.attempt() + " was already started");
    }
    started.add(h);
    sessions.put(h, SessionStatus.ALIVE);
    if (startInvisibly) {
      invisible.add(h);
    }
    return h;
  }

  @Override
  public synchronized Observation observeAll() {
    if (unknownReason != null) {
      return Observation.unknown(clock.instant(), unknownReason);
    }
    Map<SessionHandle, SessionStatus> seen = new LinkedHashMap<>();
    sessions.forEach((h, s) -> {
      if (!invisible.contains(h)) {
        seen.put(h, s);
      }
    });
    exitFiles.forEach((h, code) -> seen.put(h, SessionStatus.exited(code)));
    return Observation.ok(clock.instant(), seen);
  }

  @Override
  public synchronized void stop(SessionHandle handle) {
    stopped.add(handle);
    sessions.remove(handle);
    invisible.remove(handle);
  }

  // ---- what a test does -------------------------------------------------------------------------------------

  /**
   * The job's current session's command exits with {@code code}: the exit file is written, the session closes.
   *
   * @param id the job
   * @param code the exit code
   * @throws IllegalStateException when the job has no session
   */
  public synchronized void exit(JobId id, int code) {
    SessionHandle h = current(id).orElseThrow(() -> new IllegalStateException("job " + id + " has no session"));
    sessions.remove(h);
    invisible.remove(h);
    exitFiles.put(h, code);
  }

  /**
   * The job's current session disappears without an exit code (killed, crashed, server gone).
   *
   * @param id the job
   * @throws IllegalStateException when the job has no session
   */
  public synchronized void vanish(JobId id) {
    SessionHandle h = current(id).orElseThrow(() -> new IllegalStateException("job " + id + " has no session"));
    sessions.remove(h);
    invisible.remove(h);
  }

  /** Every session disappears without an exit code, as when the server is killed. */
  public synchronized void killServer() {
    sessions.clear();
    invisible.clear();
  }

  /**
   * Makes every later observation UNKNOWN with {@code reason} (tmux missing, timing out, erroring).
   *
   * @param reason why the runtime cannot answer
   */
  public synchronized void breakRuntime(String reason) {
    this.unknownReason = reason;
  }

  /** Observations answer again after {@link #breakRuntime}. */
  public synchronized void repairRuntime() {
    this.unknownReason = null;
  }

  /**
   * Makes every later {@link #start} fail with {@code reason}; {@code null} to launch normally again.
   *
   * @param reason the launch failure, or {@code null}
   */
  public synchronized void failLaunches(String reason) {
    this.launchFailure = reason;
  }

  /**
   * Sessions started from now on are not visible until {@link #reveal}.
   *
   * @param on whether new sessions start invisible
   */
  public synchronized void startInvisibly(boolean on) {
    this.startInvisibly = on;
  }

  /**
   * Makes the job's invisible sessions visible to observations.
   *
   * @param id the job
   */
  public synchronized void reveal(JobId id) {
    invisible.removeIf(h -> h.jobId().equals(id));
  }

  /**
   * Adds a session tagged as ours for {@code id}/{@code attempt} that no supervisor started (an orphan).
   *
   * @param id the job the tag names
   * @param attempt the attempt the tag names
   * @param name the session's name
   * @return the session's handle
   */
  public synchronized SessionHandle addForeignTaggedSession(JobId id, int attempt, String name) {
    SessionHandle h = new SessionHandle(id, attempt, name);
    sessions.put(h, SessionStatus.ALIVE);
    return h;
  }

  // ---- what a test asserts ----------------------------------------------------------------------------------

  /**
   * Every session ever started, in order.
   *
   * @return the handles of the starts
   */
  public synchronized List<SessionHandle> started() {
    return List.copyOf(started);
  }

  /**
   * Every stop request, in order.
   *
   * @return the handles asked to stop
   */
  public synchronized List<SessionHandle> stopped() {
    return List.copyOf(stopped);
  }

  /**
   * Sessions currently running (visible or not).
   *
   * @return their handles
   */
  public synchronized Set<SessionHandle> running() {
    return Set.copyOf(sessions.keySet());
  }

  /**
   * Whether any session of the job is running (visible or not).
   *
   * @param id the job
   * @return true when one runs
   */
  public synchronized boolean isRunning(JobId id) {
    return sessions.keySet().stream().anyMatch(h -> h.jobId().equals(id));
  }

  private Optional<SessionHandle> current(JobId id) {
    return sessions.keySet().stream().filter(h -> h.jobId().equals(id))
        .max((a, b) -> Integer.compare(a.attempt(), b.attempt()));
  }

  @Override
  public boolean awaitChange(Duration timeout) {
    return false;
  }
}
