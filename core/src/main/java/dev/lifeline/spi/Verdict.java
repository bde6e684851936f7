package dev.lifeline.spi;

import java.util.Objects;

/**
 * A verifier's answer (ARCHITECTURE.md "The ports"): {@link Passed}, {@link Failed} with a reason, or {@link Pending}
 * for operator approval, where the job stays in VERIFICATION until an operator fires PASS or REJECT.
 */
public sealed interface Verdict {

  record Passed() implements Verdict {}

  /** @param reason one line, recorded as the failure detail */
  record Failed(String reason) implements Verdict {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** @param reason what the job waits for */
  record Pending(String reason) implements Verdict {
    public Pending {
      Objects.requireNonNull(reason, "reason");
    }
  }

  static Verdict passed() {
    return new Passed();
  }

  static Verdict failed(String reason) {
    return new Failed(reason);
  }

  static Verdict pending(String reason) {
    return new Pending(reason);
  }
}
