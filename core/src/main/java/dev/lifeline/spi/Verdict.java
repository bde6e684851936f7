package dev.lifeline.spi;

import java.util.Objects;

/**
 * A verifier's answer (ARCHITECTURE.md "The ports"): {@link Passed}, {@link Failed} with a reason, or {@link Pending}
 * for operator approval, where the job stays in VERIFICATION until an operator fires PASS or REJECT.
 */
public sealed interface Verdict {

  /** The attempt did its work. */
  record Passed() implements Verdict {}

  /** @param reason one line, recorded as the failure detail */
  record Failed(String reason) implements Verdict {
    /**
     * Checks the reason is present.
     *
     * @param reason one line, recorded as the failure detail
     * @throws NullPointerException when {@code reason} is {@code null}
     */
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** @param reason what the job waits for */
  record Pending(String reason) implements Verdict {
    /**
     * Checks the reason is present.
     *
     * @param reason what the job waits for
     * @throws NullPointerException when {@code reason} is {@code null}
     */
    public Pending {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The attempt did its work.
   *
   * @return a {@link Passed}
   */
  static Verdict passed() {
    return new Passed();
  }

  /**
   * The attempt did not do its work.
   *
   * @param reason one line, recorded as the failure detail
   * @return a {@link Failed}
   */
  static Verdict failed(String reason) {
    return new Failed(reason);
  }

  /**
   * An operator must decide.
   *
   * @param reason what the job waits for
   * @return a {@link Pending}
   */
  static Verdict pending(String reason) {
    return new Pending(reason);
  }
}
