package dev.lifeline.internal.supervisor;

import dev.lifeline.PassReport;

/**
 * One supervisor pass (ARCHITECTURE.md, "Inside core"): observe the runtime once, then PROCESSING, VERIFICATION, and
 * — only when the runtime answered — RETRY, ABANDON, stopping finished attempts, START and orphans. The same code makes a
 * {@link DefaultSupervisor#tick() tick} and a {@link DefaultSupervisor#plan() plan}; only the {@link PassContext}
 * differs. Stateless.
 */
final class Pass {

  private Pass() {}

  static PassReport run(PassContext c) {
    ObserveStep.run(c);
    c.step("processing", ProcessingStep::run);
    c.step("verification", VerificationStep::run);
    if (c.observation.healthy()) {
      c.step("retry", RetryStep::run);
      c.step("abandon", AbandonStep::run);
      c.step("stop", StopStep::run);
      c.step("start", StartStep::run);
      c.step("orphan", OrphanStep::run);
    }
    c.forgetSolvedProblems();
    return new PassReport(c.now, false, c.observation.healthy() ? null : c.observation.unknownReason(),
        c.memory.unknownSince, c.actions(), c.notices(), c.problem());
  }
}
