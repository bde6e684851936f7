package dev.lifeline.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.EventContext;
import dev.lifeline.FailureReason;
import dev.lifeline.GuardRejectedException;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.examples.WorkingHoursGuardMain.WorkingHours;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.testing.LifecycleHarness;
import dev.lifeline.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * How a tool built on Lifeline tests itself with {@link LifecycleHarness}. The "tool" here is a job runner that only
 * starts jobs during working hours ({@link WorkingHours}). Every test reads as steps: submit, tick (one supervisor
 * pass), endSession or vanish (what the command does), advance (time), expectState. No threads, no sleeps, no tmux,
 * no files: the harness runs on an in-memory store, a fake session runtime and a clock that moves only when told.
 */
class WorkingHoursToolTest {

  private static final Instant MONDAY_0300 = Instant.parse("2026-01-05T03:00:00Z");
  private static final Instant MONDAY_1000 = Instant.parse("2026-01-05T10:00:00Z");

  /** The tool under test: a harness whose lifecycle has the working-hours guard on START. */
  private static LifecycleHarness tool(Instant now) {
    return LifecycleHarness.builder()
        .clock(new MutableClock(now))
        .lifecycle(l -> l.guard(JobEvent.START, "working-hours", WorkingHours.officeHours(ZoneOffset.UTC)))
        .build();
  }

  private static JobSpec report(int attempts) {
    return JobSpec.builder("sh", "-c", "make report").name("report").maxAttempts(attempts).build();
  }

  @Test
  void aJobSubmittedAtNightWaitsQueuedUntilTheOfficeOpens() {
    LifecycleHarness h = tool(MONDAY_0300);
    JobId id = h.submit(report(1)).id();

    h.tick();                                                  // 03:00: the guard refuses START
    h.expectState(id, JobState.QUEUED);
    assertThat(h.launches(id)).isEmpty();

    h.advance(Duration.ofHours(6));                            // 09:00: open
    h.tick();                                                  // START, then the session is launched
    h.expectState(id, JobState.PROCESSING);
    assertThat(h.launches(id)).hasSize(1);

    h.endSession(id, 0);                                       // the command exits 0
    h.tick();                                                  // EXITED → VERIFICATION → PASS
    h.expectState(id, JobState.COMPLETED);
    assertThat(h.events(id))
        .containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED, JobEvent.PASS);
  }

  @Test
  void startingByHandAtNightIsRefusedWithTheGuardsReason() {
    LifecycleHarness h = tool(MONDAY_0300);
    JobId id = h.submit(report(1)).id();

    assertThatThrownBy(() -> h.lifecycle().fire(id, JobEvent.START, EventContext.none()))
        .isInstanceOfSatisfying(GuardRejectedException.class, e -> {
          assertThat(e.guard()).isEqualTo("working-hours");
          assertThat(e.reason()).isEqualTo("it is 03:00; jobs start between 09:00 and 17:00");
        });
    h.expectState(id, JobState.QUEUED);
  }

  @Test
  void theOfficeIsClosedAtTheWeekend() {
    LifecycleHarness h = tool(Instant.parse("2026-01-03T10:00:00Z")); // a Saturday
    JobId id = h.submit(report(1)).id();

    h.tick();

    h.expectState(id, JobState.QUEUED);
    assertThatThrownBy(() -> h.lifecycle().fire(id, JobEvent.START, EventContext.none()))
        .isInstanceOf(GuardRejectedException.class)
        .hasMessageContaining("it is SATURDAY; jobs start Monday to Friday");
  }

  @Test
  void aCommandThatExitsNonZeroFailsWithItsExitCode() {
    LifecycleHarness h = tool(MONDAY_1000);
    JobId id = h.submit(report(1)).id();

    h.tick();
    h.endSession(id, 3);
    h.tick();

    h.expectFailed(id, FailureReason.EXIT_CODE);
    assertThat(h.job(id).exitCode()).isEqualTo(3);
  }

  @Test
  void aCrashedSessionIsLostThenRetriedAndTheRetryCompletes() {
    LifecycleHarness h = tool(MONDAY_1000);
    JobId id = h.submit(report(2)).id();
    h.tick();                                                  // attempt 1 starts
    h.expectState(id, JobState.PROCESSING);

    h.vanish(id);                                              // the session crashes: no exit code is left behind
    h.advance(Duration.ofSeconds(6));                          // past the start grace
    h.tick();                                                  // not seen once: not yet lost
    h.expectState(id, JobState.PROCESSING);
    h.tick();                                                  // not seen twice: LOST → FAILED, then RETRY → QUEUED
    h.expectState(id, JobState.QUEUED);
    Transition lost = h.history(id).get(2);
    assertThat(lost.event()).isEqualTo(JobEvent.LOST);
    assertThat(lost.to()).isEqualTo(JobState.FAILED);
    assertThat(lost.reason()).isEqualTo(FailureReason.SESSION_LOST);

    h.advance(Duration.ofSeconds(5));                          // the retry's backoff
    h.tick();                                                  // attempt 2 starts
    h.expectState(id, JobState.PROCESSING);
    h.endSession(id, 0);
    h.tick();

    h.expectState(id, JobState.COMPLETED);
    assertThat(h.job(id).attempt()).isEqualTo(2);
    assertThat(h.launches(id)).extracting(SessionHandle::attempt).containsExactly(1, 2);
    assertThat(h.events(id)).containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.LOST, JobEvent.RETRY,
        JobEvent.START, JobEvent.EXITED, JobEvent.PASS);
  }

  @Test
  void aRetryDueAfterClosingTimeWaitsForTheNextMorning() {
    LifecycleHarness h = tool(Instant.parse("2026-01-05T16:59:40Z"));
    JobId id = h.submit(report(2)).id();
    h.tick();                                                  // attempt 1 starts at 16:59:40
    h.vanish(id);
    h.advance(Duration.ofSeconds(6));
    h.tick(2);                                                 // LOST, RETRY: due at 16:59:51
    h.expectState(id, JobState.QUEUED);

    h.advance(Duration.ofSeconds(20));                         // 17:00:06: the backoff is over, the office closed
    h.tick();
    h.expectState(id, JobState.QUEUED);
    assertThat(h.launches(id)).hasSize(1);

    h.advance(Duration.ofHours(16));                           // Tuesday 09:00:06
    h.tick();
    h.expectState(id, JobState.PROCESSING);
    assertThat(h.job(id).attempt()).isEqualTo(2);
  }
}
