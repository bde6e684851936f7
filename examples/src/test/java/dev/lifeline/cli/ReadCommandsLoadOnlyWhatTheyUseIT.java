package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A read command in a fresh JVM (the built jar, as the launcher runs it) loads neither the state machine, nor the
 * tmux adapter, nor jOOQ, nor any annotation proxy: its class-load log ({@code -Xlog:class+load}) shows none of
 * them, while the same log of a write shows jOOQ, so the check can fail (BENCHMARKS.md §5).
 */
class ReadCommandsLoadOnlyWhatTheyUseIT {

  /** What a read command must not pay for, by class-name prefix or part. */
  private static final List<String> UNUSED = List.of("org.springframework.", "org.jooq.", "dev.lifeline.tmux.",
      "dev.lifeline.internal.SsmEngine", "dev.lifeline.sqlite.db.", "$Proxy");

  @TempDir
  Path dir;

  private Path db;

  @BeforeEach
  void threeJobs() {
    db = dir.resolve("jobs.db");
    for (int i = 0; i < 3; i++) {
      assertThat(RealCli.run("--db", db.toString(), "submit", "--name", "job" + i, "--", "true").code()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"list", "list --json", "list --state QUEUED", "show 2", "show 2 --json", "--version"})
  void aReadCommandLoadsNoEngineNoTmuxAdapterNoJooqAndNoAnnotationProxy(String command) throws IOException {
    List<String> loaded = run(command);

    assertThat(loaded).as("classes loaded by `lifeline %s`", command)
        .noneMatch(c -> UNUSED.stream().anyMatch(c::contains));
    if (!command.equals("--version")) {
      assertThat(loaded).as("the log records the store it read").contains("dev.lifeline.sqlite.SqliteJobStore");
    }
  }

  @Test
  void theSameLogShowsJooqWhenACommandWrites() throws IOException {
    List<String> loaded = run("cancel 1");

    assertThat(loaded).contains("org.jooq.impl.DSL");
  }

  /** Runs {@code lifeline ARGS} on the built classpath in a fresh JVM and returns the classes it loaded. */
  private List<String> run(String command) throws IOException {
    Path log = dir.resolve("classes-" + command.replaceAll("[^a-z0-9]+", "-") + ".log");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:class+load=info:file=" + log + ":none",
        "-cp", Proc.builtClasspath(), LifelineCommand.class.getName(), "--db", db.toString()));
    cmd.addAll(List.of(command.split(" ")));
    Proc.Result r = Proc.run(dir, Map.of(), Duration.ofSeconds(60), cmd);
    assertThat(r.code()).as("%s", r).isZero();
    List<String> loaded = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      loaded.add(line.split(" ", 2)[0]);
    }
    assertThat(loaded).as("the class-load log").contains(LifelineCommand.class.getName());
    return loaded;
  }
}
