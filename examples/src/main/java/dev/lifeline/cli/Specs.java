package dev.lifeline.cli;

import dev.lifeline.JobId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The shapes the commands' picocli models repeat. Every command declares its model in code, without annotations:
 * picocli then reflects over no class and the JDK builds no annotation proxies (which JDK 17 cannot keep in the
 * class-data-sharing archive); building the model of {@code list} takes half the time it took from annotations,
 * about 30 ms less on a small machine. A command reads its values with {@link OptionSpec#getValue()}. Stateless.
 */
final class Specs {

  private static final VersionProvider VERSION = new VersionProvider();

  /** {@code run --poll}: from 10ms (a pass costs a few) to 1h (the lease goes stale after 3 polls). */
  static final Duration MIN_POLL = Duration.ofMillis(10);
  static final Duration MAX_POLL = Duration.ofHours(1);
  /** {@code run} and {@code reconcile --max-concurrent}: 1 to 1000 sessions. */
  static final int MAX_CONCURRENT = 1000;
  /** {@code list --limit}: 1 to 100,000 rows. */
  static final int MAX_LIMIT = 100_000;
  /** {@code logs --attempt}: 1 to 1,000,000 (operator retries may go past max-attempts). */
  static final int MAX_ATTEMPT = 1_000_000;
  /** {@code health --stuck-after}: 1s to 365d. */
  static final Duration MIN_STUCK_AFTER = Duration.ofSeconds(1);
  static final Duration MAX_STUCK_AFTER = Duration.ofDays(365);
  /** {@code health --lease-stale-after}: 1s to 1d. */
  static final Duration MIN_LEASE_STALE = Duration.ofSeconds(1);
  static final Duration MAX_LEASE_STALE = Duration.ofDays(1);

  private Specs() {}

  /**
   * The model of a subcommand run by {@code command}, its options in the order they are added, {@code --help} and
   * {@code --version} added by {@link #addStandardHelp} when it is registered.
   *
   * @param description the paragraphs above the options
   * @param examples the lines under "Examples:"
   */
  static CommandSpec command(Object command, String name, String[] description, String... examples) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
    spec.usageMessage().description(description).sortOptions(false).autoWidth(true);
    if (examples.length > 0) {
      spec.usageMessage().footerHeading("%nExamples:%n").footer(examples);
    }
    return spec;
  }

  /** {@link #command(Object, String, String[], String...)} with a one-paragraph description. */
  static CommandSpec command(Object command, String name, String description, String... examples) {
    return command(command, name, new String[] {description}, examples);
  }

  /** picocli's standard {@code -h, --help} and {@code -V, --version}, printing Lifeline's version. */
  static CommandSpec addStandardHelp(CommandSpec spec) {
    spec.versionProvider(VERSION);
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class).initialValue(false)
        .description("Show this help message and exit.").build());
    spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class).initialValue(false)
        .description("Print version information and exit.").build());
    return spec;
  }

  /** A flag: {@code false} unless given. */
  static OptionSpec flag(String[] names, String description) {
    return OptionSpec.builder(names).type(boolean.class).initialValue(false).description(description).build();
  }

  /** A flag: {@code false} unless given. */
  static OptionSpec flag(String name, String description) {
    return flag(new String[] {name}, description);
  }

  /** An option taking one value of {@code type}; {@code null} unless given. Add a default with the builder. */
  static OptionSpec.Builder option(String name, String label, Class<?> type, String description) {
    return OptionSpec.builder(name).paramLabel(label).type(type).description(description);
  }

  /**
   * A duration option ({@code 90s}, {@code 5m}, {@code PT5M}) from {@code min} to {@code max}, read by
   * {@link DurationConverter}; the range is appended to the description and refused at parse time (exit 2).
   */
  static OptionSpec.Builder duration(String name, Duration min, Duration max, String description) {
    DurationConverter c = new DurationConverter(min, max);
    return option(name, "DUR", Duration.class, description + " Range: " + c.range() + ".").converters(c);
  }

  /** A whole-number option from {@code min} to {@code max}; the range is appended and refused at parse time. */
  static OptionSpec.Builder integer(String name, String label, int min, int max, String description) {
    IntConverter c = new IntConverter(min, max);
    return option(name, label, int.class, description + " Range: " + c.range() + ".").converters(c);
  }

  /** A text option carried as given: no NUL character, and not blank unless {@code blankAllowed}. */
  static OptionSpec.Builder text(String name, String label, boolean blankAllowed, String description) {
    return option(name, label, String.class, description)
        .converters(blankAllowed ? TextConverter.any() : TextConverter.nonBlank());
  }

  /** A repeatable option: a list, empty unless given. */
  static OptionSpec repeatable(String name, String label, Class<?> element, String description) {
    return repeatableBuilder(name, label, element, description).build();
  }

  /** A repeatable option of non-blank text without NUL: a list, empty unless given. */
  static OptionSpec repeatableText(String name, String label, String description) {
    return repeatableBuilder(name, label, String.class, description).converters(TextConverter.nonBlank()).build();
  }

  private static OptionSpec.Builder repeatableBuilder(String name, String label, Class<?> element,
      String description) {
    return OptionSpec.builder(name).paramLabel(label).type(List.class).auxiliaryTypes(element)
        .initialValue(new ArrayList<>()).description(description);
  }

  /** The {@code ID...} positional of the commands about several jobs: one or more ids. */
  static PositionalParamSpec jobIds() {
    return PositionalParamSpec.builder().paramLabel("ID").arity("1..*").type(List.class).auxiliaryTypes(JobId.class)
        .required(true).converters(new JobIdConverter()).description("The job ids.").build();
  }

  /** The {@code ID} positional of the commands about one job. */
  static PositionalParamSpec jobId() {
    return PositionalParamSpec.builder().paramLabel("ID").type(JobId.class).required(true)
        .converters(new JobIdConverter()).description("The job id.").build();
  }
}
