package dev.lifeline.internal.supervisor;

import dev.lifeline.event.Notice;
import dev.lifeline.spi.Observation;

/** Step 1: one batched look at the runtime; a runtime that errs or answers nothing is UNKNOWN. Stateless. */
final class ObserveStep {

  private ObserveStep() {}

  static void run(PassContext c) {
    Observation o;
    try {
      o = c.runtime.observeAll();
      if (o == null) {
        o = Observation.unknown(c.now, "the runtime returned no observation");
      }
    } catch (RuntimeException e) {
      o = Observation.unknown(c.now, "observing the runtime failed: " + VerificationRun.describe(e));
    }
    c.observation = o;
    if (o.healthy()) {
      c.memory.unknownSince = null;
    } else {
      if (c.memory.unknownSince == null) {
        c.memory.unknownSince = c.now;
      }
      c.notice(new Notice.RuntimeUnknown(c.now, o.unknownReason()));
    }
  }
}
