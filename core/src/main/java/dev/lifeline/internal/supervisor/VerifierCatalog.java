package dev.lifeline.internal.supervisor;

import dev.lifeline.Job;
import dev.lifeline.Lifecycle;
import dev.lifeline.VerifierSpec;
import dev.lifeline.spi.Verdict;
import dev.lifeline.spi.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the {@link VerifierSpec}s stored with a job into runnable steps: the built-ins (command, file exists,
 * operator approval) and the custom verifiers registered by name. Immutable; thread-safe.
 */
final class VerifierCatalog {

  /** What an approval verifier answers. */
  static final String AWAITING_OPERATOR = "waiting for an operator to approve or reject";

  /**
   * One verifier of one job, ready to run.
   *
   * @param label how notices and details name it
   * @param allowance how long it may take before the supervisor counts it as timed out
   * @param check runs it
   */
  record Step(String label, Duration allowance, Function<Job, Verdict> check) {}

  private final Map<String, Verifier> custom;
  private final Duration verifierTimeout;

  VerifierCatalog(Map<String, Verifier> custom, Duration verifierTimeout) {
    this.custom = Map.copyOf(custom);
    this.verifierTimeout = verifierTimeout;
  }

  /** The custom verifiers registered on {@code lifecycle}, by name. */
  static Map<String, Verifier> registeredOn(Lifecycle lifecycle) {
    Map<String, Verifier> out = new LinkedHashMap<>();
    for (String name : lifecycle.verifierNames()) {
      lifecycle.verifier(name).ifPresent(v -> out.put(name, v));
    }
    return out;
  }

  List<Step> steps(Job job) {
    return job.spec().verifiers().stream().map(this::step).toList();
  }

  /** The longest the steps may take together. */
  static Duration allowance(List<Step> steps) {
    return steps.stream().map(Step::allowance).reduce(Duration.ZERO, SaturatingTime::sum);
  }

  private Step step(VerifierSpec spec) {
    if (spec instanceof VerifierSpec.Command c) {
      return new Step("command `" + c.command() + "`", c.timeout(),
          job -> CommandVerifier.run(job, c.command(), c.timeout()));
    }
    if (spec instanceof VerifierSpec.FileExists f) {
      return new Step("file " + f.path(), verifierTimeout, job -> fileExists(job, f.path()));
    }
    if (spec instanceof VerifierSpec.Approval) {
      return new Step("approval", verifierTimeout, job -> Verdict.pending(AWAITING_OPERATOR));
    }
    VerifierSpec.Custom c = (VerifierSpec.Custom) spec;
    Verifier v = custom.get(c.name());
    if (v == null) {
      return new Step(c.name(), verifierTimeout,
          job -> Verdict.failed("no verifier named '" + c.name() + "' is registered on the lifecycle"));
    }
    return new Step(c.name(), verifierTimeout, job -> v.verify(job, c.argument()));
  }

  private static Verdict fileExists(Job job, String path) {
    Path p = Path.of(path);
    if (!p.isAbsolute() && job.spec().cwd() != null) {
      p = Path.of(job.spec().cwd()).resolve(p);
    }
    return Files.exists(p) ? Verdict.passed() : Verdict.failed("file " + p + " does not exist");
  }
}
