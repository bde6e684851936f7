package dev.lifeline.internal.view;

import dev.lifeline.HealthProblem;
import dev.lifeline.spi.PassRecord;
import java.util.Optional;

/**
 * The one failing-passes rule: the lease holder's latest pass record with at least the threshold of consecutive
 * failures is {@link HealthProblem.PassesFailing}, carrying the latest failure's sentence. A supervisor that failed
 * fewer passes than that, or whose latest pass completed, is not reported. Stateless and thread-safe.
 */
public final class PassesFailingRule {

  private PassesFailingRule() {}

  /** The problem {@code lastPass} shows under {@code threshold} (at least 1), or empty. */
  public static Optional<HealthProblem.PassesFailing> judge(Optional<PassRecord> lastPass, int threshold) {
    return lastPass.filter(p -> p.consecutiveFailures() >= threshold)
        .map(p -> new HealthProblem.PassesFailing(p.holder(), p.consecutiveFailures(), p.at(), p.problem()));
  }
}
