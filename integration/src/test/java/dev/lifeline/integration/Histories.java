package dev.lifeline.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.TransitionTable;
import java.util.List;
import java.util.Objects;

/** Checks that a job's history is a legal walk of the transition table ending at its row. Stateless. */
final class Histories {

  private Histories() {}

  /**
   * The history as short steps, {@code EVENT>TO#ATTEMPT}, with the reason for FAILED: for example
   * {@code LOST>FAILED#1(SESSION_LOST)}.
   */
  static List<String> steps(List<Transition> history) {
    return history.stream().map(Histories::step).toList();
  }

  static String step(Transition t) {
    return t.event() + ">" + t.to() + "#" + t.attempt() + (t.reason() == null ? "" : "(" + t.reason() + ")");
  }

  /**
   * Asserts: the first row is SUBMIT into QUEUED at attempt 0; every row leaves the state the previous one entered;
   * every (from, event, to) is an edge of {@link TransitionTable#standard()}; START raises the attempt by one and
   * nothing else changes it; the row's state, attempt and failure reason equal the last history row's.
   */
  static void assertLegal(Job job, List<Transition> history) {
    String who = "job " + job.id() + " " + steps(history);
    assertThat(history).as(who).isNotEmpty();
    Transition first = history.get(0);
    assertThat(first.event()).as(who).isEqualTo(JobEvent.SUBMIT);
    assertThat(first.to()).as(who).isEqualTo(JobState.QUEUED);
    assertThat(first.attempt()).as(who).isZero();
    TransitionTable table = TransitionTable.standard();
    for (int i = 1; i < history.size(); i++) {
      Transition prev = history.get(i - 1);
      Transition t = history.get(i);
      assertThat(t.from()).as("%s: row %d leaves the state row %d entered", who, i, i - 1).isEqualTo(prev.to());
      assertThat(table.edges(t.from(), t.event()).stream().anyMatch(e -> e.to() == t.to()))
          .as("%s: %s %s->%s is an edge of the standard table", who, t.event(), t.from(), t.to()).isTrue();
      int expectedAttempt = t.event() == JobEvent.START ? prev.attempt() + 1 : prev.attempt();
      assertThat(t.attempt()).as("%s: attempt of row %d", who, i).isEqualTo(expectedAttempt);
      assertThat(t.at()).as("%s: row %d is not older than row %d", who, i, i - 1).isAfterOrEqualTo(prev.at());
    }
    Transition last = history.get(history.size() - 1);
    assertThat(job.state()).as("%s: the row's state is the last history row's", who).isEqualTo(last.to());
    assertThat(job.attempt()).as("%s: the row's attempt is the last history row's", who).isEqualTo(last.attempt());
    if (job.state() == JobState.FAILED) {
      assertThat(Objects.equals(job.failureReason(), last.reason()))
          .as("%s: the row's reason %s is the last history row's", who, job.failureReason()).isTrue();
    }
  }
}
