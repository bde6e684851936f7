package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The commands' picocli models are built in code: no class carries a picocli annotation, picocli inspects none at
 * start-up, and every command's help still lists every option it had when the model came from annotations.
 */
class CommandModelTest {

  private static final List<String> GLOBAL = List.of("-h, --help", "-V, --version", "--db=FILE", "--socket=NAME",
      "--no-color", "--debug");

  /** Each command's own options and positionals, in the order of its help, before the standard and global ones. */
  private static final Map<String, List<String>> OWN = own();

  private static Map<String, List<String>> own() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("submit", List.of("ARGV...", "--name=N", "--priority=P", "--max-attempts=K", "--timeout=DUR",
        "--verify-cmd=CMD", "--verify-timeout=DUR", "--verify-file=PATH", "--approval", "--cwd=DIR", "--env=K=V",
        "--key=KEY", "--after=ID[,ID...]", "--group=G", "--not-before=TIME|DUR", "--on-finish=CMD",
        "--on-state=STATE:CMD"));
    m.put("list", List.of("--state=S", "--group=G", "--limit=N", "--json"));
    m.put("show", List.of("ID", "--json", "--svg=FILE"));
    m.put("logs", List.of("ID", "--attempt=N", "-f, --follow"));
    m.put("run", List.of("--max-concurrent=N", "--poll=DUR", "--once", "--until-idle", "--log=FILE",
        "--orphans=POLICY", "--drain", "--hook-tries=N"));
    m.put("cancel", List.of("ID", "--reason=T"));
    m.put("retry", List.of("ID"));
    m.put("approve", List.of("ID", "--reason=T"));
    m.put("reject", List.of("ID", "--reason=T"));
    m.put("hold", List.of("ID...", "--reason=T"));
    m.put("release", List.of("ID...", "--reason=T"));
    m.put("wait", List.of("ID...", "--timeout=DUR"));
    m.put("group", List.of("ACTION", "--max-concurrent=N|none")); // [GROUP], optional, is shown in brackets
    m.put("hook", List.of("ACTION", "--on=TRIGGER", "--group=G", "--url=URL")); // [ARGS...] as [GROUP]
    m.put("drain", List.of());
    m.put("undrain", List.of());
    m.put("health", List.of("--stuck-after=DUR", "--lease-stale-after=DUR", "--json"));
    m.put("reconcile", List.of("--dry-run", "--max-concurrent=N", "--json"));
    m.put("serve", List.of("--listen=HOST:PORT", "--token=T"));
    m.put("import", List.of("FILE", "--dry-run", "--active=queued|failed")); // [CMD...] as [GROUP]
    m.put("diagram", List.of("--format=FORMAT"));
    m.put("doctor", List.of());
    m.put("demo", List.of());
    m.put("completion", List.of());
    m.put("warmup", List.of());
    return m;
  }

  /** An option or positional at the start of a help line: {@code "  -f, --follow   Stream..."}. */
  private static final Pattern ENTRY = Pattern.compile("^ {2}(?:(-\\w, --[\\w-]+)|    (--[\\w-]+(?:=\\S+)?|[A-Z]+"
      + "(?:\\.\\.\\.)?))(?: |$)");

  private final Cli cli = new Cli();

  @Test
  void noClassOfTheCommandLineCarriesAPicocliAnnotation() throws Exception {
    List<String> annotated = new ArrayList<>();
    for (Class<?> c : mainClasses()) {
      List<AnnotatedElement> elements = new ArrayList<>(List.of(c));
      elements.addAll(List.of(c.getDeclaredFields()));
      elements.addAll(List.of(c.getDeclaredMethods()));
      elements.addAll(List.of(c.getDeclaredConstructors()));
      List<Executable> executables = new ArrayList<>(List.of(c.getDeclaredMethods()));
      executables.addAll(List.of(c.getDeclaredConstructors()));
      for (Executable e : executables) {
        elements.addAll(List.of(e.getParameters()));
      }
      for (AnnotatedElement e : elements) {
        for (Annotation a : e.getDeclaredAnnotations()) {
          if (a.annotationType().getName().startsWith("picocli.")) {
            annotated.add(e + " @" + a.annotationType().getSimpleName());
          }
        }
      }
    }

    assertThat(mainClasses()).hasSizeGreaterThan(20).contains(ListCommand.class, LifelineCommand.class);
    assertThat(annotated).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"list", "show 1", "--version", "--db x.db submit -- true", "run --once", "help list"})
  void picocliInspectsNoAnnotatedClassToBuildACommand(String args) {
    CommandLine cl = LifelineCommand.commandLine(new LifelineCommand(Map.of(), c -> cli.wiring), args.split(" "));

    List<CommandSpec> specs = new ArrayList<>();
    collect(cl.getCommandSpec(), specs);
    for (CommandSpec spec : specs) {
      assertThat(spec.mixins()).as(spec.qualifiedName()).isEmpty();
      assertThat(spec.mixinStandardHelpOptions()).as(spec.qualifiedName()).isFalse();
      for (ArgSpec arg : spec.args()) {
        // An annotated field or method is the user object of the option picocli made from it; ours have none.
        assertThat(arg.userObject()).as(spec.qualifiedName() + " " + arg).isNull();
      }
    }
    assertThat(specs).isNotEmpty();
  }

  @Test
  void everyCommandsHelpListsEveryOptionInOrder() {
    assertThat(OWN.keySet()).containsExactlyElementsOf(LifelineCommand.COMMANDS.stream()
        .filter(c -> !c.equals("help")).toList());
    for (Map.Entry<String, List<String>> c : OWN.entrySet()) {
      Cli.Result r = cli.run(c.getKey(), "--help");

      List<String> expected = new ArrayList<>(c.getValue());
      expected.addAll(GLOBAL);
      assertThat(r.code()).as(c.getKey()).isZero();
      assertThat(entries(r.out())).as(c.getKey()).containsExactlyElementsOf(expected);
    }
    assertThat(entries(cli.run("--help").out())).containsExactlyElementsOf(GLOBAL);
  }

  @Test
  void helpKeepsTheDefaultsCandidatesAndExamples() {
    assertThat(help("list")).contains("(repeatable): QUEUED, PROCESSING, VERIFICATION, COMPLETED, FAILED.")
        .contains("At most N jobs (default 100).").contains("Examples: lifeline list lifeline list --state");
    assertThat(help("submit")).contains("Higher runs sooner (default 0).")
        .contains("retries may lead to (default 1).").contains("Usage: lifeline submit [-hV] [--approval]")
        .contains("[--verify-file=PATH]... ARGV...");
    assertThat(help("run")).contains("(default 2s)").contains("Default report.")
        .contains("[--once | --until-idle]").contains("running. On a terminal it shows a live view");
    assertThat(help("health")).contains("(default 1h)").contains("(default 30s, as the supervisor's)");
    assertThat(help("diagram")).contains("mermaid or dot (default mermaid).");
    assertThat(help("logs")).contains("Usage: lifeline logs [-fhV]").contains("[--socket=NAME] ID ");
    assertThat(cli.run("--help").out()).doesNotContain("warmup").contains("  completion  Print a bash/zsh");
  }

  @Test
  void subcommandsPrintTheVersionToo() {
    Cli.Result r = cli.run("list", "-V");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("lifeline ").contains("Java ");
  }

  @Test
  void globalOptionsWorkBeforeAndAfterTheCommand() {
    cli.run("list", "--db", "after.db", "--socket", "s1", "--debug");
    assertThat(cli.last.database()).isEqualTo(Path.of("after.db"));
    assertThat(cli.last.socket()).isEqualTo("s1");
    assertThat(cli.last.debug()).isTrue();

    cli.run("--db", "before.db", "list");
    assertThat(cli.last.database()).isEqualTo(Path.of("before.db"));
    assertThat(cli.last.debug()).isFalse();
  }

  /** The help of {@code command}, its lines joined with single spaces. */
  private String help(String command) {
    return cli.run(command, "--help").out().replaceAll("\\s+", " ");
  }

  private static List<String> entries(String help) {
    List<String> found = new ArrayList<>();
    for (String line : help.lines().toList()) {
      if (line.equals("Commands:") || line.equals("Examples:")) {
        break;
      }
      Matcher m = ENTRY.matcher(line);
      if (m.find()) {
        found.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
    }
    return found;
  }

  private static void collect(CommandSpec spec, List<CommandSpec> into) {
    if (spec.userObject() instanceof CommandLine.HelpCommand) {
      return; // picocli's own, annotated; registered only when every command is (help, --help, a typo)
    }
    into.add(spec);
    for (CommandLine sub : spec.subcommands().values()) {
      collect(sub.getCommandSpec(), into);
    }
  }

  /** The compiled classes of dev.lifeline.cli in src/main (not the tests'). */
  private static List<Class<?>> mainClasses() throws URISyntaxException, java.io.IOException,
      ClassNotFoundException {
    Path dir = Path.of(LifelineCommand.class.getResource("LifelineCommand.class").toURI()).getParent();
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        String name = f.getFileName().toString();
        classes.add(Class.forName("dev.lifeline.cli." + name.substring(0, name.length() - ".class".length()),
            false, LifelineCommand.class.getClassLoader()));
      }
    }
    return classes;
  }
}
