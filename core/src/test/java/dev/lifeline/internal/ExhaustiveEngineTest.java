package dev.lifeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobEvent;
import dev.lifeline.JobGuard;
import dev.lifeline.JobState;
import dev.lifeline.TransitionTable;
import dev.lifeline.TransitionTable.Edge;
import dev.lifeline.TransitionTable.NamedGuard;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every state × event × guard outcome (each built-in guard made to pass and fail, and a user guard that is absent,
 * allows, refuses or throws): the state-machine engine decides exactly what the table engine decides, and both
 * decide what the table says.
 */
class ExhaustiveEngineTest {

  enum UserGuard { NONE, ALLOWS, REFUSES, THROWS }

  /** The user guards for firing {@code event} in {@code mode}, plus a throwing guard on every other event. */
  static Map<JobEvent, List<NamedGuard>> userGuards(JobEvent event, UserGuard mode) {
    Map<JobEvent, List<NamedGuard>> guards = new EnumMap<>(JobEvent.class);
    for (JobEvent other : JobEvent.values()) {
      if (other != event && other != JobEvent.SUBMIT) {
        guards.put(other, List.of(new NamedGuard("bystander", c -> {
          throw new AssertionError("a guard of " + other + " ran for " + c.event());
        })));
      }
    }
    switch (mode) {
      case NONE -> { }
      case ALLOWS -> guards.put(event, List.of(new NamedGuard("user", c -> JobGuard.allow())));
      case REFUSES -> guards.put(event, List.of(new NamedGuard("user", c -> JobGuard.refuse("the user says no"))));
      case THROWS -> guards.put(event, List.of(new NamedGuard("user", c -> {
        throw new IllegalStateException("user guard broke on " + c.event());
      })));
    }
    return guards;
  }

  private static List<Decision> run(List<Decision> oracle, List<Decision> table) {
    List<Decision> ssm = new ArrayList<>();
    for (UserGuard mode : UserGuard.values()) {
      Map<JobEvent, Engine> engines = new EnumMap<>(JobEvent.class);
      Map<JobEvent, Engine> tables = new EnumMap<>(JobEvent.class);
      for (JobEvent e : JobEvent.values()) {
        engines.put(e, new SsmEngine(userGuards(e, mode)));
        tables.put(e, new TableEngine(TransitionTable.standard(), userGuards(e, mode)));
      }
      for (Scenarios.Case c : Scenarios.all()) {
        Map<JobEvent, List<NamedGuard>> guards = userGuards(c.event(), mode);
        if (oracle != null) {
          oracle.add(Decision.oracle(c.context(), guards));
          table.add(Decision.of(tables.get(c.event()), c.context()));
        }
        ssm.add(Decision.of(engines.get(c.event()), c.context()));
      }
    }
    return ssm;
  }

  private static List<String> caseNames() {
    List<String> names = new ArrayList<>();
    for (UserGuard mode : UserGuard.values()) {
      for (Scenarios.Case c : Scenarios.all()) {
        names.add(c + " user guard " + mode);
      }
    }
    return names;
  }

  @Test
  void stateMachineDecidesWhatTheTableEngineAndTheTableDecideInEveryCase() {
    List<Decision> oracle = new ArrayList<>();
    List<Decision> table = new ArrayList<>();
    List<Decision> ssm = run(oracle, table);
    List<String> names = caseNames();
    assertThat(names).hasSize(oracle.size());
    for (int i = 0; i < names.size(); i++) {
      assertThat(table.get(i)).as("table engine: " + names.get(i)).isEqualTo(oracle.get(i));
      assertThat(ssm.get(i)).as("state machine: " + names.get(i)).isEqualTo(oracle.get(i));
    }
  }

  @Test
  void theCasesReachEveryEdgeEveryRefusingGuardAndEveryOutcome() {
    Set<String> taken = new HashSet<>();
    Set<String> refusingGuards = new HashSet<>();
    Set<Decision.Kind> kinds = new HashSet<>();
    Set<JobState> statesWithIllegalEvents = new HashSet<>();
    for (UserGuard mode : UserGuard.values()) {
      for (Scenarios.Case c : Scenarios.all()) {
        Decision d = Decision.oracle(c.context(), userGuards(c.event(), mode));
        kinds.add(d.kind());
        switch (d.kind()) {
          case TOOK -> taken.add(c.state() + " " + c.event() + " " + d.to());
          case REJECTED -> refusingGuards.add(d.guard());
          case ILLEGAL -> statesWithIllegalEvents.add(c.state());
          case FAILED -> assertThat(mode).isEqualTo(UserGuard.THROWS);
        }
      }
    }
    Set<String> edges = new HashSet<>();
    for (Edge e : TransitionTable.standard().edges()) {
      if (e.from() != null) {
        edges.add(e.from() + " " + e.event() + " " + e.to());
      }
    }
    assertThat(taken).isEqualTo(edges);
    // exitCode≠0 refuses only exit 0, where the earlier EXITED edge (exitCode=0) passes and is reported instead.
    Set<String> expectedRefusers = new HashSet<>(Scenarios.KNOB_OF_GUARD.keySet());
    expectedRefusers.remove("exitCode≠0");
    expectedRefusers.add("user");
    assertThat(refusingGuards).isEqualTo(expectedRefusers);
    assertThat(kinds).containsExactlyInAnyOrder(Decision.Kind.values());
    assertThat(statesWithIllegalEvents).containsExactlyInAnyOrder(JobState.values());
  }

  @Test
  void terminalStatesAcceptOnlyWhatTheTableAllows() {
    for (Scenarios.Case c : Scenarios.all()) {
      Decision d = Decision.of(new SsmEngine(Map.of()), c.context());
      if (c.state() == JobState.COMPLETED || (c.state() == JobState.FAILED && c.event() != JobEvent.RETRY)) {
        assertThat(d.kind()).as(c.toString()).isEqualTo(Decision.Kind.ILLEGAL);
      }
      if (c.state() == JobState.FAILED && c.event() == JobEvent.RETRY && d.kind() == Decision.Kind.TOOK) {
        assertThat(d.to()).isEqualTo(JobState.QUEUED);
      }
    }
  }
}
