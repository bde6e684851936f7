package dev.lifeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.GuardContext;
import dev.lifeline.JobEvent;
import dev.lifeline.JobGuard;
import dev.lifeline.JobState;
import dev.lifeline.TransitionFailedException;
import dev.lifeline.TransitionTable;
import dev.lifeline.TransitionTable.NamedGuard;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.springframework.statemachine.StateMachine;

class SsmEngineTest {

  private static final List<Scenarios.Case> CASES = Scenarios.all();

  private static GuardContext processingExited(int code) {
    Scenarios.Knobs k = new Scenarios.Knobs();
    k.exitCode = code;
    return Scenarios.context(JobState.PROCESSING, JobEvent.EXITED, k);
  }

  @Test
  void oneThreadDecidingAgainAndAgainReusesASinglePooledMachine() {
    SsmEngine engine = new SsmEngine(Map.of());
    assertThat(engine.idleMachines()).isZero();

    for (Scenarios.Case c : CASES) {
      Decision.of(engine, c.context());
    }

    assertThat(engine.idleMachines()).isEqualTo(1);
  }

  @Test
  void aPooledMachineStoppedBehindTheEnginesBackIsDroppedAndDecisionsStayRight() throws Exception {
    SsmEngine engine = new SsmEngine(Map.of());
    assertThat(engine.decide(processingExited(0)).to()).isEqualTo(JobState.VERIFICATION);
    assertThat(engine.idleMachines()).isEqualTo(1);

    stopIdleMachines(engine);

    assertThat(engine.decide(processingExited(2)).to()).isEqualTo(JobState.FAILED);
    assertThat(engine.idleMachines()).isZero();
    assertThat(engine.decide(processingExited(0)).to()).isEqualTo(JobState.VERIFICATION);
    assertThat(engine.idleMachines()).isEqualTo(1);
  }

  /** Stops every idle pooled machine behind the engine's back, as a reset bug would leave one (white-box). */
  private static void stopIdleMachines(SsmEngine engine) throws Exception {
    Field f = SsmEngine.class.getDeclaredField("pool");
    f.setAccessible(true);
    for (Object m : (Iterable<?>) f.get(engine)) {
      ((StateMachine<?, ?>) m).stopReactively().block();
    }
  }

  @Test
  void aGuardThatReentersTheEngineOnTheSameThreadDoesNotDisturbTheOuterDecision() {
    AtomicReference<SsmEngine> self = new AtomicReference<>();
    AtomicReference<JobState> inner = new AtomicReference<>();
    NamedGuard reentrant = new NamedGuard("reentrant", c -> {
      inner.set(self.get().decide(processingExited(9)).to());
      return JobGuard.allow();
    });
    SsmEngine engine = new SsmEngine(Map.of(JobEvent.PASS, List.of(reentrant)));
    self.set(engine);
    Scenarios.Knobs k = new Scenarios.Knobs();
    GuardContext pass = Scenarios.context(JobState.VERIFICATION, JobEvent.PASS, k);

    assertThat(engine.decide(pass).to()).isEqualTo(JobState.COMPLETED);
    assertThat(inner.get()).isEqualTo(JobState.FAILED);
    assertThat(engine.decide(processingExited(0)).to()).isEqualTo(JobState.VERIFICATION);
  }

  @Test
  void aThrowingGuardIsReportedWithTheVeryExceptionItThrew() {
    RuntimeException boom = new IllegalStateException("boom");
    SsmEngine engine = new SsmEngine(Map.of(JobEvent.EXITED, List.of(new NamedGuard("explodes", c -> {
      throw boom;
    }))));

    assertThatThrownBy(() -> engine.decide(processingExited(0)))
        .isExactlyInstanceOf(TransitionFailedException.class)
        .hasCause(boom)
        .satisfies(e -> assertThat(((TransitionFailedException) e).step()).isEqualTo("guard 'explodes'"))
        .satisfies(e -> assertThat(e.getCause()).isSameAs(boom));
  }

  @Test
  void anErrorThrownByAGuardReachesTheCallerAsFromTheTableEngine() {
    Error error = new AssertionError("guard asserted");
    Map<JobEvent, List<NamedGuard>> guards = Map.of(JobEvent.EXITED, List.of(new NamedGuard("asserts", c -> {
      throw error;
    })));

    assertThatThrownBy(() -> new TableEngine(TransitionTable.standard(), guards).decide(processingExited(0)))
        .isSameAs(error);
    assertThatThrownBy(() -> new SsmEngine(guards).decide(processingExited(0))).isSameAs(error);
  }

  @Test
  void aGuardReturningNullFailsTheDecisionInsteadOfPassing() {
    SsmEngine engine = new SsmEngine(Map.of(JobEvent.EXITED, List.of(new NamedGuard("null", c -> null))));

    assertThatThrownBy(() -> engine.decide(processingExited(0)))
        .isExactlyInstanceOf(TransitionFailedException.class)
        .hasCauseInstanceOf(NullPointerException.class);
  }

  @Test
  void threadsDecidingAtOnceOnOneEngineEachGetTheTablesAnswer() throws Exception {
    SsmEngine engine = new SsmEngine(Map.of());
    TableEngine table = new TableEngine(TransitionTable.standard(), Map.of());
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long seed = t;
        results.add(pool.submit(() -> {
          go.await();
          List<String> mismatches = new ArrayList<>();
          Random random = new Random(seed);
          for (int i = 0; i < 1500; i++) {
            Scenarios.Case c = CASES.get(random.nextInt(CASES.size()));
            Decision expected = Decision.of(table, c.context());
            Decision actual = Decision.of(engine, c.context());
            if (!expected.equals(actual)) {
              mismatches.add(c + ": " + actual + " instead of " + expected);
            }
          }
          return mismatches;
        }));
      }
      go.countDown();
      List<String> all = new ArrayList<>();
      for (Future<List<String>> f : results) {
        all.addAll(f.get(2, TimeUnit.MINUTES));
      }
      assertThat(all).isEmpty();
      assertThat(engine.idleMachines()).isBetween(1, threads);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void springStatemachineLogsNothingWhileDecidingEvenWhenGuardsRefuseOrThrow() {
    List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        records.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      // Control: what Spring logs through commons-logging reaches this handler (spring-jcl falls back to JUL). At
      // FINE, so the console handler (INFO) stays quiet.
      Logger control = Logger.getLogger("org.springframework.statemachine.Control");
      control.setLevel(Level.FINE);
      org.apache.commons.logging.LogFactory.getLog("org.springframework.statemachine.Control").debug("control");
      control.setLevel(null);
      assertThat(records).extracting(LogRecord::getMessage).containsExactly("control");
      records.clear();
      NamedGuard flaky = new NamedGuard("flaky", c -> {
        if (c.context().exitCode() != null && c.context().exitCode() == 3) {
          throw new IllegalStateException("flaky");
        }
        return c.job().state() == JobState.QUEUED ? JobGuard.refuse("no") : JobGuard.allow();
      });
      Map<JobEvent, List<NamedGuard>> guards = Map.of(JobEvent.EXITED, List.of(flaky), JobEvent.START,
          List.of(flaky));
      SsmEngine engine = new SsmEngine(guards);
      for (Scenarios.Case c : CASES) {
        Decision.of(engine, c.context());
      }
    } finally {
      root.removeHandler(capture);
    }
    assertThat(records).filteredOn(r -> r.getLevel().intValue() >= Level.INFO.intValue())
        .extracting(r -> r.getLoggerName() + ": " + r.getMessage()).isEmpty();
  }

  @Test
  void submitIsNeverDecidedByTheEngineBecauseTheStoreInsertsQueuedJobs() {
    SsmEngine engine = new SsmEngine(Map.of());
    for (JobState s : JobState.values()) {
      GuardContext c = Scenarios.context(s, JobEvent.SUBMIT, new Scenarios.Knobs());
      assertThat(Decision.of(engine, c).kind()).isEqualTo(Decision.Kind.ILLEGAL);
    }
  }
}
