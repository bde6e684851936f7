package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSpecValidationTest {

  private static JobSpec.Builder plain() {
    return JobSpec.builder("true");
  }

  private static void refused(Runnable build, String field, String inMessage) {
    assertThatThrownBy(build::run).isInstanceOf(InvalidJobSpecException.class)
        .hasMessageContaining(inMessage)
        .satisfies(e -> assertThat(((InvalidJobSpecException) e).field()).isEqualTo(field));
  }

  @Test
  void numbersOutsideTheirRangesAreRefusedNamingTheField() {
    refused(() -> plain().priority(JobSpec.MAX_PRIORITY + 1).build(), "priority", "between -1000000 and 1000000");
    refused(() -> plain().priority(Integer.MIN_VALUE).build(), "priority", "priority");
    refused(() -> plain().maxAttempts(0).build(), "maxAttempts", "between 1 and 1000");
    refused(() -> plain().maxAttempts(1001).build(), "maxAttempts", "got 1001");
  }

  @Test
  void timeoutsOutsideOneSecondToAYearAreRefused() {
    refused(() -> plain().timeout(Duration.ofDays(366)).build(), "timeout", "between 1s and 365d");
    refused(() -> plain().timeout(Duration.ofMillis(999)).build(), "timeout", "between 1s and 365d");
    refused(() -> plain().timeout(Duration.ofSeconds(Long.MAX_VALUE)).build(), "timeout", "timeout");
    refused(() -> plain().verify(new VerifierSpec.Command("true", Duration.ofDays(999_999_999L))).build(),
        "verifiers", "verify command's timeout");
  }

  @Test
  void theBoundsThemselvesAreAccepted() {
    JobSpec low = plain().priority(JobSpec.MIN_PRIORITY).maxAttempts(1).timeout(JobSpec.MIN_TIMEOUT).build();
    JobSpec high = plain().priority(JobSpec.MAX_PRIORITY).maxAttempts(JobSpec.MAX_ATTEMPTS)
        .timeout(JobSpec.MAX_TIMEOUT).verify(new VerifierSpec.Command("true", JobSpec.MAX_TIMEOUT)).build();

    assertThat(low.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(high.maxAttempts()).isEqualTo(1000);
  }

  @Test
  void environmentNamesMustBePosixNames() {
    for (String bad : List.of("1BAD", "", "A B", "A=B", "A\0B", "é", "A-B", "A.B")) {
      refused(() -> plain().env(bad, "x").build(), "env", "not a valid name");
    }
  }

  @Test
  void namesTheWrapperOrAShellUsesAreValidAndKeptExactly() {
    Map<String, String> env = Map.of("n", "2", "i", "x", "cwd", "/etc", "IFS", " ", "PATH", "/nowhere", "ENV", "e",
        "BASH_ENV", "b", "PS4", "+", "SHELLOPTS", "xtrace", "_", "u");
    JobSpec.Builder b = plain();
    env.forEach(b::env);

    assertThat(b.build().env()).isEqualTo(env);
  }

  @Test
  void aNulCharacterIsRefusedWhereverItWouldReachAProcess() {
    refused(() -> JobSpec.builder("echo", "a\0b").build(), "argv[1]", "NUL");
    refused(() -> plain().name("n\0").build(), "name", "NUL");
    refused(() -> plain().cwd("/tmp\0x").build(), "cwd", "NUL");
    refused(() -> plain().env("A", "v\0").build(), "env", "NUL");
    refused(() -> plain().verify(new VerifierSpec.FileExists("o\0")).build(), "verifiers", "NUL");
    refused(() -> plain().verify(new VerifierSpec.Command("true\0", null)).build(), "verifiers", "NUL");
  }

  @Test
  void anEmptyOrBlankCommandAndABlankDirectoryAreRefused() {
    refused(() -> JobSpec.builder(List.of()).build(), "argv", "argv is empty");
    refused(() -> JobSpec.builder(" ").build(), "argv[0]", "must not be blank");
    refused(() -> plain().cwd("  ").build(), "cwd", "must not be blank");
    refused(() -> plain().name("x".repeat(1001)).build(), "name", "at most 1000");
  }

  @Test
  void controlCharactersOtherThanNulAreCarried() {
    JobSpec spec = JobSpec.builder("echo", "line1\nline2", "\u001b[31m").name("a\nb\u202e").build();

    assertThat(spec.argv()).containsExactly("echo", "line1\nline2", "\u001b[31m");
    assertThat(spec.name()).isEqualTo("a\nb\u202e");
  }

  @Test
  void anUnpairedSurrogateIsRefusedInEveryTextThatReachesAProcess() {
    refused(() -> JobSpec.builder("echo", "a\ud800b").build(), "argv[1]", "unpaired UTF-16 surrogate (at index 1)");
    refused(() -> JobSpec.builder("\udc00").build(), "argv[0]", "unpaired UTF-16 surrogate");
    refused(() -> plain().name("x\udbff").build(), "name", "unpaired UTF-16 surrogate");
    refused(() -> plain().cwd("/tmp/\udfff").build(), "cwd", "unpaired UTF-16 surrogate");
    refused(() -> plain().env("A", "\ud83d").build(), "env", "unpaired UTF-16 surrogate");
    refused(() -> plain().verify(new VerifierSpec.FileExists("o\udc00")).build(), "verifiers", "surrogate");
    refused(() -> plain().verify(new VerifierSpec.Command("\ud800 true", null)).build(), "verifiers", "surrogate");
    refused(() -> JobSpec.builder("echo", "\udc00\ud800").build(), "argv[1]", "at index 0");
  }

  @Test
  void pairedSurrogatesAreCarriedExactly() {
    JobSpec spec = JobSpec.builder("echo", "\ud83d\ude80", "a\ud800\udc00").name("\ud83d\ude80").cwd("/tmp/\ud83d\ude80")
        .env("ROCKET", "\ud83d\ude80").build();

    assertThat(spec.argv()).containsExactly("echo", "\ud83d\ude80", "a\ud800\udc00");
    assertThat(spec.env()).containsEntry("ROCKET", "\ud83d\ude80");
    assertThat(spec.cwd()).isEqualTo("/tmp/\ud83d\ude80");
  }

  @Test
  void aCommandHoldingAnEqualsSignIsRefusedWhenTheJobSetsEnvironmentVariables() {
    refused(() -> JobSpec.builder("X=1").env("A", "1").build(), "argv[0]", "contains '='");
    refused(() -> JobSpec.builder("./a=b", "x").env("A", "1").build(), "argv[0]", "env(1)");
  }

  @Test
  void anEqualsSignIsCarriedInTheCommandWithoutEnvironmentAndInArgumentsAlways() {
    JobSpec noEnv = JobSpec.builder("./a=b", "x=y").build();
    JobSpec withEnv = JobSpec.builder("echo", "X=1").env("A", "1").build();

    assertThat(noEnv.argv()).containsExactly("./a=b", "x=y");
    assertThat(withEnv.argv()).containsExactly("echo", "X=1");
  }

  @Test
  void aBlankVerifierOrANonPositiveVerifyTimeoutIsAnInvalidJobSpecNamingVerifiers() {
    refused(() -> new VerifierSpec.Command(" ", null), "verifiers", "verify command must not be blank");
    refused(() -> new VerifierSpec.Command("true", Duration.ZERO), "verifiers", "must be positive");
    refused(() -> new VerifierSpec.Command("true", Duration.ofSeconds(-1)), "verifiers", "must be positive");
    refused(() -> new VerifierSpec.FileExists(""), "verifiers", "verify file path must not be blank");
  }
}
