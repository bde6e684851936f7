package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;


import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each typed outcome is raised in exactly the case it names: no edge, a refusing guard, a lost race, a throwing
 * guard. Where several could apply, the order is: no edge, then guards, then the compare-and-set. Nothing is written
 * in any of them.
 */
class TypedOutcomesTest {

  private static final RuntimeException BOOM = new IllegalStateException("guard bug");

  private final InMemoryJobStore store = new InMemoryJobStore();

  private Lifecycle lifecycle(EngineChoice engine) {
    return engine.build(Lifecycle.builder().store(store).clock(MutableClock.startingAt2026())
        .guard(JobEvent.PASS, "approval", c -> "yes".equals(c.context().detail())
            ? JobGuard.allow() : JobGuard.refuse("not approved"))
        .guard(JobEvent.LOST, "exploding", c -> {
          if ("explode".equals(c.context().detail())) {
            throw BOOM;
          }
          return JobGuard.allow();
        }));
  }

  private static Job verifying(Lifecycle lc) {
    Job j = lc.submit(JobSpec.builder("true").build()).job();
    j = lc.fire(j, JobEvent.START, EventContext.none()).job();
    return lc.fire(j, JobEvent.EXITED, EventContext.exitCode(0)).job();
  }

  private void assertNothingWritten(Lifecycle lc, Job job) {
    assertThat(lc.get(job.id())).isEqualTo(job);
    assertThat(lc.history(job.id())).hasSize((int) job.version() + 1);
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void anEventWithoutAnEdgeIsAnIllegalTransitionEvenWhenItsGuardWouldRefuseOrThrow(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job processing = lc.fire(lc.submit(JobSpec.builder("true").build()).job(), JobEvent.START, EventContext.none()).job();

    for (EventContext ctx : List.of(EventContext.none(), EventContext.detail("explode"))) {
      Throwable t = catchThrowable(() -> lc.fire(processing, JobEvent.PASS, ctx));
      assertThat(t).isExactlyInstanceOf(IllegalTransitionException.class);
      IllegalTransitionException e = (IllegalTransitionException) t;
      assertThat(e.jobId()).isEqualTo(processing.id());
      assertThat(e.from()).isEqualTo(JobState.PROCESSING);
      assertThat(e.event()).isEqualTo(JobEvent.PASS);
      assertThat(e.getCause()).isNull();
    }
    Job queued = lc.submit(JobSpec.builder("true").build()).job();
    assertThat(catchThrowable(() -> lc.fire(queued, JobEvent.LOST, EventContext.detail("explode"))))
        .isExactlyInstanceOf(IllegalTransitionException.class);
    assertNothingWritten(lc, processing);
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void aRefusingGuardIsAGuardRejectionNamingTheGuardAndItsReason(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job job = verifying(lc);

    Throwable t = catchThrowable(() -> lc.fire(job, JobEvent.PASS, EventContext.none()));

    assertThat(t).isExactlyInstanceOf(GuardRejectedException.class);
    GuardRejectedException e = (GuardRejectedException) t;
    assertThat(e.guard()).isEqualTo("approval");
    assertThat(e.reason()).isEqualTo("not approved");
    assertThat(e.from()).isEqualTo(JobState.VERIFICATION);
    assertThat(e.getMessage()).contains("approval").contains("not approved");
    assertNothingWritten(lc, job);
    assertThat(lc.fire(job, JobEvent.PASS, EventContext.detail("yes")).state()).isEqualTo(JobState.COMPLETED);
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void aThrowingGuardIsATransitionFailureKeepingItsCause(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job job = lc.fire(lc.submit(JobSpec.builder("true").build()).job(), JobEvent.START, EventContext.none()).job();

    Throwable t = catchThrowable(() -> lc.fire(job, JobEvent.LOST, EventContext.detail("explode")));

    assertThat(t).isExactlyInstanceOf(TransitionFailedException.class).hasCause(BOOM);
    assertThat(t.getCause()).isSameAs(BOOM);
    assertThat(((TransitionFailedException) t).step()).isEqualTo("guard 'exploding'");
    assertNothingWritten(lc, job);
    assertThat(lc.fire(job, JobEvent.LOST, EventContext.none()).state()).isEqualTo(JobState.FAILED);
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void aStaleSnapshotIsAConcurrentTransitionOnlyWhenTheEventWouldOtherwiseApply(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job stale = verifying(lc);
    Job current = lc.fire(stale, JobEvent.REJECT, EventContext.detail("wrong output")).job();
    assertThat(current.state()).isEqualTo(JobState.FAILED);

    Throwable lost = catchThrowable(() -> lc.fire(stale, JobEvent.CANCEL, EventContext.none()));
    assertThat(lost).isExactlyInstanceOf(ConcurrentTransitionException.class);
    ConcurrentTransitionException e = (ConcurrentTransitionException) lost;
    assertThat(e.expectedVersion()).isEqualTo(stale.version());
    assertThat(e.from()).isEqualTo(JobState.VERIFICATION);
    assertThat(e.event()).isEqualTo(JobEvent.CANCEL);

    assertThat(catchThrowable(() -> lc.fire(stale, JobEvent.START, EventContext.none())))
        .isExactlyInstanceOf(IllegalTransitionException.class);
    assertThat(catchThrowable(() -> lc.fire(stale, JobEvent.PASS, EventContext.none())))
        .isExactlyInstanceOf(GuardRejectedException.class);
    assertThat(lc.decide(stale, JobEvent.CANCEL, EventContext.none()).state()).isEqualTo(JobState.FAILED);
    assertNothingWritten(lc, current);
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void aLegalEventWhoseGuardsAllowRaisesNothing(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job job = verifying(lc);

    Job done = lc.fire(job.id(), JobEvent.PASS, EventContext.detail("yes")).job();

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThatThrownBy(() -> lc.fire(done.id(), JobEvent.RETRY, EventContext.none().withOverride(true)))
        .isExactlyInstanceOf(IllegalTransitionException.class);
  }
}
