package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.TransitionTable;
import dev.lifeline.spi.JobQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several JVMs on one file: claiming, crashing mid-transition, and migrating a new file at once. */
class MultiProcessIT {

  private static final Duration READY = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void twoProcessesClaimingFiveThousandJobsClaimEachExactlyOnceWithoutBusyErrors() throws Exception {
    Path db = dir.resolve("claims.db");
    int jobs = 5_000;
    Set<Long> inserted = new HashSet<>();
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      Instant t = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < jobs; i++) {
        inserted.add(store.insert(JobSpec.builder("x").name("j" + i).priority(i % 10).build(), null, t).job().id()
            .value());
      }
    }

    List<Long> claimed = new ArrayList<>();
    try (ChildJvm a = ChildJvm.start(dir, "claim", db.toString());
        ChildJvm b = ChildJvm.start(dir, "claim", db.toString())) {
      a.awaitLine("ready", READY);
      b.awaitLine("ready", READY);
      a.send("go");
      b.send("go");
      for (ChildJvm child : List.of(a, b)) {
        List<String> out = child.finish(Duration.ofMinutes(5));
        assertThat(child.exitCode()).as("exit code; stderr: %s", child.stderrText()).isZero();
        assertThat(child.stderrText()).as("nothing printed on stderr (no jOOQ banner, tip or log)").isEmpty();
        assertThat(out).as("stdout holds only the child's own lines")
            .allMatch(l -> l.equals("ready") || l.matches("claimed \\d+") || l.matches("done \\d+"));
        out.stream().filter(l -> l.startsWith("claimed ")).forEach(l -> claimed.add(Long.parseLong(l.substring(8))));
      }
    }

    assertThat(claimed).hasSize(jobs);
    assertThat(new HashSet<>(claimed)).isEqualTo(inserted);
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      assertThat(store.counts().get(JobState.PROCESSING)).isEqualTo(jobs);
      assertThat(store.counts().get(JobState.QUEUED)).isZero();
      assertThat(store.list(JobQuery.all().withLimit(jobs))).allSatisfy(j -> assertThat(j.version()).isEqualTo(1));
    }
    assertThat(scalar(db, "SELECT count(*) FROM job_transition WHERE event = 'START'")).isEqualTo(jobs);
  }

  @Test
  void aProcessKilledMidTransitionLeavesEveryJobEqualToItsLastHistoryRow() throws Exception {
    killMidChurn("churn");
  }

  @Test
  void aProcessKilledMidBatchedCommitLeavesEveryJobEqualToItsLastHistoryRow() throws Exception {
    killMidChurn("churn-batched");
  }

  /** Four rounds: a child runs {@code mode}, is SIGKILLed at a random moment, and the file is checked. */
  private void killMidChurn(String mode) throws Exception {
    Path db = dir.resolve(mode + ".db");
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      for (int i = 0; i < 50; i++) {
        store.insert(JobSpec.builder("x").name("seed " + i).maxAttempts(3).build(), null, Instant.now());
      }
    }
    Random random = new Random(42);
    long transitionsBefore = 0;
    for (int round = 0; round < 4; round++) {
      try (ChildJvm child = ChildJvm.start(dir, mode, db.toString(), Long.toString(round))) {
        child.awaitLine("ready", READY);
        Thread.sleep(200 + random.nextInt(1200)); // a bounded wait on a real process: the random kill moment
        child.kill();
      }

      long transitions = checkConsistent(db);
      assertThat(transitions).as("round %s made progress", round).isGreaterThan(transitionsBefore);
      transitionsBefore = transitions;
    }
  }

  /** Every job equals the {@code to} of its last history row, and every history row is an edge of the table. */
  private static long checkConsistent(Path db) {
    TransitionTable table = TransitionTable.standard();
    long rows = 0;
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      assertThat(store.quickCheck()).isEqualTo("ok");
      List<Job> jobs = store.list(JobQuery.all().withLimit(Integer.MAX_VALUE));
      assertThat(jobs).isNotEmpty();
      for (Job job : jobs) {
        List<Transition> history = store.history(job.id());
        rows += history.size();
        assertThat(history).as("history of %s", job.id()).isNotEmpty();
        Transition first = history.get(0);
        assertThat(first.event()).isEqualTo(JobEvent.SUBMIT);
        assertThat(first.from()).isNull();
        assertThat(first.to()).isEqualTo(JobState.QUEUED);
        for (int i = 1; i < history.size(); i++) {
          Transition t = history.get(i);
          assertThat(t.from()).as("row %s of job %s follows the row before", i, job.id())
              .isEqualTo(history.get(i - 1).to());
          assertThat(table.edges(t.from(), t.event())).as("row %s of job %s is an edge: %s", i, job.id(), t)
              .anySatisfy(e -> assertThat(e.to()).isEqualTo(t.to()));
        }
        Transition last = history.get(history.size() - 1);
        assertThat(job.state()).as("state of job %s", job.id()).isEqualTo(last.to());
        assertThat(job.version()).as("version of job %s", job.id()).isEqualTo(history.size() - 1);
        assertThat(job.attempt()).as("attempt of job %s", job.id()).isEqualTo(last.attempt());
      }
    }
    return rows;
  }

  @Test
  void twoProcessesMigratingANewFileAtOnceEndWithOneCorrectSchema() throws Exception {
    Set<String> expected = null;
    for (int round = 0; round < 5; round++) {
      Path db = dir.resolve("new-" + round + ".db");
      try (ChildJvm a = ChildJvm.start(dir, "migrate", db.toString());
          ChildJvm b = ChildJvm.start(dir, "migrate", db.toString())) {
        a.awaitLine("ready", READY);
        b.awaitLine("ready", READY);
        a.send("go");
        b.send("go");
        for (ChildJvm child : List.of(a, b)) {
          List<String> out = child.finish(Duration.ofMinutes(2));
          assertThat(child.exitCode()).as("exit code; stderr: %s", child.stderrText()).isZero();
          assertThat(out).contains("version " + SqliteJobStore.latestSchemaVersion());
        }
      }
      assertThat(scalar(db, "PRAGMA user_version")).isEqualTo(SqliteJobStore.latestSchemaVersion());
      Set<String> objects = schemaObjects(db);
      assertThat(objects).contains("table job", "table job_transition", "table supervisor_lease",
          "index job_claim", "index job_active_session", "index job_transition_job");
      if (expected == null) {
        expected = objects;
      }
      assertThat(objects).as("round %s has the same schema as round 0", round).isEqualTo(expected);
    }
  }

  private static Set<String> schemaObjects(Path db) throws Exception {
    Set<String> out = new TreeSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT type, name FROM sqlite_master")) {
      while (rs.next()) {
        assertThat(out.add(rs.getString(1) + " " + rs.getString(2))).as("each object once").isTrue();
      }
    }
    return out;
  }

  static long scalar(Path db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      long v = rs.getLong(1);
      while (rs.next()) {
        // step to completion
      }
      return v;
    }
  }
}
