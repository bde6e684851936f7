package dev.lifeline.supervisor;

import dev.lifeline.JobSpec;
import dev.lifeline.PassReport;
import dev.lifeline.VerifierSpec;
import java.time.Duration;
import java.util.List;

/** Job specs and report readers shared by the supervisor tests. */
final class Specs {

  private Specs() {}

  static JobSpec job(String name) {
    return JobSpec.builder("run", name).name(name).build();
  }

  static JobSpec job(String name, int maxAttempts) {
    return JobSpec.builder("run", name).name(name).maxAttempts(maxAttempts).build();
  }

  static JobSpec withTimeout(String name, Duration timeout, int maxAttempts) {
    return JobSpec.builder("run", name).name(name).timeout(timeout).maxAttempts(maxAttempts).build();
  }

  static JobSpec verified(String name, VerifierSpec... verifiers) {
    JobSpec.Builder b = JobSpec.builder("run", name).name(name);
    for (VerifierSpec v : verifiers) {
      b.verify(v);
    }
    return b.build();
  }

  /** Every action label of a report, in order. */
  static List<String> labels(PassReport report) {
    return report.actions().stream().map(PassReport.Action::label).toList();
  }
}
