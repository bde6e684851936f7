package dev.lifeline.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.SessionNames;
import dev.lifeline.spi.SessionStatus.Liveness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SessionRuntime} must pass (see the {@link SessionRuntime} javadoc), written so that it
 * runs against an in-process fake and against a real runtime alike. Subclass it and implement the hooks:
 *
 * <ul>
 *   <li>{@link #newRuntime()}: a fresh runtime with no sessions (a real one on a private socket);
 *   <li>{@link #specExiting(int)}: a command that exits with that code by itself (e.g. {@code sh -c 'exit 7'});
 *   <li>{@link #specRunningUntilStopped()}: a command that runs until stopped (e.g. {@code sleep 600});
 *   <li>{@link #vanish(SessionRuntime, SessionHandle)}: kill the session from outside, leaving no exit code;
 *   <li>optionally {@link #endsByItself(SessionRuntime, SessionHandle, int)}: make a {@link #specExiting(int)}
 *       session end, for runtimes whose commands do not run by themselves (a fake); real runtimes keep the no-op;
 *   <li>optionally {@link #observationDeadline()}: how long to poll a real runtime for an expected status.
 * </ul>
 *
 * <p>Each test stops every session it started, and the runtime is closed after each test. Not thread-safe (JUnit
 * creates one instance per test).
 */
public abstract class SessionRuntimeContract {

  private static final AtomicLong NEXT_ID = new AtomicLong(1000);

  /** The runtime under test, made by {@link #newRuntime()} before each test. */
  protected SessionRuntime runtime;

  private final List<SessionHandle> toStop = new ArrayList<>();

  /** A fresh runtime that owns no sessions yet; closed by the suite after each test. */
  protected abstract SessionRuntime newRuntime();

  /** A job whose command exits with {@code code} by itself, soon after it starts. */
  protected abstract JobSpec specExiting(int code);

  /** A job whose command keeps running until it is stopped (minutes at least). */
  protected abstract JobSpec specRunningUntilStopped();

  /** Ends the session from outside without an exit code being recorded (killed, crashed). */
  protected abstract void vanish(SessionRuntime runtime, SessionHandle handle);

  /**
   * Lets a session started from {@link #specExiting(int)} end with {@code code}. A real runtime's command ends by
   * itself, so the default does nothing; a fake runtime ends it here.
   */
  protected void endsByItself(SessionRuntime runtime, SessionHandle handle, int code) {}

  /** How long {@link #awaitStatus} polls before giving up; 15 s by default. */
  protected Duration observationDeadline() {
    return Duration.ofSeconds(15);
  }

  @BeforeEach
  void openRuntime() {
    runtime = newRuntime();
  }

  @AfterEach
  void stopSessionsAndCloseRuntime() {
    try {
      for (SessionHandle h : toStop) {
        try {
          runtime.stop(h);
        } catch (RuntimeException ignored) {
          // cleaning up; the test itself already asserted what it needed
        }
      }
    } finally {
      runtime.close();
    }
  }

  // ---- tests --------------------------------------------------------------------------------------------------

  @Test
  void startReturnsTheHandleOfTheJobsAttemptAndSession() {
    Job job = processing(specRunningUntilStopped(), 1);

    SessionHandle h = start(job);

    assertThat(h.jobId()).isEqualTo(job.id());
    assertThat(h.attempt()).isEqualTo(1);
    assertThat(h.name()).isEqualTo(job.session());
  }

  @Test
  void aStartedSessionIsAlive() {
    SessionHandle h = start(processing(specRunningUntilStopped(), 1));

    Observation seen = awaitStatus(runtime, h, s -> s.liveness() == Liveness.ALIVE, observationDeadline());

    assertThat(seen.healthy()).isTrue();
    assertThat(seen.statusOf(h)).isEqualTo(SessionStatus.ALIVE);
  }

  @Test
  void aCommandExitingZeroIsExitedWithCodeZero() {
    assertExitsWith(0);
  }

  @Test
  void aCommandExitingSevenIsExitedWithCodeSeven() {
    assertExitsWith(7);
  }

  @Test
  void aVanishedSessionIsDeadInAHealthyObservation() {
    SessionHandle h = start(processing(specRunningUntilStopped(), 1));
    awaitStatus(runtime, h, s -> s.liveness() == Liveness.ALIVE, observationDeadline());

    vanish(runtime, h);
    Observation seen = awaitStatus(runtime, h, s -> s.liveness() != Liveness.ALIVE, observationDeadline());

    assertThat(seen.healthy()).isTrue();
    assertThat(seen.statusOf(h)).isEqualTo(SessionStatus.DEAD);
  }

  @Test
  void stopEndsTheSession() {
    SessionHandle h = start(processing(specRunningUntilStopped(), 1));
    awaitStatus(runtime, h, s -> s.liveness() == Liveness.ALIVE, observationDeadline());

    runtime.stop(h);
    Observation seen = awaitStatus(runtime, h, s -> s.liveness() != Liveness.ALIVE, observationDeadline());

    assertThat(seen.healthy()).isTrue();
    assertThat(seen.statusOf(h).liveness()).isNotEqualTo(Liveness.ALIVE);
  }

  @Test
  void stopEndsOnlyThatSession() {
    SessionHandle stopped = start(processing(specRunningUntilStopped(), 1));
    SessionHandle kept = start(processing(specRunningUntilStopped(), 1));
    awaitStatus(runtime, kept, s -> s.liveness() == Liveness.ALIVE, observationDeadline());

    runtime.stop(stopped);
    Observation seen = awaitStatus(runtime, stopped, s -> s.liveness() != Liveness.ALIVE, observationDeadline());

    assertThat(seen.statusOf(kept)).isEqualTo(SessionStatus.ALIVE);
  }

  @Test
  void stoppingAGoneSessionIsNotAnError() {
    SessionHandle h = start(processing(specRunningUntilStopped(), 1));
    runtime.stop(h);
    awaitStatus(runtime, h, s -> s.liveness() != Liveness.ALIVE, observationDeadline());

    assertThatCode(() -> runtime.stop(h)).doesNotThrowAnyException();
  }

  @Test
  void stoppingASessionThatNeverExistedIsNotAnError() {
    JobId id = JobId.of(NEXT_ID.incrementAndGet());
    SessionHandle never = new SessionHandle(id, 1, SessionNames.of(id, "never-started", 1));

    assertThatCode(() -> runtime.stop(never)).doesNotThrowAnyException();
  }

  @Test
  void startingTheSameAttemptTwiceIsRefusedAndStartsNoSecondSession() {
    Job job = processing(specRunningUntilStopped(), 1);
    SessionHandle first = start(job);
    awaitStatus(runtime, first, s -> s.liveness() == Liveness.ALIVE, observationDeadline());

    assertThatThrownBy(() -> toStop.add(runtime.start(job))).isInstanceOf(LaunchException.class);

    Observation seen = runtime.observeAll();
    assertThat(seen.healthy()).isTrue();
    assertThat(seen.statusOf(first)).isEqualTo(SessionStatus.ALIVE);
    assertThat(seen.sessions().keySet())
        .filteredOn(h -> h.jobId().equals(job.id()) && h.attempt() == job.attempt())
        .hasSize(1);
  }

  @Test
  void theNextAttemptOfTheSameJobStartsItsOwnSession() {
    Job first = processing(specRunningUntilStopped(), 1);
    SessionHandle h1 = start(first);
    Job second = attempt(first, 2);

    SessionHandle h2 = start(second);

    assertThat(h2).isNotEqualTo(h1);
    assertThat(h2.attempt()).isEqualTo(2);
    awaitStatus(runtime, h2, s -> s.liveness() == Liveness.ALIVE, observationDeadline());
    Observation seen = awaitStatus(runtime, h1, s -> s.liveness() == Liveness.ALIVE, observationDeadline());
    assertThat(seen.statusOf(h2)).isEqualTo(SessionStatus.ALIVE);
  }

  @Test
  void oneObservationReportsSeveralSessionsAtOnce() {
    SessionHandle running1 = start(processing(specRunningUntilStopped(), 1));
    SessionHandle running2 = start(processing(specRunningUntilStopped(), 1));
    SessionHandle exiting = start(processing(specExiting(3), 1));
    endsByItself(runtime, exiting, 3);
    awaitStatus(runtime, exiting, s -> s.liveness() == Liveness.EXITED, observationDeadline());
    awaitStatus(runtime, running1, s -> s.liveness() == Liveness.ALIVE, observationDeadline());
    awaitStatus(runtime, running2, s -> s.liveness() == Liveness.ALIVE, observationDeadline());

    Observation seen = runtime.observeAll();

    assertThat(seen.healthy()).isTrue();
    assertThat(seen.statusOf(running1)).isEqualTo(SessionStatus.ALIVE);
    assertThat(seen.statusOf(running2)).isEqualTo(SessionStatus.ALIVE);
    assertThat(seen.statusOf(exiting)).isEqualTo(SessionStatus.exited(3));
    assertThat(seen.sessions()).containsKeys(running1, running2, exiting);
  }

  @Test
  void anUnknownHandleIsDeadInAHealthyObservation() {
    SessionHandle h = start(processing(specRunningUntilStopped(), 1));
    awaitStatus(runtime, h, s -> s.liveness() == Liveness.ALIVE, observationDeadline());
    JobId id = JobId.of(NEXT_ID.incrementAndGet());
    SessionHandle unknown = new SessionHandle(id, 1, SessionNames.of(id, "never-started", 1));

    Observation seen = runtime.observeAll();

    assertThat(seen.healthy()).isTrue();
    assertThat(seen.statusOf(unknown)).isEqualTo(SessionStatus.DEAD);
    assertThat(seen.sessions()).doesNotContainKey(unknown);
  }

  @Test
  void startAllStartsEveryJobOfTheBatchWithItsOwnSession() {
    List<Job> jobs = List.of(processing(specRunningUntilStopped(), 1), processing(specRunningUntilStopped(), 1),
        processing(specExiting(5), 1), processing(specRunningUntilStopped(), 2));

    List<Launch> launches = startAll(jobs);

    assertThat(launches).extracting(Launch::job).containsExactlyElementsOf(jobs);
    assertThat(launches).allSatisfy(l -> {
      assertThat(l.launched()).as("job " + l.job().id() + ": " + l.failure()).isTrue();
      assertThat(l.handle()).isEqualTo(new SessionHandle(l.job().id(), l.job().attempt(), l.job().session()));
    });
    endsByItself(runtime, launches.get(2).handle(), 5);
    awaitStatus(runtime, launches.get(2).handle(), s -> s.liveness() == Liveness.EXITED, observationDeadline());
    for (int i : new int[] {0, 1, 3}) {
      awaitStatus(runtime, launches.get(i).handle(), s -> s.liveness() == Liveness.ALIVE, observationDeadline());
    }
    assertThat(runtime.observeAll().statusOf(launches.get(2).handle())).isEqualTo(SessionStatus.exited(5));
  }

  @Test
  void aJobOfABatchThatCannotStartFailsAloneAndTheOthersStart() {
    Job before = processing(specRunningUntilStopped(), 1);
    Job again = processing(specRunningUntilStopped(), 1);
    Job after = processing(specRunningUntilStopped(), 1);
    SessionHandle first = start(again);
    awaitStatus(runtime, first, s -> s.liveness() == Liveness.ALIVE, observationDeadline());

    List<Launch> launches = startAll(List.of(before, again, after));

    assertThat(launches.get(0).launched()).as("%s", launches.get(0).failure()).isTrue();
    assertThat(launches.get(1).launched()).isFalse();
    assertThat(launches.get(1).failure()).isInstanceOf(LaunchException.class);
    assertThat(launches.get(2).launched()).as("%s", launches.get(2).failure()).isTrue();
    awaitStatus(runtime, launches.get(0).handle(), s -> s.liveness() == Liveness.ALIVE, observationDeadline());
    Observation seen = awaitStatus(runtime, launches.get(2).handle(), s -> s.liveness() == Liveness.ALIVE,
        observationDeadline());
    assertThat(seen.statusOf(first)).isEqualTo(SessionStatus.ALIVE);
    assertThat(seen.sessions().keySet()).filteredOn(h -> h.jobId().equals(again.id())).hasSize(1);
  }

  @Test
  void anEmptyBatchStartsNothing() {
    assertThat(runtime.startAll(List.of())).isEmpty();
    assertThat(runtime.observeAll().sessions()).isEmpty();
  }

  @Test
  void aFreshRuntimeObservesHealthyWithNothingOfOurs() {
    JobId id = JobId.of(NEXT_ID.incrementAndGet());
    SessionHandle unknown = new SessionHandle(id, 1, SessionNames.of(id, "nothing", 1));

    Observation seen = runtime.observeAll();

    assertThat(seen.healthy()).isTrue();
    assertThat(seen.statusOf(unknown)).isEqualTo(SessionStatus.DEAD);
  }

  @Test
  void closeIsHarmlessAndIdempotent() {
    assertThatCode(() -> {
      runtime.close();
      runtime.close();
    }).doesNotThrowAnyException();
  }

  @Test
  void awaitChangeReturnsWithinItsTimeout() {
    assertThatCode(() -> runtime.awaitChange(Duration.ofMillis(10))).doesNotThrowAnyException();
  }

  // ---- helpers for subclasses ---------------------------------------------------------------------------------

  /**
   * Polls {@link SessionRuntime#observeAll()} until a healthy observation shows {@code handle} in a status matching
   * {@code expected}, or fails the test after {@code deadline}. A fake answers at the first look.
   *
   * @return the observation that matched
   */
  protected static Observation awaitStatus(SessionRuntime runtime, SessionHandle handle,
      Predicate<SessionStatus> expected, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    Observation last = runtime.observeAll();
    while (!(last.healthy() && expected.test(last.statusOf(handle)))) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("within " + deadline + " session " + handle.name() + " never reached the expected"
            + " status; last seen " + last.statusOf(handle)
            + (last.healthy() ? "" : " (runtime unknown: " + last.unknownReason() + ")"));
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + handle.name(), e);
      }
      last = runtime.observeAll();
    }
    return last;
  }

  /**
   * A PROCESSING snapshot of a new job (a fresh id per call) at {@code attempt}, named by
   * {@link SessionNames#of}, as the lifecycle hands it to {@link SessionRuntime#start}.
   */
  protected static Job processing(JobSpec spec, int attempt) {
    JobId id = JobId.of(NEXT_ID.incrementAndGet());
    Instant now = Instant.now();
    return Job.queued(id, spec, null, now).toBuilder().state(JobState.PROCESSING).attempt(attempt)
        .session(SessionNames.of(id, spec.name(), attempt)).owner("contract:1").startedAt(now).updatedAt(now)
        .version(2L * attempt - 1).build();
  }

  /** The same job moved to {@code attempt} (a retry), with that attempt's session name. */
  protected static Job attempt(Job job, int attempt) {
    return job.toBuilder().attempt(attempt).session(SessionNames.of(job.id(), job.name(), attempt))
        .version(job.version() + 2).build();
  }

  /** Starts {@code job} and remembers its handle so the suite stops it after the test. */
  protected SessionHandle start(Job job) {
    SessionHandle h = runtime.start(job);
    toStop.add(h);
    return h;
  }

  /** Starts {@code jobs} as one batch and remembers the handles so the suite stops them after the test. */
  protected List<Launch> startAll(List<Job> jobs) {
    List<Launch> launches = runtime.startAll(jobs);
    launches.stream().filter(Launch::launched).forEach(l -> toStop.add(l.handle()));
    return launches;
  }

  private void assertExitsWith(int code) {
    SessionHandle h = start(processing(specExiting(code), 1));

    endsByItself(runtime, h, code);
    Observation seen = awaitStatus(runtime, h, s -> s.liveness() == Liveness.EXITED, observationDeadline());

    assertThat(seen.statusOf(h)).isEqualTo(SessionStatus.exited(code));
  }
}
