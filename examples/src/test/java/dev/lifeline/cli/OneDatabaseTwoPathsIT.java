package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 finding 3: {@code --db real/x.db} and {@code --db alias.db} (a symlink to it) are one database: one run
 * directory, one run id, and a supervisor on either path sees the sessions the other started.
 */
class OneDatabaseTwoPathsIT {

  /** The supervisor's default start grace: before it, a missing session is not yet a confirmed loss. */
  private static final Duration START_GRACE = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 8);
  private Path real;
  private Path alias;

  @BeforeEach
  void twoPathsToOneFile() throws Exception {
    assumeTrue(Proc.tmuxAvailable(), "tmux is not installed: this test runs jobs in tmux");
    Files.createDirectory(dir.resolve("real"));
    real = dir.resolve("real/x.db");
    alias = dir.resolve("alias.db");
    Files.createSymbolicLink(alias, Path.of("real/x.db"));
  }

  @AfterEach
  void killOurTmuxServer() {
    Proc.killTmuxServer(socket);
  }

  private Cli.Result cli(Path db, String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db.toString(), "--socket", socket));
    all.addAll(List.of(args));
    return RealCli.run(all.toArray(new String[0]));
  }

  private JsonNode show(Path db) throws Exception {
    Cli.Result r = cli(db, "show", "1", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  @Test
  void aJobSubmittedAndSupervisedThroughBothPathsRunsOnceInOneRunDirectory() throws Exception {
    // Given: a job submitted through the alias (the database is created through the link) and started through the
    // real path
    Path marks = Files.createDirectory(dir.resolve("marks"));
    Cli.Result submitted = cli(alias, "submit", "--cwd", marks.toString(), "--", "sh", "-c",
        "echo x >> runs; sleep 20");
    assertThat(submitted.code()).as(submitted.err()).isZero();
    Cli.Result started = cli(real, "run", "--once");
    assertThat(started.code()).as(started.err()).isZero();
    assertThat(show(alias).get("state").asText()).isEqualTo("PROCESSING");

    // When: a supervisor on the alias passes again and again while the session runs, until it has passed twice after
    // the start grace period (the default 5 s) ended: one that took the alias for another database would find no
    // session of its run and declare the job LOST on such consecutive checks. Then it runs until the job is done.
    Instant graceEnds = Instant.parse(show(real).get("startedAt").asText()).plus(START_GRACE);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (int passesAfterGrace = 0; passesAfterGrace < 2; ) {
      assertThat(System.nanoTime() - deadline).as("the passes through the alias never got past the grace").isNegative();
      boolean afterGrace = Instant.now().isAfter(graceEnds);
      Cli.Result pass = cli(alias, "run", "--once");
      assertThat(pass.code()).as(pass.err()).isZero();
      passesAfterGrace += afterGrace ? 1 : 0;
    }
    JsonNode during = show(real);
    Cli.Result idle = cli(alias, "run", "--until-idle", "--poll", "100ms");
    assertThat(idle.code()).as(idle.err()).isZero();

    // Then: no LOST, no second attempt, the program ran once, and one run directory exists, next to the real file
    assertThat(during.get("state").asText()).as("while its session runs").isEqualTo("PROCESSING");
    JsonNode after = show(alias);
    assertThat(after.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(after.get("attempt").asInt()).isEqualTo(1);
    assertThat(after.get("history").toString()).doesNotContain("SESSION_LOST");
    assertThat(Files.readAllLines(marks.resolve("runs"))).hasSize(1);
    try (Stream<Path> all = Files.walk(dir)) {
      assertThat(all.filter(p -> p.getFileName().toString().endsWith(".runs")))
          .containsExactly(dir.resolve("real/x.db.runs"));
    }
  }

  @Test
  void theWiringKeysEveryPathToTheRealFile() throws Exception {
    Files.writeString(real, "");
    Path dotted = dir.resolve("real/../real/./x.db");
    Path notYet = dir.resolve("real/../real/new.db");
    Path dangling = Files.createSymbolicLink(dir.resolve("later.db"), Path.of("real/later.db"));

    assertThat(SqliteTmuxWiring.realPath(alias)).isEqualTo(real.toRealPath());
    assertThat(SqliteTmuxWiring.realPath(dotted)).isEqualTo(real.toRealPath());
    assertThat(SqliteTmuxWiring.realPath(notYet)).isEqualTo(real.toRealPath().resolveSibling("new.db"));
    assertThat(SqliteTmuxWiring.realPath(dangling)).isEqualTo(real.toRealPath().resolveSibling("later.db"));
    assertThat(new SqliteTmuxWiring(alias, "s", "tmux").runDirectory())
        .isEqualTo(new SqliteTmuxWiring(real, "s", "tmux").runDirectory());
  }
}
