package dev.lifeline.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.EventContext;
import dev.lifeline.FailureReason;
import dev.lifeline.GroupSettings;
import dev.lifeline.HookTarget;
import dev.lifeline.HookTrigger;
import dev.lifeline.IllegalTransitionException;
import dev.lifeline.ImportedJob;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.PastEvent;
import dev.lifeline.Transition;
import dev.lifeline.TransitionException;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jobs brought in from another system with the history they already have ({@code Lifecycle.importJob}). */
class ImportJobTest {

  private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2025-06-01T10:05:00Z");
  private static final Instant T2 = Instant.parse("2025-06-01T11:30:00Z");

  private final LifecycleHarness h = LifecycleHarness.create();

  private static JobSpec spec(String name) {
    return JobSpec.builder("agent", name).name(name).build();
  }

  private static List<PastEvent> completed() {
    return List.of(PastEvent.of(JobEvent.START, T1), new PastEvent(JobEvent.EXITED, T2, EventContext.exitCode(0)),
        new PastEvent(JobEvent.PASS, T2, EventContext.detail("completed in task_queue.db")));
  }

  @Test
  void aFinishedJobComesInWithItsHistoryAtItsOwnTimes() {
    ImportedJob imported = h.lifecycle().importJob(spec("report"), "task_queue:71", T0, completed());

    assertThat(imported.created()).isTrue();
    JobId id = imported.job().id();
    assertThat(h.job(id).state()).isEqualTo(JobState.COMPLETED);
    assertThat(h.job(id).createdAt()).isEqualTo(T0);
    assertThat(h.job(id).startedAt()).isEqualTo(T1);
    assertThat(h.job(id).finishedAt()).isEqualTo(T2);
    assertThat(h.job(id).exitCode()).isZero();
    assertThat(h.job(id).attempt()).isEqualTo(1);
    List<Transition> history = h.history(id);
    assertThat(history).extracting(Transition::event).containsExactly(JobEvent.SUBMIT, JobEvent.START,
        JobEvent.EXITED, JobEvent.PASS);
    assertThat(history).extracting(Transition::at).containsExactly(T0, T1, T2, T2);
    assertThat(history.get(3).detail()).isEqualTo("completed in task_queue.db");
    assertThat(h.launches(id)).as("a past START launches nothing").isEmpty();
    assertThat(h.job(id).session()).as("the attempt ran in no session of Lifeline's").isNull();
  }

  @Test
  void importingTheSameKeyAgainWritesNothingAndReturnsTheEarlierJob() {
    ImportedJob first = h.lifecycle().importJob(spec("report"), "task_queue:71", T0, completed());
    int transitions = h.transitions().size();

    ImportedJob again = h.lifecycle().importJob(spec("report"), "task_queue:71", T0, completed());

    assertThat(again.created()).isFalse();
    assertThat(again.job().id()).isEqualTo(first.job().id());
    assertThat(h.transitions()).hasSize(transitions);
    assertThat(h.history(first.job().id())).hasSize(4);
  }

  @Test
  void aHistoryTheTableDoesNotAllowIsRefusedWithNothingWritten() {
    assertThatThrownBy(() -> h.lifecycle().importJob(spec("odd"), "k", T0,
        List.of(PastEvent.of(JobEvent.START, T1), PastEvent.of(JobEvent.PASS, T2))))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> h.lifecycle().importJob(spec("odd"), "k", T0,
        List.of(PastEvent.of(JobEvent.START, T1), new PastEvent(JobEvent.EXITED, T2, EventContext.exitCode(0)),
            PastEvent.of(JobEvent.REJECT, T2)))).as("REJECT needs a detail").isInstanceOf(TransitionException.class);
    assertThatThrownBy(() -> h.lifecycle().importJob(spec("odd"), "k", T1, List.of(PastEvent.of(JobEvent.START, T0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("back in time");
    assertThatThrownBy(() -> PastEvent.of(JobEvent.SUBMIT, T0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.lifecycle().importJob(JobSpec.builder("x").after(JobId.of(1)).build(), "d", T0,
        List.of())).isInstanceOf(IllegalArgumentException.class);

    assertThat(h.lifecycle().list(java.util.Set.of(), 10)).isEmpty();
    assertThat(h.transitions()).isEmpty();
  }

  @Test
  void aPastStartIsNotAskedAboutTodaysSlotsOrAPausedGroup() {
    h.lifecycle().setGroup(new GroupSettings("default", 1, true), "ops");

    ImportedJob imported = h.lifecycle().importJob(spec("old"), "k", T0, completed());

    assertThat(imported.job().state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void aFailedJobComesInFailedForGoodAndIsNeverRetriedOrLaunched() {
    ImportedJob imported = h.lifecycle().importJob(spec("broke"), "k", T0, List.of(PastEvent.of(JobEvent.START, T1),
        new PastEvent(JobEvent.LOST, T2, EventContext.detail("failed in task_queue.db: agent crashed"))));

    h.advance(java.time.Duration.ofHours(1)).tick(3);

    JobId id = imported.job().id();
    assertThat(h.job(id).state()).isEqualTo(JobState.FAILED);
    assertThat(h.job(id).failureReason()).isEqualTo(FailureReason.SESSION_LOST);
    assertThat(h.job(id).failureDetail()).isEqualTo("failed in task_queue.db: agent crashed");
    assertThat(h.events(id)).containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.LOST);
    assertThat(h.launches(id)).isEmpty();
  }

  @Test
  void aQueuedJobComesInForTheSupervisorToRunAndAHeldOneWaitsForRelease() {
    JobId queued = h.lifecycle().importJob(spec("next"), "a", T0, List.of()).job().id();
    JobId held = h.lifecycle().importJob(spec("paused"), "b", T0,
        List.of(new PastEvent(JobEvent.HOLD, T1, EventContext.detail("credit_paused in task_queue.db")))).job().id();

    h.tick();

    assertThat(h.job(queued).state()).isEqualTo(JobState.PROCESSING);
    assertThat(h.launches(queued)).hasSize(1);
    assertThat(h.job(held).state()).isEqualTo(JobState.QUEUED);
    assertThat(h.job(held).held()).isTrue();
    h.release(held);
    h.tick();
    assertThat(h.job(held).state()).isEqualTo(JobState.PROCESSING);
  }

  @Test
  void theStoresHooksAreCalledForImportedChangesAsForAnyOther() {
    h.lifecycle().addHook(HookTrigger.FINISH, null, HookTarget.command("notify"), "ops");

    JobId id = h.lifecycle().importJob(spec("report"), "k", T0, completed()).job().id();

    assertThat(h.deliveries(id)).hasSize(1);
    assertThat(h.deliveries(id).get(0).state()).isEqualTo(JobState.COMPLETED);
  }
}
