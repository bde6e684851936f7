package dev.lifeline.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobSpec;
import dev.lifeline.Lifecycle;
import dev.lifeline.LifelineView;
import dev.lifeline.testing.InMemoryJobStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link LifelineView#awaitChange}: a live view wakes on a commit made through another handle on the store. */
class ViewAwaitsChangeTest {

  private final InMemoryJobStore store = new InMemoryJobStore();
  private final LifelineView view = LifelineView.builder().store(store).build();

  @Test
  void aCommitThroughAnotherHandleWakesTheView() throws Exception {
    CompletableFuture<Boolean> woke = CompletableFuture.supplyAsync(() -> {
      try {
        return view.awaitChange(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });

    Lifecycle.builder().store(store.sharingInstance()).build().submit(JobSpec.builder("true").build());

    assertThat(woke.get(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void withNoChangeItReturnsFalseAtTheTimeout() throws Exception {
    assertThat(view.awaitChange(Duration.ofMillis(20))).isFalse();
  }
}
