package dev.lifeline.spi;

import dev.lifeline.Job;

/**
 * Decides whether a job that exited 0 did its work. Called off the supervisor's thread, possibly concurrently for
 * different jobs; must not change the job (the supervisor fires PASS or REJECT from the verdict). Implementations
 * should return {@link Verdict.Failed} rather than throw; a throwing verifier counts as failed with the exception's
 * message.
 */
@FunctionalInterface
public interface Verifier {
  Verdict verify(Job job);

  /**
   * Verifies {@code job} for a {@link dev.lifeline.VerifierSpec.Custom} spec that names this verifier, with the
   * spec's {@code argument}. The default ignores the argument and calls {@link #verify(Job)}.
   */
  default Verdict verify(Job job, String argument) {
    return verify(job);
  }
}
