package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Lifecycle.Builder.EngineKind;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random event sequences over a few jobs keep every history inside the table and every row at its history's end. */
class LifecyclePropertyTest {

  /** One step: fire {@code event} at job number {@code job} (or start the next job, or submit one). */
  record Step(int job, JobEvent event, Integer exitCode, boolean operator, int advanceSeconds, boolean startNext) {
    EventContext context() {
      EventContext c = new EventContext(exitCode, operator ? FailureReason.LAUNCH_FAILED : null,
          operator ? "operator says so" : null, operator ? "operator" : null, operator);
      return c;
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step = Combinators.combine(
        Arbitraries.integers().between(0, 5),
        Arbitraries.of(JobEvent.class),
        Arbitraries.of(0, 1, 2).injectNull(0.1),
        Arbitraries.of(true, false),
        Arbitraries.integers().between(0, 40),
        Arbitraries.of(true, false, false, false)).as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(40);
  }

  /** What a run did: the outcome of each step, then each job with its history. */
  private static List<String> run(EngineKind engine, List<Step> steps) {
    MutableClock clock = MutableClock.startingAt2026();
    Lifecycle lc = Lifecycle.builder().store(new InMemoryJobStore()).clock(clock).actor("prop").engine(engine)
        .backoff(Backoff.exponential(Duration.ofSeconds(5), Duration.ofSeconds(60)))
        .guard(JobEvent.START, "evenMinute", c -> c.now().getEpochSecond() / 60 % 5 == 4
            ? JobGuard.refuse("every fifth minute is quiet") : JobGuard.allow())
        .build();
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      jobs.add(lc.submit(JobSpec.builder("x").name("j" + i).priority(i % 2).maxAttempts(2)
          .timeout(Duration.ofSeconds(30)).build()));
    }
    List<String> trace = new ArrayList<>();
    for (Step s : steps) {
      clock.advance(Duration.ofSeconds(s.advanceSeconds()));
      if (s.startNext()) {
        trace.add("startNext " + lc.startNext(2).map(j -> j.id().toString()).orElse("-"));
        continue;
      }
      if (s.event() == JobEvent.SUBMIT) {
        jobs.add(lc.submit(JobSpec.builder("y").maxAttempts(1).build()));
        trace.add("submit");
        continue;
      }
      JobId id = jobs.get(s.job() % jobs.size()).id();
      try {
        Job j = lc.fire(id, s.event(), s.context());
        trace.add(s.event() + " -> " + j.state());
      } catch (TransitionException e) {
        trace.add(s.event() + " x " + e.getClass().getSimpleName());
      }
    }
    Set<String> legal = new HashSet<>();
    for (TransitionTable.Edge e : TransitionTable.standard().edges()) {
      legal.add(e.from() + " " + e.event() + " " + e.to());
    }
    for (Job j : lc.list(JobQuery.all())) {
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

  @Property(tries = 150)
  void historiesStayInsideTheTableAndBothEnginesWriteTheSameOnes(@ForAll("steps") List<Step> steps) {
    assertThat(run(EngineKind.STATE_MACHINE, steps)).isEqualTo(run(EngineKind.TABLE, steps));
  }
}
