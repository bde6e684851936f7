package dev.lifeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.DiagramFormat;
import dev.lifeline.EventContext;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.testing.InMemoryJobStore;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A lifecycle makes its engine on its first decision: reads and submits never pay for the state machine. */
class LazyEngineTest {

  @Test
  void readsAndSubmitsMakeNoEngineAndTheFirstDecisionMakesIt() {
    Lifecycle lc = Lifecycle.builder().store(new InMemoryJobStore()).build();
    assertThat(Engines.engineMade(lc)).isFalse();

    JobId id = lc.submit(JobSpec.builder("true").build()).id();
    lc.submit(JobSpec.builder("true").build(), "key");
    lc.get(id);
    lc.find(id);
    lc.list(Set.of(JobState.QUEUED), 10);
    lc.history(id);
    lc.counts();
    lc.allowedEvents(JobState.QUEUED);
    lc.diagram(DiagramFormat.MERMAID);
    lc.verifierNames();

    assertThat(Engines.engineMade(lc)).isFalse();

    lc.fire(id, JobEvent.CANCEL, EventContext.none());

    assertThat(Engines.engineMade(lc)).isTrue();
  }

  @Test
  void aLifecycleOverAPlanningStoreSharesTheEngineOnceMade() {
    DefaultLifecycle lc = (DefaultLifecycle) Lifecycle.builder().store(new InMemoryJobStore()).build();
    lc.fire(lc.submit(JobSpec.builder("true").build()).job(), JobEvent.START, EventContext.none());

    Lifecycle planning = lc.over(new InMemoryJobStore());

    assertThat(Engines.engineMade(planning)).isTrue();
    assertThat(((DefaultLifecycle) planning).engine()).isSameAs(lc.engine());
  }
}
