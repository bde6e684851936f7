package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifeline.spi.Verdict;
import dev.lifeline.spi.Verifier;
import dev.lifeline.testing.InMemoryJobStore;
import org.junit.jupiter.api.Test;

/** Custom verifiers are registered on the lifecycle, and a job naming an unknown one is refused at submit. */
class VerifierRegistrationTest {

  private final InMemoryJobStore store = new InMemoryJobStore();
  private final Verifier ok = job -> Verdict.passed();

  @Test
  void aJobNamingAnUnregisteredVerifierIsRefusedAtSubmitAndNothingIsWritten() {
    Lifecycle lc = Lifecycle.builder().store(store).verifier("coverage", ok).build();
    JobSpec spec = JobSpec.builder("make").verify(new VerifierSpec.Custom("covrage", null)).build();

    UnknownVerifierException e = catchThrowableOfType(() -> lc.submit(spec, "key"), UnknownVerifierException.class);

    assertThat(e.verifier()).isEqualTo("covrage");
    assertThat(e.registered()).containsExactly("coverage");
    assertThat(e).hasMessage("No verifier named 'covrage' is registered (registered: coverage).");
    assertThat(store.counts().values()).allMatch(n -> n == 0);
    assertThat(lc.list(java.util.Set.of(), 10)).isEmpty();
  }

  @Test
  void aJobNamingARegisteredVerifierIsSubmitted() {
    Lifecycle lc = Lifecycle.builder().store(store).verifier("coverage", ok).build();

    Job job = lc.submit(JobSpec.builder("make").verify(new VerifierSpec.Custom("coverage", "80")).build()).job();

    assertThat(lc.get(job.id()).spec().verifiers()).containsExactly(new VerifierSpec.Custom("coverage", "80"));
  }

  @Test
  void builtInVerifiersNeedNoRegistration() {
    Lifecycle lc = Lifecycle.builder().store(store).build();

    lc.submit(JobSpec.builder("make").verify(new VerifierSpec.FileExists("out")).verify(new VerifierSpec.Approval())
        .build());

    assertThat(store.counts().get(JobState.QUEUED)).isEqualTo(1L);
  }

  @Test
  void theLifecycleNamesItsVerifiersInRegistrationOrderAndHandsThemOut() {
    Verifier lint = job -> Verdict.failed("lint");
    Lifecycle lc = Lifecycle.builder().store(store).verifier("lint", lint).verifier("coverage", ok).build();

    assertThat(lc.verifierNames()).containsExactly("lint", "coverage");
    assertThat(lc.verifier("lint")).containsSame(lint);
    assertThat(lc.verifier("nobody")).isEmpty();
  }

  @Test
  void aNameCanBeRegisteredOnlyOnce() {
    Lifecycle.Builder b = Lifecycle.builder().store(store).verifier("lint", ok);

    assertThatThrownBy(() -> b.verifier("lint", ok)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already registered");
    assertThatThrownBy(() -> b.verifier(" ", ok)).isInstanceOf(IllegalArgumentException.class);
  }
}
