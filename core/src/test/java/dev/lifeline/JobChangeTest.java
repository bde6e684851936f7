package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every write returns the job as written together with the very history row written with it. */
class JobChangeTest {

  private final MutableClock clock = MutableClock.startingAt2026();
  private final Lifecycle lc = Lifecycle.builder().store(new InMemoryJobStore()).clock(clock).actor("me").build();

  private static Transition last(List<Transition> history) {
    return history.get(history.size() - 1);
  }

  @Test
  void submitReturnsTheJobWithItsSubmitRow() {
    JobChange change = lc.submit(JobSpec.builder("true").build());

    assertThat(change.transition()).isEqualTo(lc.history(change.id()).get(0));
    assertThat(change.transition().event()).isEqualTo(JobEvent.SUBMIT);
    assertThat(change.job()).isEqualTo(lc.get(change.id()));
  }

  @Test
  void submittingAKeyAgainReturnsTheFirstJobWithItsOwnSubmitRow() {
    JobChange first = lc.submit(JobSpec.builder("true").build(), "k");
    clock.advance(Duration.ofMinutes(1));

    JobChange again = lc.submit(JobSpec.builder("true").build(), "k");

    assertThat(again).isEqualTo(first);
    assertThat(lc.history(first.id())).hasSize(1);
  }

  @Test
  void fireReturnsTheRowItWroteWithTheDetailReasonAndActor() {
    JobChange started = lc.startNext(1).orElseGet(() -> lc.fire(lc.submit(JobSpec.builder("x").build()).job(),
        JobEvent.START, EventContext.none()));
    clock.advance(Duration.ofSeconds(5));

    JobChange failed = lc.fire(started.job(), JobEvent.EXITED, EventContext.exitCode(3).withActor("watcher"));

    assertThat(failed.transition()).isEqualTo(last(lc.history(failed.id())));
    assertThat(failed.transition().reason()).isEqualTo(FailureReason.EXIT_CODE);
    assertThat(failed.transition().detail()).isEqualTo("exited with code 3");
    assertThat(failed.transition().actor()).isEqualTo("watcher");
    assertThat(failed.transition().at()).isEqualTo(clock.instant());
    assertThat(failed.job()).isEqualTo(lc.get(failed.id()));
  }

  @Test
  void startNextReturnsTheClaimedJobWithItsStartRow() {
    lc.submit(JobSpec.builder("x").name("low").build());
    JobId high = lc.submit(JobSpec.builder("x").name("high").priority(5).build()).id();

    JobChange started = lc.startNext(2).orElseThrow();

    assertThat(started.id()).isEqualTo(high);
    assertThat(started.transition()).isEqualTo(last(lc.history(high)));
    assertThat(started.transition().event()).isEqualTo(JobEvent.START);
    assertThat(started.job()).isEqualTo(lc.get(high));
  }

  @Test
  void decideReturnsWhatFireThenWrites() {
    Job queued = lc.submit(JobSpec.builder("x").build()).job();

    JobChange wouldBe = lc.decide(queued, JobEvent.CANCEL, EventContext.detail("why"));
    JobChange written = lc.fire(queued, JobEvent.CANCEL, EventContext.detail("why"));

    assertThat(wouldBe).isEqualTo(written);
  }

  @Test
  void aChangeRefusesTheRowOfAnotherJob() {
    JobChange a = lc.submit(JobSpec.builder("a").build());
    JobChange b = lc.submit(JobSpec.builder("b").build());

    assertThatThrownBy(() -> new JobChange(a.job(), b.transition())).isInstanceOf(IllegalArgumentException.class);
  }
}
