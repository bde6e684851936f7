package dev.lifeline.cli;

import dev.lifeline.Job;
import dev.lifeline.JobSpec;
import dev.lifeline.VerifierSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/** {@code lifeline submit}: enqueues a job and prints its id alone. */
final class SubmitCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;
  private final OptionSpec nameOption = Specs.text("--name", "N", true,
      "A human name (default: the command's file name; at most " + JobSpec.MAX_NAME_LENGTH + " characters).")
      .build();
  private final OptionSpec priorityOption = Specs.integer("--priority", "P", JobSpec.MIN_PRIORITY,
      JobSpec.MAX_PRIORITY, "Higher runs sooner (default ${DEFAULT-VALUE}).").defaultValue("0").build();
  private final OptionSpec maxAttemptsOption = Specs.integer("--max-attempts", "K", 1, JobSpec.MAX_ATTEMPTS,
      "How many attempts automatic retries may lead to (default ${DEFAULT-VALUE}).").defaultValue("1").build();
  private final OptionSpec timeoutOption = Specs.duration("--timeout", JobSpec.MIN_TIMEOUT, JobSpec.MAX_TIMEOUT,
      "Fail an attempt that runs (or verifies) longer than this: 90s, 5m, 2h, PT5M.").build();
  private final OptionSpec verifyCommandOption = Specs.repeatableText("--verify-cmd", "CMD",
      "After exit 0, run CMD with /bin/sh -c in the job's directory; exit 0 passes.");
  private final OptionSpec verifyTimeoutOption = Specs.duration("--verify-timeout", JobSpec.MIN_TIMEOUT,
      JobSpec.MAX_TIMEOUT, "How long each --verify-cmd may run (default 5m).").build();
  private final OptionSpec verifyFileOption = Specs.repeatableText("--verify-file", "PATH",
      "After exit 0, PATH (relative to the job's directory) must exist.");
  private final OptionSpec approvalOption = Specs.flag("--approval",
      "After exit 0, wait for `lifeline approve` or `lifeline reject`.");
  private final OptionSpec cwdOption = Specs.option("--cwd", "DIR", Path.class,
      "The working directory, which must exist (default: the current one).").converters(PathConverter.directory())
      .build();
  private final OptionSpec envOption = Specs.option("--env", "K=V", Map.class,
      "An environment variable for the job (repeatable); K is a letter or _ followed by letters, digits or _.")
      .auxiliaryTypes(String.class, String.class).converters(new EnvNameConverter(), TextConverter.any())
      .initialValue(new LinkedHashMap<>()).build();
  private final OptionSpec keyOption = Specs.text("--key", "KEY", false,
      "An idempotency key: submitting the same key again returns the first job's id.").build();
  private final OptionSpec afterOption = Specs.repeatableText("--after", "ID[,ID...]",
      "Start only after these jobs are COMPLETED (repeatable); if one fails for good, this job fails with reason "
          + "DEPENDENCY_FAILED. Each must exist.");
  private final OptionSpec groupOption = Specs.text("--group", "G", false,
      "The job's group (default: " + JobSpec.DEFAULT_GROUP + "): 1 to 64 letters, digits, '.', '_' or '-'.").build();
  private final OptionSpec notBeforeOption = Specs.text("--not-before", "TIME|DUR", false,
      "Do not start before this time (2026-12-24T18:00:00Z) or this long from now (90s, 2h).").build();
  private final OptionSpec onFinishOption = Specs.repeatableText("--on-finish", "CMD",
      "Notify when the job ends (COMPLETED, or FAILED with no retry left), at least once (repeatable): CMD is a "
          + "program, a JSON array of the program and its arguments ([\"notify-send\",\"done\"]), or an http(s):// URL "
          + "to POST the job's JSON to. Run without a shell.");
  private final OptionSpec onStateOption = Specs.repeatableText("--on-state", "STATE:CMD",
      "Notify when the job enters STATE (or on an event such as CANCEL), as --on-finish (repeatable).");
  private final PositionalParamSpec argvParameter = PositionalParamSpec.builder().paramLabel("ARGV")
      .arity("1..*").required(true).type(List.class).auxiliaryTypes(String.class).converters(TextConverter.any())
      .description("The command and its arguments, run exactly as given (no shell).").build();

  SubmitCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "submit",
        "Enqueue a job; prints its id alone on stdout. The same --key returns the same id.",
        "  lifeline submit -- make test",
        "  lifeline submit --name nightly --timeout 2h --max-attempts 3 \\",
        "      --verify-file out/report.html -- ./build.sh",
        "  id=$(lifeline submit --key deploy-42 --approval -- ./deploy.sh v42)",
        "  lifeline submit --after 12,14 --group gpu --not-before 2h -- ./train.sh",
        "  lifeline submit --on-finish '[\"notify-send\",\"build done\"]' --on-state FAILED:./page-me.sh -- make")
        .addOption(nameOption).addOption(priorityOption).addOption(maxAttemptsOption).addOption(timeoutOption)
        .addOption(verifyCommandOption).addOption(verifyTimeoutOption).addOption(verifyFileOption)
        .addOption(approvalOption).addOption(cwdOption).addOption(envOption).addOption(keyOption)
        .addOption(afterOption).addOption(groupOption).addOption(notBeforeOption).addOption(onFinishOption)
        .addOption(onStateOption).addPositional(argvParameter);
  }

  @Override
  public Integer call() {
    String name = nameOption.getValue();
    int priority = priorityOption.getValue();
    int maxAttempts = maxAttemptsOption.getValue();
    Duration timeout = timeoutOption.getValue();
    List<String> verifyCommands = verifyCommandOption.getValue();
    Duration verifyTimeout = verifyTimeoutOption.getValue();
    List<String> verifyFiles = verifyFileOption.getValue();
    boolean approval = approvalOption.getValue();
    Path cwd = cwdOption.getValue();
    Map<String, String> env = envOption.getValue();
    String key = keyOption.getValue();
    List<String> argv = argvParameter.getValue();
    List<String> afterTexts = afterOption.getValue();
    String group = groupOption.getValue();
    String notBeforeText = notBeforeOption.getValue();
    java.time.Instant notBefore = null;
    if (notBeforeText != null) {
      try {
        notBefore = new NotBeforeConverter(() -> root.wiring().clock()).convert(notBeforeText);
      } catch (picocli.CommandLine.TypeConversionException e) {
        throw new ParameterException(spec.commandLine(), "Invalid value for option '--not-before': "
            + e.getMessage());
      }
    }
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
        .timeout(timeout)
        .notBefore(notBefore);
    if (group != null) {
      b.group(group);
    }
    JobIdConverter ids = new JobIdConverter();
    for (String text : afterTexts) {
      for (String one : text.split(",", -1)) {
        try {
          b.after(ids.convert(one.strip()));
        } catch (picocli.CommandLine.TypeConversionException e) {
          throw new ParameterException(spec.commandLine(), "Invalid value for option '--after': " + e.getMessage());
        }
      }
    }
    List<String> onFinish = onFinishOption.getValue();
    for (String text : onFinish) {
      try {
        b.onFinish(HookTargetText.parse(text));
      } catch (picocli.CommandLine.TypeConversionException e) {
        throw new ParameterException(spec.commandLine(), "Invalid value for option '--on-finish': " + e.getMessage());
      }
    }
    List<String> onState = onStateOption.getValue();
    for (String text : onState) {
      try {
        dev.lifeline.JobHook h = HookTargetText.parseOnState(text);
        b.hook(h.on(), h.target());
      } catch (picocli.CommandLine.TypeConversionException e) {
        throw new ParameterException(spec.commandLine(), "Invalid value for option '--on-state': " + e.getMessage());
      }
    }
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
    try (Wiring.Opened opened = root.wiring().submitting()) {
      Job job = opened.lifecycle().submit(jobSpec, key).job();
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
