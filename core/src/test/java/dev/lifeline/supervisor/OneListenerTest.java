package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobId;
import dev.lifeline.Lifecycle;
import dev.lifeline.Supervisor;
import dev.lifeline.Transition;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.Notice;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.testing.LifecycleHarness;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One listener on the lifecycle hears each transition exactly once and every notice of the supervisor. */
class OneListenerTest {

  /** Collects what it hears, in order. */
  private static final class Collector implements LifelineListener {
    final List<Transition> transitions = new ArrayList<>();
    final List<Notice> notices = new ArrayList<>();

    @Override
    public void onTransition(TransitionEvent event) {
      transitions.add(event.transition());
    }

    @Override
    public void onNotice(Notice notice) {
      notices.add(notice);
    }
  }

  /** Submit, start, lose the session (two missing notices), retry, start again, exit 0, complete. */
  private static List<JobId> liveThrough(LifecycleHarness h) {
    JobId id = h.submit(job("heard", 2)).id();
    h.tick();
    h.advance(Duration.ofSeconds(10)).vanish(id);
    h.tick(2);
    h.advance(Duration.ofMinutes(1)).tick();
    h.endSession(id, 0);
    h.tick();
    h.runtime().addForeignTaggedSession(JobId.of(99), 1, "ghost-99-1");
    h.tick();
    return List.of(id);
  }

  private static List<Transition> allHistory(LifecycleHarness h, List<JobId> ids) {
    return ids.stream().flatMap(id -> h.history(id).stream()).toList();
  }

  @Test
  void aListenerOnTheLifecycleHearsEachTransitionOnceAndEveryNotice() {
    Collector one = new Collector();
    LifecycleHarness h = LifecycleHarness.builder().lifecycle(l -> l.listener(one)).build();

    List<JobId> ids = liveThrough(h);

    assertThat(one.transitions).containsExactlyElementsOf(allHistory(h, ids));
    assertThat(one.notices).isEqualTo(h.notices());
    assertThat(one.notices).hasAtLeastOneElementOfType(Notice.SessionMissing.class)
        .hasAtLeastOneElementOfType(Notice.OrphanFound.class);
  }

  @Test
  void operatorVerbsAndPassesOfARestartedSupervisorReachTheSameListenerOncePerTransition() {
    Collector one = new Collector();
    LifecycleHarness h = LifecycleHarness.builder().lifecycle(l -> l.listener(one)).build();
    JobId cancelled = h.submit(job("cancelled")).id();
    JobId lost = h.submit(job("lost")).id();
    h.tick();
    h.cancel(cancelled);
    h.restartSupervisor();
    h.advance(Duration.ofSeconds(10)).vanish(lost);
    h.tick(2);

    assertThat(one.transitions).containsExactlyInAnyOrderElementsOf(allHistory(h, List.of(cancelled, lost)));
    assertThat(one.transitions).extracting(Transition::actor).contains(LifecycleHarness.OPERATOR, "supervisor");
    assertThat(one.notices).isEqualTo(h.notices()).hasAtLeastOneElementOfType(Notice.SessionMissing.class);
    assertThat(Stream.of(one.notices.toArray()).distinct().count()).isEqualTo(one.notices.size());
  }

  @Test
  void twoListenersEachHearEverythingOnce() {
    Collector first = new Collector();
    Collector second = new Collector();
    LifecycleHarness h = LifecycleHarness.builder().lifecycle(l -> l.listener(first).listener(second)).build();

    List<JobId> ids = liveThrough(h);

    assertThat(first.transitions).containsExactlyElementsOf(allHistory(h, ids));
    assertThat(second.transitions).isEqualTo(first.transitions);
    assertThat(first.notices).isEqualTo(h.notices()).isNotEmpty();
    assertThat(second.notices).isEqualTo(first.notices);
  }

  @Test
  void theSupervisorBuilderHasNoListenerOfItsOwnSoTheLifecycleIsTheOnePlaceToListen() {
    assertThat(Stream.of(Supervisor.Builder.class.getMethods()).map(Method::getName)).doesNotContain("listener");
    assertThat(Stream.of(Lifecycle.Builder.class.getMethods()).map(Method::getName)).contains("listener");
  }

  @Test
  void aPlanTellsNoListener() {
    Collector one = new Collector();
    LifecycleHarness h = LifecycleHarness.builder().lifecycle(l -> l.listener(one)).build();
    JobId id = h.submit(job("planned")).id();
    int heardBefore = one.transitions.size();

    h.plan();

    assertThat(one.transitions).hasSize(heardBefore);
    assertThat(one.notices).isEmpty();
    assertThat(h.history(id)).hasSize(1);
  }
}
