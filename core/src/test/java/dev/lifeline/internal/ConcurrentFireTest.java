package dev.lifeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Backoff;
import dev.lifeline.ConcurrentTransitionException;
import dev.lifeline.EventContext;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.Transition;
import dev.lifeline.TransitionRequest;
import dev.lifeline.TransitionResult;
import dev.lifeline.TransitionTable;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two threads fire conflicting events at the same snapshot of one job, many times: exactly one wins each race, the
 * other gets {@link ConcurrentTransitionException}, and no history ever holds an edge outside the table. Run with
 * every engine, on a fixed pair of threads so that reused per-thread machines meet many jobs.
 */
class ConcurrentFireTest {

  private static final int RACES = 300;

  static Stream<Arguments> engines() {
    List<Arguments> out = new ArrayList<>();
    out.add(Arguments.of("table", new TableEngine(TransitionTable.standard(), Map.of())));
    out.add(Arguments.of("state machine", new SsmEngine(Map.of())));
    return out.stream();
  }

  private record Attempt(JobEvent event, EventContext context) {}

  private static final List<List<Attempt>> CONFLICTS = List.of(
      List.of(new Attempt(JobEvent.CANCEL, EventContext.none()), new Attempt(JobEvent.EXITED, EventContext.exitCode(0))),
      List.of(new Attempt(JobEvent.EXITED, EventContext.exitCode(0)),
          new Attempt(JobEvent.EXITED, EventContext.exitCode(1))),
      List.of(new Attempt(JobEvent.LOST, EventContext.none()), new Attempt(JobEvent.CANCEL, EventContext.none())));

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void exactlyOneOfTwoConflictingEventsWinsEveryRace(String name, Engine engine) throws Exception {
    List<TransitionEvent> heard = new CopyOnWriteArrayList<>();
    Lifecycle lc = lifecycle(engine, heard);
    ExecutorService pair = Executors.newFixedThreadPool(2);
    CyclicBarrier together = new CyclicBarrier(2);
    int[] wins = new int[2];
    try {
      for (int race = 0; race < RACES; race++) {
        List<Attempt> conflict = CONFLICTS.get(race % CONFLICTS.size());
        Job snapshot = lc.fire(lc.submit(JobSpec.builder("x").build()).job(), JobEvent.START, EventContext.none()).job();
        heard.clear();
        List<Future<Object>> results = new ArrayList<>();
        for (Attempt a : conflict) {
          results.add(pair.submit(() -> {
            together.await(10, TimeUnit.SECONDS);
            try {
              return lc.fire(snapshot, a.event(), a.context()).job();
            } catch (ConcurrentTransitionException lost) {
              return lost;
            }
          }));
        }
        Object first = results.get(0).get(30, TimeUnit.SECONDS);
        Object second = results.get(1).get(30, TimeUnit.SECONDS);

        String race1 = name + " race " + race + " " + conflict;
        assertThat(List.of(first, second)).as(race1).filteredOn(r -> r instanceof Job).hasSize(1);
        assertThat(List.of(first, second)).as(race1).filteredOn(r -> r instanceof ConcurrentTransitionException)
            .hasSize(1);
        int winner = first instanceof Job ? 0 : 1;
        wins[winner]++;
        Job written = (Job) (winner == 0 ? first : second);
        assertThat(lc.get(snapshot.id())).as(race1).isEqualTo(written);
        assertThat(written.version()).isEqualTo(snapshot.version() + 1);
        assertThat(lc.history(snapshot.id())).as(race1).hasSize(3);
        assertThat(heard).as(race1).singleElement().satisfies(e -> assertThat(e.job()).isEqualTo(written));
      }
    } finally {
      pair.shutdownNow();
    }
    Set<String> legal = new HashSet<>();
    for (TransitionTable.Edge e : TransitionTable.standard().edges()) {
      legal.add(e.from() + " " + e.event() + " " + e.to());
    }
    for (Job j : lc.list(Set.of(), RACES)) {
      List<Transition> h = lc.history(j.id());
      for (Transition t : h) {
        assertThat(legal).as(name + " job " + j.id()).contains(t.from() + " " + t.event() + " " + t.to());
      }
      assertThat(h.get(h.size() - 1).to()).isEqualTo(j.state());
    }
    assertThat(wins[0] + wins[1]).isEqualTo(RACES);
    assertThat(lc.counts().get(JobState.PROCESSING)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aRaceLostInsideABatchAffectsOnlyThatJob(String name, Engine engine) throws Exception {
    List<TransitionEvent> heard = new CopyOnWriteArrayList<>();
    Lifecycle lc = lifecycle(engine, heard);
    ExecutorService pair = Executors.newFixedThreadPool(2);
    CyclicBarrier together = new CyclicBarrier(2);
    try {
      for (int race = 0; race < RACES; race++) {
        List<Attempt> conflict = CONFLICTS.get(race % CONFLICTS.size());
        List<Job> three = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
          three.add(lc.fire(lc.submit(JobSpec.builder("x").build()).job(), JobEvent.START, EventContext.none()).job());
        }
        Job contested = three.get(1);
        heard.clear();
        Future<List<TransitionResult>> batch = pair.submit(() -> {
          together.await(10, TimeUnit.SECONDS);
          return lc.fireAll(List.of(
              new TransitionRequest(three.get(0), JobEvent.EXITED, EventContext.exitCode(0)),
              new TransitionRequest(contested, conflict.get(0).event(), conflict.get(0).context()),
              new TransitionRequest(three.get(2), JobEvent.EXITED, EventContext.exitCode(0))));
        });
        Future<Object> single = pair.submit(() -> {
          together.await(10, TimeUnit.SECONDS);
          try {
            return lc.fire(contested, conflict.get(1).event(), conflict.get(1).context()).job();
          } catch (ConcurrentTransitionException lost) {
            return lost;
          }
        });
        List<TransitionResult> results = batch.get(30, TimeUnit.SECONDS);
        Object alone = single.get(30, TimeUnit.SECONDS);

        String what = name + " race " + race + " " + conflict;
        assertThat(results.get(0).committed()).as(what).isTrue();
        assertThat(results.get(2).committed()).as(what).isTrue();
        boolean batchWon = results.get(1).committed();
        assertThat(alone instanceof Job).as(what + ": exactly one writer of the contested job wins").isNotEqualTo(batchWon);
        if (!batchWon) {
          assertThat(results.get(1).failure()).as(what).isInstanceOf(ConcurrentTransitionException.class);
        }
        Job written = batchWon ? results.get(1).change().job() : (Job) alone;
        assertThat(lc.get(contested.id())).as(what).isEqualTo(written);
        assertThat(lc.history(contested.id())).as(what).hasSize(3);
        for (int k : new int[] {0, 2}) {
          assertThat(lc.get(three.get(k).id()).state()).as(what).isEqualTo(JobState.VERIFICATION);
          assertThat(lc.history(three.get(k).id())).as(what).hasSize(3);
        }
        assertThat(heard).as(what).hasSize(3);
      }
    } finally {
      pair.shutdownNow();
    }
    assertThat(lc.counts().get(JobState.PROCESSING)).isZero();
  }

  /** A lifecycle over a fresh in-memory store deciding with {@code engine}; its listener adds to {@code heard}. */
  private static Lifecycle lifecycle(Engine engine, List<TransitionEvent> heard) {
    LifelineListener listener = new LifelineListener() {
      @Override
      public void onTransition(TransitionEvent e) {
        heard.add(e);
      }
    };
    return new DefaultLifecycle(new LifecycleSettings(new InMemoryJobStore(), MutableClock.startingAt2026(), "race",
        Backoff.none(), 100, Map.of(), List.of(listener), Map.of()), guards -> engine);
  }
}
