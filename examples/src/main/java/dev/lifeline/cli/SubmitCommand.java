package dev.lifeline.cli;

import dev.lifeline.Job;
import dev.lifeline.JobSpec;
import dev.lifeline.Lifecycle;
import dev.lifeline.VerifierSpec;
import dev.lifeline.spi.JobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code lifeline submit}: enqueues a job and prints its id alone. */
@Command(name = "submit", sortOptions = false,
    description = "Enqueue a job; prints its id alone on stdout. The same --key returns the same id.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  lifeline submit -- make test",
        "  lifeline submit --name nightly --timeout 2h --max-attempts 3 \\",
        "      --verify-file out/report.html -- ./build.sh",
        "  id=$(lifeline submit --key deploy-42 --approval -- ./deploy.sh v42)"})
final class SubmitCommand implements Callable<Integer> {

  @ParentCommand
  private LifelineCommand root;

  @Spec
  private CommandSpec spec;

  @Option(names = "--name", paramLabel = "N", description = "A human name (default: the command's file name).")
  private String name;

  @Option(names = "--priority", paramLabel = "P", description = "Higher runs sooner (default ${DEFAULT-VALUE}).",
      defaultValue = "0")
  private int priority;

  @Option(names = "--max-attempts", paramLabel = "K",
      description = "How many attempts automatic retries may lead to (default ${DEFAULT-VALUE}).", defaultValue = "1")
  private int maxAttempts;

  @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "Fail an attempt that runs (or verifies) longer than this: 90s, 5m, 2h, PT5M.")
  private Duration timeout;

  @Option(names = "--verify-cmd", paramLabel = "CMD",
      description = "After exit 0, run CMD with /bin/sh -c in the job's directory; exit 0 passes.")
  private List<String> verifyCommands = List.of();

  @Option(names = "--verify-timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "How long each --verify-cmd may run (default 5m).")
  private Duration verifyTimeout;

  @Option(names = "--verify-file", paramLabel = "PATH",
      description = "After exit 0, PATH (relative to the job's directory) must exist.")
  private List<String> verifyFiles = List.of();

  @Option(names = "--approval", description = "After exit 0, wait for `lifeline approve` or `lifeline reject`.")
  private boolean approval;

  @Option(names = "--cwd", paramLabel = "DIR", description = "The working directory (default: the current one).")
  private Path cwd;

  @Option(names = "--env", paramLabel = "K=V", description = "An environment variable for the job (repeatable).")
  private Map<String, String> env = new LinkedHashMap<>();

  @Option(names = "--key", paramLabel = "KEY",
      description = "An idempotency key: submitting the same key again returns the first job's id.")
  private String key;

  @Parameters(arity = "1..*", paramLabel = "ARGV",
      description = "The command and its arguments, run exactly as given (no shell).")
  private List<String> argv;

  @Override
  public Integer call() {
    if (maxAttempts < 1) {
      throw new ParameterException(spec.commandLine(), "--max-attempts must be at least 1, got " + maxAttempts);
    }
    if (timeout != null && timeout.isZero()) {
      throw new ParameterException(spec.commandLine(), "--timeout must be longer than zero");
    }
    if (argv.get(0).isBlank()) {
      throw new ParameterException(spec.commandLine(), "The command (first ARGV) must not be blank");
    }
    JobSpec.Builder b = JobSpec.builder(argv)
        .name(name != null ? name : defaultName(argv.get(0)))
        .cwd((cwd != null ? cwd : Path.of("")).toAbsolutePath().normalize().toString())
        .priority(priority)
        .maxAttempts(maxAttempts)
        .timeout(timeout);
    env.forEach(b::env);
    for (String c : verifyCommands) {
      b.verify(new VerifierSpec.Command(c, verifyTimeout));
    }
    for (String f : verifyFiles) {
      b.verify(new VerifierSpec.FileExists(f));
    }
    if (approval) {
      b.verify(new VerifierSpec.Approval());
    }
    JobSpec jobSpec;
    try {
      jobSpec = b.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Wiring w = root.wiring();
    try (JobStore store = w.openForWrite()) {
      Lifecycle lifecycle = w.submitter(store);
      Job job = lifecycle.submit(jobSpec, key);
      spec.commandLine().getOut().println(job.id());
    }
    return ExitCodes.OK;
  }

  static String defaultName(String command) {
    String n = command;
    int slash = n.lastIndexOf('/');
    if (slash >= 0 && slash < n.length() - 1) {
      n = n.substring(slash + 1);
    }
    return n.isBlank() ? "job" : n;
  }
}
