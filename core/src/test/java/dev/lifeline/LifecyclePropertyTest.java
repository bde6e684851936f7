package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;


import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random event sequences over a few jobs keep every history inside the table and every row at its history's end.
 * The sequences come from fixed seeds, so a failure names the seed that reproduces it.
 */
class LifecyclePropertyTest {

  /** One step: fire {@code event} at job number {@code job} (or start the next job, or submit one). */
  record Step(int job, JobEvent event, Integer exitCode, boolean operator, int advanceSeconds, boolean startNext) {
    EventContext context() {
      EventContext c = new EventContext(exitCode, operator ? FailureReason.LAUNCH_FAILED : null,
          operator ? "operator says so" : null, operator ? "operator" : null, operator);
      return c;
    }
  }

  private static final JobEvent[] EVENTS = JobEvent.values();

  /** A random sequence of 1..40 steps drawn from {@code seed}. */
  static List<Step> steps(long seed) {
    Random r = new Random(seed);
    int n = 1 + r.nextInt(40);
    List<Step> steps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Integer exit = r.nextInt(10) == 0 ? null : r.nextInt(3);
      steps.add(new Step(r.nextInt(6), EVENTS[r.nextInt(EVENTS.length)], exit, r.nextBoolean(), r.nextInt(41),
          r.nextInt(4) == 0));
    }
    return steps;
  }

  static LongStream seeds() {
    return LongStream.range(0, 150);
  }

  /** What a run did: the outcome of each step, then each job with its history. */
  private static List<String> run(EngineChoice engine, List<Step> steps) {
    MutableClock clock = MutableClock.startingAt2026();
    Lifecycle lc = engine.build(Lifecycle.builder().store(new InMemoryJobStore()).clock(clock).actor("prop")
        .backoff(Backoff.exponential(Duration.ofSeconds(5), Duration.ofSeconds(60)))
        .guard(JobEvent.START, "evenMinute", c -> c.now().getEpochSecond() / 60 % 5 == 4
            ? JobGuard.refuse("every fifth minute is quiet") : JobGuard.allow()));
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      jobs.add(lc.submit(JobSpec.builder("x").name("j" + i).priority(i % 2).maxAttempts(2)
          .timeout(Duration.ofSeconds(30)).build()).job());
    }
    List<String> trace = new ArrayList<>();
    for (Step s : steps) {
      clock.advance(Duration.ofSeconds(s.advanceSeconds()));
      if (s.startNext()) {
        trace.add("startNext " + lc.startNext(2).map(j -> j.id().toString()).orElse("-"));
        continue;
      }
      if (s.event() == JobEvent.SUBMIT) {
        jobs.add(lc.submit(JobSpec.builder("y").maxAttempts(1).build()).job());
        trace.add("submit");
        continue;
      }
      JobId id = jobs.get(s.job() % jobs.size()).id();
      try {
        Job j = lc.fire(id, s.event(), s.context()).job();
        trace.add(s.event() + " -> " + j.state());
      } catch (TransitionException e) {
        trace.add(s.event() + " x " + e.getClass().getSimpleName());
      }
    }
    return finish(lc, trace);
  }

  /** Checks every job's history against the table and its row, and adds each job with its history to the trace. */
  private static List<String> finish(Lifecycle lc, List<String> trace) {
    Set<String> legal = new HashSet<>();
    for (TransitionTable.Edge e : TransitionTable.standard().edges()) {
      legal.add(e.from() + " " + e.event() + " " + e.to());
    }
    for (Job j : lc.list(java.util.Set.of(), 100)) {
      List<Transition> h = lc.history(j.id());
      assertThat(h).isNotEmpty();
      assertThat(h.get(0).event()).isEqualTo(JobEvent.SUBMIT);
      assertThat(h.get(h.size() - 1).to()).as("job %s ends where its history ends", j.id()).isEqualTo(j.state());
      assertThat(j.version()).isEqualTo(h.size() - 1);
      for (int i = 0; i < h.size(); i++) {
        Transition t = h.get(i);
        assertThat(legal).as("edge of job %s", j.id()).contains(t.from() + " " + t.event() + " " + t.to());
        if (i > 0) {
          assertThat(t.from()).isEqualTo(h.get(i - 1).to());
        }
      }
      trace.add(j + " " + h);
    }
    return trace;
  }

  /**
   * The same steps, fired in groups: runs of consecutive events at distinct jobs (no SUBMIT or START, which depend on
   * what the others of a group did) share one clock reading and one read of their jobs, and go to {@link
   * Lifecycle#fireAll} when {@code batched}, else one by one to {@link Lifecycle#fire(Job, JobEvent, EventContext)}.
   * A start step is {@link Lifecycle#startAll} when {@code batched}, else {@link Lifecycle#startNext} until none
   * starts.
   */
  private static List<String> runGrouped(List<Step> steps, boolean batched) {
    MutableClock clock = MutableClock.startingAt2026();
    Lifecycle lc = Lifecycle.builder().store(new InMemoryJobStore()).clock(clock).actor("prop")
        .backoff(Backoff.exponential(Duration.ofSeconds(5), Duration.ofSeconds(60)))
        .guard(JobEvent.START, "evenMinute", c -> c.now().getEpochSecond() / 60 % 5 == 4
            ? JobGuard.refuse("every fifth minute is quiet") : JobGuard.allow())
        .build();
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      jobs.add(lc.submit(JobSpec.builder("x").name("j" + i).priority(i % 2).maxAttempts(2)
          .timeout(Duration.ofSeconds(30)).build()).job());
    }
    List<String> trace = new ArrayList<>();
    for (int i = 0; i < steps.size(); ) {
      Step s = steps.get(i);
      if (s.startNext() || s.event() == JobEvent.SUBMIT || s.event() == JobEvent.START) {
        clock.advance(Duration.ofSeconds(s.advanceSeconds()));
        i++;
        if (s.event() == JobEvent.SUBMIT && !s.startNext()) {
          jobs.add(lc.submit(JobSpec.builder("y").maxAttempts(1).build()).job());
          trace.add("submit");
        } else if (batched) {
          trace.add("start " + lc.startAll(2).stream().map(c -> c.id().toString()).toList());
        } else {
          List<String> started = new ArrayList<>();
          for (Optional<JobChange> c = lc.startNext(2); c.isPresent(); c = lc.startNext(2)) {
            started.add(c.get().id().toString());
          }
          trace.add("start " + started);
        }
        continue;
      }
      List<TransitionRequest> group = new ArrayList<>();
      Set<JobId> inGroup = new HashSet<>();
      int advance = 0;
      while (i < steps.size() && group.size() < 4) {
        Step g = steps.get(i);
        JobId id = jobs.get(g.job() % jobs.size()).id();
        if (g.startNext() || g.event() == JobEvent.SUBMIT || g.event() == JobEvent.START || !inGroup.add(id)) {
          break;
        }
        advance += g.advanceSeconds();
        group.add(new TransitionRequest(lc.get(id), g.event(), g.context()));
        i++;
      }
      clock.advance(Duration.ofSeconds(advance));
      if (batched) {
        for (TransitionResult r : lc.fireAll(group)) {
          trace.add(r.request().event() + (r.committed() ? " -> " + r.change().job().state()
              : " x " + r.failure().getClass().getSimpleName()));
        }
      } else {
        for (TransitionRequest r : group) {
          try {
            trace.add(r.event() + " -> " + lc.fire(r.expected(), r.event(), r.context()).job().state());
          } catch (TransitionException e) {
            trace.add(r.event() + " x " + e.getClass().getSimpleName());
          }
        }
      }
    }
    return finish(lc, trace);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void firingInBatchesWritesWhatFiringOneByOneWrites(long seed) {
    List<Step> steps = steps(seed);
    List<String> batched = runGrouped(steps, true);
    assertThat(batched).isEqualTo(runGrouped(steps, false));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void historiesStayInsideTheTableAndBothEnginesWriteTheSameOnes(long seed) {
    List<Step> steps = steps(seed);
    assertThat(run(EngineChoice.STATE_MACHINE, steps)).isEqualTo(run(EngineChoice.TABLE, steps));
  }
}
