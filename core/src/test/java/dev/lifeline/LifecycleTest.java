package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The lifecycle's behaviour over the in-memory store, with each engine. */
class LifecycleTest {

  private final MutableClock clock = MutableClock.startingAt2026();
  private final InMemoryJobStore store = new InMemoryJobStore();

  private Lifecycle lifecycle(EngineChoice engine, Consumer<Lifecycle.Builder> more) {
    Lifecycle.Builder b = Lifecycle.builder().store(store).clock(clock).actor("tester")
        .backoff(new Backoff(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1)));
    more.accept(b);
    return engine.build(b);
  }

  private Lifecycle lifecycle(EngineChoice engine) {
    return lifecycle(engine, b -> { });
  }

  private static JobSpec spec(String name) {
    return JobSpec.builder("echo", name).name(name).maxAttempts(3).timeout(Duration.ofMinutes(10)).build();
  }

  /** A job of {@code name} fired through {@code events} (EXITED with code 0 unless given by the context). */
  private static Job jobIn(Lifecycle lc, String name, JobEvent... events) {
    Job job = lc.submit(spec(name)).job();
    for (JobEvent e : events) {
      EventContext ctx = switch (e) {
        case EXITED -> EventContext.exitCode(0);
        case REJECT -> EventContext.detail("bad output");
        default -> EventContext.none();
      };
      job = lc.fire(job, e, ctx).job();
    }
    return job;
  }

  private static final class Recorder implements LifelineListener {
    final List<TransitionEvent> events = new ArrayList<>();

    @Override
    public void onTransition(TransitionEvent event) {
      events.add(event);
    }
  }

  // ---- submit ----------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void submitStoresAQueuedJobWithItsSubmitRowAndTellsListeners(EngineChoice engine) {
    Recorder heard = new Recorder();
    Lifecycle lc = lifecycle(engine, b -> b.listener(heard));

    Job job = lc.submit(spec("build")).job();

    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.attempt()).isZero();
    assertThat(job.version()).isZero();
    assertThat(job.createdAt()).isEqualTo(clock.instant());
    assertThat(lc.history(job.id())).singleElement().satisfies(t -> {
      assertThat(t.from()).isNull();
      assertThat(t.event()).isEqualTo(JobEvent.SUBMIT);
      assertThat(t.to()).isEqualTo(JobState.QUEUED);
    });
    assertThat(heard.events).singleElement().satisfies(e -> {
      assertThat(e.job()).isEqualTo(job);
      assertThat(e.transition().event()).isEqualTo(JobEvent.SUBMIT);
    });
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void submittingTheSameIdempotencyKeyAgainReturnsTheFirstJobAndWritesNothing(EngineChoice engine) {
    Recorder heard = new Recorder();
    Lifecycle lc = lifecycle(engine, b -> b.listener(heard));
    Job first = lc.submit(spec("a"), "key-1").job();
    Job started = lc.fire(first, JobEvent.START, EventContext.none()).job();

    Job again = lc.submit(spec("something else"), "key-1").job();
    Job other = lc.submit(spec("a"), "key-2").job();

    assertThat(again).isEqualTo(started);
    assertThat(other.id()).isNotEqualTo(first.id());
    assertThat(lc.list(java.util.Set.of(), 100)).hasSize(2);
    assertThat(lc.history(first.id())).hasSize(2);
    assertThat(heard.events).extracting(e -> e.transition().event())
        .containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.SUBMIT);
  }

  // ---- listeners -------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void listenersHearOfATransitionOnlyOnceTheStoreHasCommittedIt(EngineChoice engine) {
    List<String> seen = new ArrayList<>();
    LifelineListener checksStore = new LifelineListener() {
      @Override
      public void onTransition(TransitionEvent e) {
        Job stored = store.find(e.job().id()).orElseThrow();
        List<Transition> history = store.history(e.job().id());
        seen.add(e.transition().event() + " stored=" + stored.equals(e.job()) + " lastRow="
            + history.get(history.size() - 1).equals(e.transition()));
      }
    };
    Lifecycle lc = lifecycle(engine, b -> b.listener(checksStore));

    jobIn(lc, "a", JobEvent.START, JobEvent.EXITED, JobEvent.PASS);

    assertThat(seen).containsExactly("SUBMIT stored=true lastRow=true", "START stored=true lastRow=true",
        "EXITED stored=true lastRow=true", "PASS stored=true lastRow=true");
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void aThrowingListenerIsIgnoredAndTheListenersAfterItStillHear(EngineChoice engine) {
    Recorder after = new Recorder();
    LifelineListener throwing = new LifelineListener() {
      @Override
      public void onTransition(TransitionEvent e) {
        throw new IllegalStateException("listener bug");
      }
    };
    Lifecycle lc = lifecycle(engine, b -> b.listener(throwing).listener(after));

    Job job = jobIn(lc, "a", JobEvent.START);

    assertThat(job.state()).isEqualTo(JobState.PROCESSING);
    assertThat(lc.get(job.id())).isEqualTo(job);
    assertThat(after.events).extracting(e -> e.transition().event()).containsExactly(JobEvent.SUBMIT, JobEvent.START);
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void aRefusedOrLostEventReachesNoListener(EngineChoice engine) {
    Recorder heard = new Recorder();
    Lifecycle lc = lifecycle(engine, b -> b.listener(heard));
    Job queued = lc.submit(spec("a")).job();
    Job started = lc.fire(queued, JobEvent.START, EventContext.none()).job();
    heard.events.clear();

    assertThatThrownBy(() -> lc.fire(started, JobEvent.PASS, EventContext.none()))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> lc.fire(started, JobEvent.EXITED, EventContext.none()))
        .isInstanceOf(GuardRejectedException.class);
    assertThatThrownBy(() -> lc.fire(queued, JobEvent.CANCEL, EventContext.none()))
        .isInstanceOf(ConcurrentTransitionException.class);

    assertThat(heard.events).isEmpty();
  }

  // ---- user guards -----------------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void aUserGuardAppliesToItsEventOnly(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine,
        b -> b.guard(JobEvent.START, "maintenance", c -> JobGuard.refuse("the cluster is in maintenance")));
    Job job = lc.submit(spec("a")).job();

    assertThatThrownBy(() -> lc.fire(job, JobEvent.START, EventContext.none()))
        .isInstanceOfSatisfying(GuardRejectedException.class, e -> {
          assertThat(e.guard()).isEqualTo("maintenance");
          assertThat(e.reason()).isEqualTo("the cluster is in maintenance");
        });
    assertThat(lc.fire(job, JobEvent.CANCEL, EventContext.none()).state()).isEqualTo(JobState.FAILED);
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void userGuardsSeeTheJobTheEventAndItsContext(EngineChoice engine) {
    List<String> seen = new ArrayList<>();
    Lifecycle lc = lifecycle(engine, b -> b.guard(JobEvent.EXITED, "spy", c -> {
      seen.add(c.job().state() + " " + c.event() + " " + c.context().exitCode() + " " + c.now());
      return JobGuard.allow();
    }));
    Job job = jobIn(lc, "a", JobEvent.START);

    lc.fire(job, JobEvent.EXITED, EventContext.exitCode(4));

    assertThat(seen).containsExactly("PROCESSING EXITED 4 " + clock.instant());
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void aUserGuardCannotBeAddedToSubmit(EngineChoice engine) {
    assertThatThrownBy(() -> Lifecycle.builder().guard(JobEvent.SUBMIT, "x", c -> JobGuard.allow()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- startNext -------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void startNextTakesTheHighestPriorityFirstThenTheOldest(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job lowOld = lc.submit(JobSpec.builder("x").name("low-old").priority(0).build()).job();
    clock.advance(Duration.ofSeconds(1));
    Job highNew = lc.submit(JobSpec.builder("x").name("high-new").priority(5).build()).job();
    clock.advance(Duration.ofSeconds(1));
    Job highNewer = lc.submit(JobSpec.builder("x").name("high-newer").priority(5).build()).job();
    clock.advance(Duration.ofSeconds(1));
    Job lowNew = lc.submit(JobSpec.builder("x").name("low-new").priority(0).build()).job();

    List<JobId> order = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      order.add(lc.startNext(10).orElseThrow().id());
    }

    assertThat(order).containsExactly(highNew.id(), highNewer.id(), lowOld.id(), lowNew.id());
    assertThat(lc.startNext(10)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void startNextStartsNothingOnceTheLimitIsRunning(EngineChoice engine) {
    Recorder heard = new Recorder();
    Lifecycle lc = lifecycle(engine, b -> b.listener(heard));
    for (int i = 0; i < 3; i++) {
      lc.submit(spec("j" + i));
    }

    assertThat(lc.startNext(2)).isPresent();
    assertThat(lc.startNext(2)).isPresent();
    assertThat(lc.startNext(2)).isEmpty();
    assertThat(lc.counts()).containsEntry(JobState.PROCESSING, 2L).containsEntry(JobState.QUEUED, 1L);
    assertThat(heard.events).filteredOn(e -> e.transition().event() == JobEvent.START).hasSize(2);
    assertThatThrownBy(() -> lc.startNext(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void startNextWaitsUntilNotBefore(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job failed = jobIn(lc, "a", JobEvent.START, JobEvent.LOST);
    Job retried = lc.fire(failed, JobEvent.RETRY, EventContext.none()).job();
    assertThat(retried.notBefore()).isEqualTo(clock.instant().plusSeconds(10));

    assertThat(lc.startNext(5)).isEmpty();
    clock.advance(Duration.ofSeconds(9));
    assertThat(lc.startNext(5)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(lc.startNext(5).map(JobChange::job)).hasValueSatisfying(j -> {
      assertThat(j.id()).isEqualTo(failed.id());
      assertThat(j.attempt()).isEqualTo(2);
    });
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void startNextSkipsAJobAUserStartGuardRefusesAndStartsTheNext(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine, b -> b.guard(JobEvent.START, "noBlocked",
        c -> c.job().name().equals("blocked") ? JobGuard.refuse("blocked") : JobGuard.allow()));
    lc.submit(JobSpec.builder("x").name("blocked").priority(9).build());
    Job ok = lc.submit(JobSpec.builder("x").name("ok").build()).job();

    assertThat(lc.startNext(5)).map(JobChange::id).contains(ok.id());
    assertThat(lc.startNext(5)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void firingStartDirectlyHonoursTheBuildersMaxConcurrent(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine, b -> b.maxConcurrent(1));
    jobIn(lc, "a", JobEvent.START);
    Job second = lc.submit(spec("b")).job();

    assertThatThrownBy(() -> lc.fire(second, JobEvent.START, EventContext.none()))
        .isInstanceOfSatisfying(GuardRejectedException.class, e -> assertThat(e.guard()).isEqualTo("capacity"));
  }

  // ---- RETRY -----------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void retryPutsTheJobBackWithABackoffThatGrowsPerAttempt(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job job = jobIn(lc, "a", JobEvent.START, JobEvent.LOST, JobEvent.RETRY);
    Instant firstRetry = clock.instant();
    assertThat(job.notBefore()).isEqualTo(firstRetry.plusSeconds(10));
    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.failureReason()).isNull();
    assertThat(job.finishedAt()).isNull();

    clock.advance(Duration.ofSeconds(10));
    job = lc.fire(job, JobEvent.START, EventContext.none()).job();
    job = lc.fire(job, JobEvent.EXITED, EventContext.exitCode(1)).job();
    job = lc.fire(job, JobEvent.RETRY, EventContext.none()).job();

    assertThat(job.notBefore()).isEqualTo(clock.instant().plusSeconds(20));
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void anOperatorRetryOverridesTheAttemptCountAndTheBackoff(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job job = lc.submit(JobSpec.builder("x").name("once").maxAttempts(1).build()).job();
    job = lc.fire(job, JobEvent.START, EventContext.none()).job();
    Job failed = lc.fire(job, JobEvent.EXITED, EventContext.exitCode(2)).job();

    assertThatThrownBy(() -> lc.fire(failed, JobEvent.RETRY, EventContext.none()))
        .isInstanceOfSatisfying(GuardRejectedException.class, e -> {
          assertThat(e.guard()).isEqualTo("attemptsLeft");
          assertThat(e.reason()).isEqualTo("all 1 attempts are used");
        });
    Job retried = lc.fire(failed, JobEvent.RETRY, EventContext.none().withOverride(true).withActor("operator")).job();

    assertThat(retried.state()).isEqualTo(JobState.QUEUED);
    assertThat(retried.notBefore()).isEqualTo(clock.instant());
    assertThat(lc.history(job.id())).last().satisfies(t -> assertThat(t.actor()).isEqualTo("operator"));
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void aCancelledJobIsNeverRetriedEvenByAnOperator(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job cancelled = jobIn(lc, "a", JobEvent.START, JobEvent.CANCEL);

    assertThatThrownBy(() -> lc.fire(cancelled, JobEvent.RETRY, EventContext.none().withOverride(true)))
        .isInstanceOfSatisfying(GuardRejectedException.class, e -> assertThat(e.guard()).isEqualTo("notCancelled"));
  }

  // ---- allowedEvents, decide -------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void allowedEventsAreTheTablesEdgesFromEachState(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);

    assertThat(lc.allowedEvents(JobState.QUEUED)).isEqualTo(EnumSet.of(JobEvent.START, JobEvent.CANCEL,
        JobEvent.HOLD, JobEvent.RELEASE, JobEvent.ABANDON));
    assertThat(lc.allowedEvents(JobState.PROCESSING))
        .isEqualTo(EnumSet.of(JobEvent.EXITED, JobEvent.LOST, JobEvent.TIME_OUT, JobEvent.CANCEL));
    assertThat(lc.allowedEvents(JobState.VERIFICATION))
        .isEqualTo(EnumSet.of(JobEvent.TIME_OUT, JobEvent.PASS, JobEvent.REJECT, JobEvent.CANCEL));
    assertThat(lc.allowedEvents(JobState.COMPLETED)).isEmpty();
    assertThat(lc.allowedEvents(JobState.FAILED)).isEqualTo(EnumSet.of(JobEvent.RETRY));
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void decideComputesTheChangeAndWritesNothing(EngineChoice engine) {
    Recorder heard = new Recorder();
    Lifecycle lc = lifecycle(engine, b -> b.listener(heard));
    Job job = lc.submit(spec("a")).job();
    heard.events.clear();

    JobChange change = lc.decide(job, JobEvent.START, EventContext.none());

    assertThat(change.job().state()).isEqualTo(JobState.PROCESSING);
    assertThat(change.job().version()).isEqualTo(job.version() + 1);
    assertThat(change.transition().event()).isEqualTo(JobEvent.START);
    assertThat(lc.get(job.id())).isEqualTo(job);
    assertThat(lc.history(job.id())).hasSize(1);
    assertThat(heard.events).isEmpty();
  }

  // ---- effects on the row ----------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void startRecordsTheAttemptSessionOwnerAndStartTime(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job job = lc.submit(spec("build docs")).job();
    clock.advance(Duration.ofSeconds(3));

    Job started = lc.fire(job, JobEvent.START, EventContext.none()).job();

    assertThat(started.attempt()).isEqualTo(1);
    assertThat(started.session()).isEqualTo(SessionNames.of(job.id(), "build docs", 1)).isEqualTo(
        "build-docs-" + job.id() + "-1");
    assertThat(started.owner()).isEqualTo("tester");
    assertThat(started.startedAt()).isEqualTo(clock.instant());
    assertThat(started.updatedAt()).isEqualTo(clock.instant());
    assertThat(lc.history(job.id())).last().satisfies(t -> {
      assertThat(t.attempt()).isEqualTo(1);
      assertThat(t.actor()).isEqualTo("tester");
      assertThat(t.at()).isEqualTo(clock.instant());
    });
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void exitZeroRecordsTheCodeAndAwaitsVerification(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job job = jobIn(lc, "a", JobEvent.START);

    Job exited = lc.fire(job, JobEvent.EXITED, EventContext.exitCode(0)).job();

    assertThat(exited.state()).isEqualTo(JobState.VERIFICATION);
    assertThat(exited.exitCode()).isZero();
    assertThat(exited.failureReason()).isNull();
    assertThat(exited.finishedAt()).isNull();
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void aNonZeroExitFailsWithReasonDetailAndFinishTime(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job job = jobIn(lc, "a", JobEvent.START);
    clock.advance(Duration.ofMinutes(1));

    Job failed = lc.fire(job, JobEvent.EXITED, EventContext.exitCode(3)).job();

    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.failureReason()).isEqualTo(FailureReason.EXIT_CODE);
    assertThat(failed.failureDetail()).isEqualTo("exited with code 3");
    assertThat(failed.finishedAt()).isEqualTo(clock.instant());
    assertThat(lc.history(job.id())).last().satisfies(t -> {
      assertThat(t.reason()).isEqualTo(FailureReason.EXIT_CODE);
      assertThat(t.detail()).isEqualTo("exited with code 3");
    });
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void passCompletesTheJobAndRecordsTheFinishTime(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job job = jobIn(lc, "a", JobEvent.START, JobEvent.EXITED);
    clock.advance(Duration.ofSeconds(30));

    Job done = lc.fire(job, JobEvent.PASS, EventContext.none()).job();

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.finishedAt()).isEqualTo(clock.instant());
    assertThat(done.failureReason()).isNull();
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void rejectRecordsAVerificationFailureWithTheGivenDetail(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job job = jobIn(lc, "a", JobEvent.START, JobEvent.EXITED);

    assertThatThrownBy(() -> lc.fire(job, JobEvent.REJECT, EventContext.none()))
        .isInstanceOfSatisfying(GuardRejectedException.class, e -> assertThat(e.guard()).isEqualTo("reasonGiven"));
    Job rejected = lc.fire(job, JobEvent.REJECT, EventContext.detail("report.html is empty")).job();

    assertThat(rejected.state()).isEqualTo(JobState.FAILED);
    assertThat(rejected.failureReason()).isEqualTo(FailureReason.VERIFICATION_FAILED);
    assertThat(rejected.failureDetail()).isEqualTo("report.html is empty");
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void lostRecordsSessionLostOrLaunchFailed(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job a = jobIn(lc, "a", JobEvent.START);
    Job b = jobIn(lc, "b", JobEvent.START);

    Job lost = lc.fire(a, JobEvent.LOST, EventContext.none()).job();
    Job launchFailed = lc.fire(b, JobEvent.LOST,
        EventContext.none().withReason(FailureReason.LAUNCH_FAILED).withDetail("tmux: no space")).job();

    assertThat(lost.failureReason()).isEqualTo(FailureReason.SESSION_LOST);
    assertThat(lost.failureDetail()).isEqualTo("the session vanished");
    assertThat(launchFailed.failureReason()).isEqualTo(FailureReason.LAUNCH_FAILED);
    assertThat(launchFailed.failureDetail()).isEqualTo("tmux: no space");
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void timeOutFailsAJobThatRanLongerThanItsTimeout(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job job = jobIn(lc, "a", JobEvent.START);

    clock.advance(Duration.ofMinutes(10));
    assertThatThrownBy(() -> lc.fire(job, JobEvent.TIME_OUT, EventContext.none()))
        .isInstanceOfSatisfying(GuardRejectedException.class,
            e -> assertThat(e.guard()).isEqualTo("timeoutElapsed"));
    clock.advance(Duration.ofMillis(1));
    Job timedOut = lc.fire(job, JobEvent.TIME_OUT, EventContext.none()).job();

    assertThat(timedOut.failureReason()).isEqualTo(FailureReason.TIMED_OUT);
    assertThat(timedOut.finishedAt()).isEqualTo(clock.instant());
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void cancelFailsTheJobAsCancelledFromEveryActiveState(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    List<Job> active = List.of(jobIn(lc, "q"), jobIn(lc, "p", JobEvent.START),
        jobIn(lc, "v", JobEvent.START, JobEvent.EXITED));

    for (Job j : active) {
      Job cancelled = lc.fire(j, JobEvent.CANCEL, EventContext.none().withActor("operator")).job();
      assertThat(cancelled.state()).isEqualTo(JobState.FAILED);
      assertThat(cancelled.failureReason()).isEqualTo(FailureReason.CANCELLED);
      assertThat(lc.history(j.id())).last().satisfies(t -> {
        assertThat(t.from()).isEqualTo(j.state());
        assertThat(t.actor()).isEqualTo("operator");
        assertThat(t.reason()).isEqualTo(FailureReason.CANCELLED);
      });
    }
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void aStartAfterARetryClearsTheLastAttemptsOutcome(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);
    Job job = jobIn(lc, "a", JobEvent.START);
    job = lc.fire(job, JobEvent.EXITED, EventContext.exitCode(7)).job();
    job = lc.fire(job, JobEvent.RETRY, EventContext.none().withOverride(true)).job();

    Job again = lc.fire(job, JobEvent.START, EventContext.none()).job();

    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.exitCode()).isNull();
    assertThat(again.failureReason()).isNull();
    assertThat(again.failureDetail()).isNull();
    assertThat(again.session()).endsWith("-2");
  }

  // ---- lookups ---------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void anUnknownJobIsNotFound(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine);

    assertThat(lc.find(JobId.of(99))).isEmpty();
    assertThatThrownBy(() -> lc.fire(JobId.of(99), JobEvent.CANCEL, EventContext.none()))
        .isInstanceOfSatisfying(JobNotFoundException.class, e -> assertThat(e.jobId()).isEqualTo(JobId.of(99)));
  }

  @Test
  void theStateMachineIsTheDefaultEngine() {
    List<String> seenBy = new ArrayList<>();
    Lifecycle lc = Lifecycle.builder().store(store).clock(clock).guard(JobEvent.START, "where", c -> {
      for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
        if (e.getClassName().startsWith("org.springframework.statemachine")) {
          seenBy.add("ssm");
          break;
        }
      }
      return JobGuard.allow();
    }).build();

    jobIn(lc, "a", JobEvent.START);

    assertThat(seenBy).containsExactly("ssm");
  }
}
