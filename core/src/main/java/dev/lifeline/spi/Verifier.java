package dev.lifeline.spi;

import dev.lifeline.Job;

/**
 * Decides whether a job that exited 0 did its work: {@link Verdict.Passed}, {@link Verdict.Failed} with a reason, or
 * {@link Verdict.Pending} (an operator must decide). The supervisor runs a job's verifiers off its own thread, with
 * a timeout, in the spec's order: the first failure decides (REJECT with its reason), a pending verdict counts only
 * when nothing failed (the job waits for an operator), and PASS needs every one to pass.
 *
 * <p>A verifier must not change the job (the supervisor fires PASS or REJECT from the verdict). It should return
 * {@link Verdict.Failed} rather than throw; a throwing verifier, or one that outlives the timeout, counts as failed
 * with the exception's message. The built-ins are chosen by {@link dev.lifeline.VerifierSpec} (a command exiting 0
 * in the job's cwd, a file that exists, operator approval); a {@link dev.lifeline.VerifierSpec.Custom} names one
 * registered under that name with {@link dev.lifeline.Lifecycle.Builder#verifier(String, Verifier)} (an unknown name is
 * refused at submit). There is no contract suite for verifiers.
 *
 * <p>Implementations must be thread-safe: one verifier may be called concurrently for different jobs.
 */
@FunctionalInterface
public interface Verifier {
  /**
   * Verifies {@code job}, which is in VERIFICATION after its attempt exited 0.
   *
   * @param job the job as stored when verification started
   * @return the verdict; never {@code null}
   */
  Verdict verify(Job job);

  /**
   * Verifies {@code job} for a {@link dev.lifeline.VerifierSpec.Custom} spec that names this verifier, with the
   * spec's {@code argument}. The default ignores the argument and calls {@link #verify(Job)}.
   *
   * @param job the job as stored when verification started
   * @param argument the custom spec's argument (may be empty)
   * @return the verdict; never {@code null}
   */
  default Verdict verify(Job job, String argument) {
    return verify(job);
  }
}
