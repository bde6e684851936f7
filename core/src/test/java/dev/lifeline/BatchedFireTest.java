package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.supervisor.CountingJobStore;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Lifecycle#fireAll} and {@link Lifecycle#startAll}: one batch, each change still its own compare-and-set. */
class BatchedFireTest {

  private final MutableClock clock = MutableClock.startingAt2026();
  private final List<TransitionEvent> heard = new ArrayList<>();
  /** Counts the store's calls, so a test can tell one batch from many single writes. */
  private final CountingJobStore store = new CountingJobStore(new InMemoryJobStore());

  private Lifecycle lifecycle(EngineChoice engine, int maxConcurrent, JobGuard startGuard) {
    Lifecycle.Builder b = Lifecycle.builder().store(store).clock(clock).actor("batch").maxConcurrent(maxConcurrent)
        .listener(new LifelineListener() {
          @Override
          public void onTransition(TransitionEvent e) {
            heard.add(e);
          }
        });
    if (startGuard != null) {
      b.guard(JobEvent.START, "user", startGuard);
    }
    return engine.build(b);
  }

  private static JobSpec spec(String name) {
    return JobSpec.builder("true").name(name).build();
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void eachRequestGetsItsOwnResultAndOnlyCommittedChangesAreHeard(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine, 10, null);
    Job exits = lc.fire(lc.submit(spec("exits")).job(), JobEvent.START, EventContext.none()).job();
    Job queued = lc.submit(spec("queued")).job();
    Job stale = lc.fire(lc.submit(spec("stale")).job(), JobEvent.START, EventContext.none()).job();
    Job staleNow = lc.fire(stale, JobEvent.CANCEL, EventContext.none()).job();
    Job fails = lc.fire(lc.submit(spec("fails")).job(), JobEvent.START, EventContext.none()).job();
    heard.clear();
    store.reset();

    List<TransitionResult> results = lc.fireAll(List.of(
        new TransitionRequest(exits, JobEvent.EXITED, EventContext.exitCode(0)),
        new TransitionRequest(queued, JobEvent.PASS, null),
        new TransitionRequest(stale, JobEvent.EXITED, EventContext.exitCode(0)),
        new TransitionRequest(fails, JobEvent.EXITED, EventContext.exitCode(3))));

    assertThat(results).extracting(r -> r.request().expected().id())
        .containsExactly(exits.id(), queued.id(), stale.id(), fails.id());
    assertThat(results.get(0).change().job().state()).isEqualTo(JobState.VERIFICATION);
    assertThat(results.get(1).failure()).isInstanceOf(IllegalTransitionException.class);
    assertThat(results.get(2).failure()).isInstanceOf(ConcurrentTransitionException.class);
    assertThat(results.get(3).change().job().failureReason()).isEqualTo(FailureReason.EXIT_CODE);
    assertThat(lc.get(queued.id())).isEqualTo(queued);
    assertThat(lc.get(stale.id())).isEqualTo(staleNow);
    assertThat(heard).extracting(e -> e.job().id()).containsExactly(exits.id(), fails.id());
    assertThat(store.tally()).containsEntry("compareAndSetAll", "1 calls, 3 rows").doesNotContainKey("compareAndSet");
  }

  @Test
  void aBatchNamingOneJobTwiceIsRefusedBeforeAnythingIsWritten() {
    Lifecycle lc = lifecycle(EngineChoice.STATE_MACHINE, 10, null);
    Job a = lc.submit(spec("a")).job();
    Job b = lc.submit(spec("b")).job();
    heard.clear();

    assertThatThrownBy(() -> lc.fireAll(List.of(new TransitionRequest(a, JobEvent.CANCEL, null),
        new TransitionRequest(b, JobEvent.CANCEL, null), new TransitionRequest(a, JobEvent.START, null))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job " + a.id());

    assertThat(lc.get(a.id())).isEqualTo(a);
    assertThat(lc.get(b.id())).isEqualTo(b);
    assertThat(heard).isEmpty();
  }

  @Test
  void aGuardThatThrowsFailsOnlyItsOwnRequest() {
    Lifecycle lc = Lifecycle.builder().store(store).clock(clock)
        .guard(JobEvent.CANCEL, "picky", c -> {
          if (c.job().spec().name().equals("bad")) {
            throw new IllegalStateException("cannot judge this one");
          }
          return JobGuard.allow();
        }).build();
    Job good = lc.submit(spec("good")).job();
    Job bad = lc.submit(spec("bad")).job();

    List<TransitionResult> results = lc.fireAll(List.of(new TransitionRequest(bad, JobEvent.CANCEL, null),
        new TransitionRequest(good, JobEvent.CANCEL, null)));

    assertThat(results.get(0).failure()).isInstanceOf(TransitionFailedException.class)
        .hasMessageContaining("cannot judge this one");
    assertThat(results.get(1).committed()).isTrue();
    assertThat(lc.get(bad.id()).state()).isEqualTo(JobState.QUEUED);
    assertThat(lc.get(good.id()).state()).isEqualTo(JobState.FAILED);
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void startAllStartsWhatTheFreeSlotsAllowInClaimOrder(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine, 3, null);
    lc.fire(lc.submit(spec("running")).job(), JobEvent.START, EventContext.none());
    JobId low = lc.submit(spec("low")).id();
    JobId high = lc.submit(JobSpec.builder("true").name("high").priority(5).build()).id();
    JobId waits = lc.submit(spec("waits")).id();
    heard.clear();

    List<JobChange> started = lc.startAll(3);

    assertThat(started).extracting(JobChange::id).containsExactly(high, low);
    assertThat(started).allSatisfy(c -> assertThat(lc.get(c.id())).isEqualTo(c.job()));
    assertThat(started).allSatisfy(c -> assertThat(c.transition().event()).isEqualTo(JobEvent.START));
    assertThat(lc.get(waits).state()).isEqualTo(JobState.QUEUED);
    assertThat(heard).extracting(e -> e.job().id()).containsExactly(high, low);
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void startsFiredInOneBatchCountTheOnesBeforeThemAgainstTheSlots(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine, 2, null);
    lc.fire(lc.submit(spec("running")).job(), JobEvent.START, EventContext.none());
    Job a = lc.submit(spec("a")).job();
    Job b = lc.submit(spec("b")).job();
    Job c = lc.submit(spec("c")).job();

    List<TransitionResult> results = lc.fireAll(List.of(new TransitionRequest(a, JobEvent.START, null),
        new TransitionRequest(b, JobEvent.START, null), new TransitionRequest(c, JobEvent.START, null)));

    assertThat(results.get(0).committed()).isTrue();
    assertThat(results.get(1).failure()).isInstanceOf(GuardRejectedException.class);
    assertThat(results.get(2).failure()).isInstanceOf(GuardRejectedException.class);
    assertThat(lc.counts().get(JobState.PROCESSING)).isEqualTo(2);
  }

  @Test
  void aStartGuardSeesTheJobsStartedEarlierInTheSameBatchAsRunning() {
    // One job per working directory at a time: a guard that reads the running jobs.
    JobGuard oneJobPerDirectory = c -> c.runningJobs().stream()
        .anyMatch(r -> r.spec().cwd().equals(c.job().spec().cwd()))
        ? JobGuard.refuse("another job runs in " + c.job().spec().cwd()) : JobGuard.allow();
    Lifecycle lc = lifecycle(EngineChoice.STATE_MACHINE, 10, oneJobPerDirectory);
    JobId first = lc.submit(JobSpec.builder("true").name("a1").cwd("/tmp/a").build()).id();
    lc.submit(JobSpec.builder("true").name("a2").cwd("/tmp/a").build());
    JobId other = lc.submit(JobSpec.builder("true").name("b1").cwd("/tmp/b").build()).id();

    List<JobChange> started = lc.startAll(10);

    assertThat(started).extracting(JobChange::id).containsExactly(first, other);
    assertThat(lc.counts().get(JobState.QUEUED)).isEqualTo(1);
  }

  /** Event sequences (EXITED with code 0 unless the step says 1) that bring a new job to each kind of state. */
  private static final List<List<String>> PATHS = List.of(List.of(), List.of("START"), List.of("START", "EXITED"),
      List.of("START", "EXITED", "PASS"), List.of("START", "EXITED1"), List.of("START", "EXITED1", "RETRY"),
      List.of("CANCEL"), List.of("START", "LOST"), List.of("START", "EXITED", "REJECT"));

  private static final List<EventContext> CONTEXTS = List.of(EventContext.none(), EventContext.exitCode(0),
      EventContext.exitCode(1), EventContext.none().withOverride(true),
      EventContext.detail("why").withReason(FailureReason.SESSION_LOST).withActor("op"));

  /**
   * Every state a job reaches × every event × several contexts: a batch holding one job per (event, context)
   * writes what firing them one by one writes, and reports what one-by-one firing throws, result by result.
   */
  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void everyStateEventAndContextEndsTheSameInABatchAsAlone(EngineChoice engine) {
    for (List<String> path : PATHS) {
      MutableClock c1 = MutableClock.startingAt2026();
      MutableClock c2 = MutableClock.startingAt2026();
      Lifecycle alone = engine.build(Lifecycle.builder().store(new InMemoryJobStore()).clock(c1).actor("x")
          .maxConcurrent(1000));
      Lifecycle batched = engine.build(Lifecycle.builder().store(new InMemoryJobStore()).clock(c2).actor("x")
          .maxConcurrent(1000));
      List<TransitionRequest> one = new ArrayList<>();
      List<TransitionRequest> all = new ArrayList<>();
      for (JobEvent event : JobEvent.values()) {
        if (event == JobEvent.SUBMIT) {
          continue;
        }
        for (EventContext ctx : CONTEXTS) {
          one.add(new TransitionRequest(reach(alone, path), event, ctx));
          all.add(new TransitionRequest(reach(batched, path), event, ctx));
        }
      }
      c1.advance(java.time.Duration.ofSeconds(7));
      c2.advance(java.time.Duration.ofSeconds(7));
      List<String> expected = new ArrayList<>();
      for (TransitionRequest r : one) {
        try {
          expected.add(describe(alone.fire(r.expected(), r.event(), r.context()).job()));
        } catch (TransitionException e) {
          expected.add(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
      }
      List<String> actual = new ArrayList<>();
      for (TransitionResult r : batched.fireAll(all)) {
        actual.add(r.committed() ? describe(r.change().job())
            : r.failure().getClass().getSimpleName() + ": " + r.failure().getMessage());
      }
      assertThat(actual).as("jobs reached by " + path).isEqualTo(expected);
      for (TransitionRequest r : all) {
        assertThat(batched.history(r.expected().id())).as("history of a job reached by " + path)
            .isEqualTo(alone.history(one.get(all.indexOf(r)).expected().id()).stream()
                .map(t -> new Transition(r.expected().id(), t.attempt(), t.from(), t.to(), t.event(), t.reason(),
                    t.detail(), t.actor(), t.at())).toList());
      }
    }
  }

  private static Job reach(Lifecycle lc, List<String> path) {
    Job job = lc.submit(spec("path")).job();
    for (String step : path) {
      EventContext ctx = switch (step) {
        case "EXITED" -> EventContext.exitCode(0);
        case "EXITED1" -> EventContext.exitCode(1);
        case "RETRY" -> EventContext.none().withOverride(true);
        case "REJECT" -> EventContext.detail("bad");
        default -> EventContext.none();
      };
      job = lc.fire(job, JobEvent.valueOf(step.replace("1", "")), ctx).job();
    }
    return job;
  }

  /** The job without its id (the two stores number alike, but the text should not depend on it). */
  private static String describe(Job j) {
    return j.state() + " attempt " + j.attempt() + " reason " + j.failureReason() + " exit " + j.exitCode()
        + " detail " + j.failureDetail() + " notBefore " + j.notBefore() + " version " + j.version();
  }
}
