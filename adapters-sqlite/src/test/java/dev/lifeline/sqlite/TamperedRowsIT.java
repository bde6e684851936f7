package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.StoreException;
import dev.lifeline.StoreException.Kind;
import dev.lifeline.Transition;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.Lease;
import dev.lifeline.spi.UnreadableRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rows changed behind Lifeline's back (issue 11, family 4), in real files: CHECK constraints bypassed with
 * {@code PRAGMA ignore_check_constraints}, NOT NULL removed by editing the schema. A row that does not decode is
 * reported by {@code listReadable} and skipped, fails {@code find} and {@code list} with one sentence naming the job
 * and the column, and is never offered by the claim, which starts the others; reads change no byte of the file.
 */
class TamperedRowsIT {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path dir;

  /** Each tampering of job 2 and the reason the store gives for it. */
  static Stream<Arguments> tamperings() {
    return Stream.of(
        Arguments.of("state = 'RUNNING?'", "state 'RUNNING?' is not a known state"),
        Arguments.of("state = 'queued'", "state 'queued' is not a known state"),
        Arguments.of("failure_reason = 'EXPLODED'", "failure_reason 'EXPLODED' is not a known failure reason"),
        Arguments.of("argv = '[\"echo\", \"hi\"]'", "argv is not a list of counted strings (expected a length at "
            + "offset 0)"),
        Arguments.of("argv = ''", "argv is empty"),
        Arguments.of("env = '3:ab'", "env is not a list of counted strings (an item at offset 0 is shorter than its "
            + "length 3)"),
        Arguments.of("env = '1:a,'", "env has a name without a value"),
        Arguments.of("verifiers = '6:3:XYZ,,'", "verifiers item 1 is of kind 'XYZ', not a known verifier kind"),
        Arguments.of("verifiers = '17:7:COMMAND,4:true,,'", "verifiers item 1 (COMMAND) lacks field 2"),
        Arguments.of("attempt = -1", "attempt -1 is negative"),
        Arguments.of("version = -5", "version -5 is negative"),
        Arguments.of("max_attempts = 0", "max_attempts 0 is less than 1"),
        Arguments.of("priority = 'high'", "priority 'high' is not an integer"),
        Arguments.of("priority = 1099511627776", "priority 1099511627776 is out of range"),
        Arguments.of("exit_code = x'00ff'", "exit_code (a blob of 2 bytes) is not an integer"),
        Arguments.of("created_at = 1767225600.5", "created_at 1.7672256005E9 is not an integer"),
        Arguments.of("timeout = 'soon'", "timeout 'soon' is not an ISO-8601 duration"),
        Arguments.of("timeout = 'PT-1S'", "timeout 'PT-1S' is not positive"),
        Arguments.of("name = 'line' || char(10) || 'break', state = 'X' || char(9)", "state 'X\\u0009' is not a "
            + "known state"),
        Arguments.of("name = NULL", "name is NULL"),
        Arguments.of("state = NULL", "state is NULL"),
        Arguments.of("argv = NULL", "argv is NULL"),
        Arguments.of("version = NULL", "version is NULL"),
        Arguments.of("created_at = NULL", "created_at is NULL"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tamperings")
  void aRowThatDoesNotDecodeIsSkippedByReadableReadsNamedByOthersAndNeverStopsTheClaim(String set, String reason)
      throws Exception {
    Path file = BadInputIT.lifelineDb(dir, "tampered.db", 4);
    tamper(file, "UPDATE job SET priority = 9 WHERE id = 2"); // the first candidate, unless its priority is changed
    tamper(file, "UPDATE job SET " + set + " WHERE id = 2");
    String before = BadInputIT.sha256(file);
    String sentence = "job 2 in " + file + " cannot be read: " + reason + ".";

    try (SqliteJobStore reader = SqliteJobStore.builder(file).migrate(false).build()) {
      List<UnreadableRow> reported = new ArrayList<>();
      assertThat(reader.listReadable(JobQuery.all(), reported::add)).extracting(j -> j.id().value())
          .containsExactly(4L, 3L, 1L);
      assertThat(reported).containsExactly(new UnreadableRow(JobId.of(2), reason));
      for (StoreException e : List.of(
          catchThrowableOfType(StoreException.class, () -> reader.find(JobId.of(2))),
          catchThrowableOfType(StoreException.class, () -> reader.list(JobQuery.all())))) {
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
        assertThat(e.getMessage()).isEqualTo(sentence);
      }
      assertThat(reader.find(JobId.of(3))).as("the other rows still read").isPresent();
      assertThat(reader.counts().values().stream().mapToLong(Long::longValue).sum()).isBetween(3L, 4L);
      assertThat(reader.history(JobId.of(2))).as("its history rows are intact").hasSize(1);
    }
    assertThat(BadInputIT.sha256(file)).as("reads changed nothing").isEqualTo(before);

    try (SqliteJobStore store = SqliteJobStore.create(file)) {
      List<Long> offered = new ArrayList<>();
      List<Long> claimed = new ArrayList<>();
      for (Optional<Job> j; (j = store.claimNext(T.plusSeconds(1), 10, startRecording(offered))).isPresent(); ) {
        claimed.add(j.get().id().value());
      }
      assertThat(claimed).as("every other job starts").containsExactly(1L, 3L, 4L);
      assertThat(offered).doesNotContain(2L);
    }
  }

  @Test
  void aTamperedHistoryRowFailsTheHistoryReadNamingTheJobAndTheColumn() throws Exception {
    Path file = BadInputIT.lifelineDb(dir, "history.db", 3);
    tamper(file, "UPDATE job_transition SET event = 'EXPLODE' WHERE job_id = 3");
    String before = BadInputIT.sha256(file);

    try (SqliteJobStore reader = SqliteJobStore.builder(file).migrate(false).build()) {
      StoreException e = catchThrowableOfType(StoreException.class, () -> reader.history(JobId.of(3)));

      assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
      assertThat(e.getMessage()).isEqualTo("a history row (3) of job 3 in " + file + " cannot be read: event "
          + "'EXPLODE' is not a known event.");
      assertThat(reader.history(JobId.of(2))).hasSize(1);
      assertThat(reader.find(JobId.of(3))).isPresent();
    }
    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
  }

  @Test
  void aTamperedLeaseRowFailsTheLeaseReadsWithOneSentence() throws Exception {
    Path file = BadInputIT.lifelineDb(dir, "lease.db", 1);
    try (SqliteJobStore store = SqliteJobStore.create(file)) {
      store.leases().tryAcquire(new Lease("h:1", "h", 1, T, T), T, Duration.ofSeconds(30), l -> false);
      store.leases().recordPass("h:1", T, "failing");
    }
    tamper(file, "UPDATE supervisor_lease SET last_pass_failures = 0");
    tamper(file, "UPDATE supervisor_lease SET heartbeat = 'soon'");
    String before = BadInputIT.sha256(file);

    try (SqliteJobStore reader = SqliteJobStore.builder(file).migrate(false).build()) {
      StoreException current = catchThrowableOfType(StoreException.class, () -> reader.leases().current());
      StoreException pass = catchThrowableOfType(StoreException.class, () -> reader.leases().lastPass());

      assertThat(current.kind()).isEqualTo(Kind.CORRUPT);
      assertThat(current.getMessage()).isEqualTo("the supervisor lease in " + file + " cannot be read: heartbeat "
          + "'soon' is not an integer.");
      assertThat(pass.getMessage()).isEqualTo("the supervisor lease in " + file + " cannot be read: "
          + "last_pass_problem is set though last_pass_failures is 0.");
      assertThat(reader.list(JobQuery.all())).hasSize(1);
    }
    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
  }

  @Test
  void rowsInAnUnknownStateAreCountedInNoStateAndListedOnlyWithoutAStateFilter() throws Exception {
    Path file = BadInputIT.lifelineDb(dir, "states.db", 3);
    tamper(file, "UPDATE job SET state = 'PAUSED' WHERE id = 1");

    try (SqliteJobStore reader = SqliteJobStore.builder(file).migrate(false).build()) {
      assertThat(reader.counts()).containsEntry(JobState.QUEUED, 2L).containsEntry(JobState.PROCESSING, 0L);
      List<UnreadableRow> reported = new ArrayList<>();
      assertThat(reader.listReadable(JobQuery.inStates(JobState.QUEUED), reported::add)).hasSize(2);
      assertThat(reported).isEmpty();
      assertThat(reader.listReadable(JobQuery.all(), reported::add)).hasSize(2);
      assertThat(reported).extracting(UnreadableRow::id).containsExactly(JobId.of(1));
    }
  }

  @Test
  void aRowWhoseIdIsNotAJobIdIsSkippedUnreportedByReadableReadsAndByTheClaimAndNamedByList() throws Exception {
    Path file = BadInputIT.lifelineDb(dir, "ids.db", 3);
    tamper(file, "UPDATE job SET id = -3 WHERE id = 2");

    try (SqliteJobStore store = SqliteJobStore.create(file)) {
      List<UnreadableRow> reported = new ArrayList<>();
      assertThat(store.listReadable(JobQuery.all(), reported::add)).extracting(j -> j.id().value())
          .containsExactly(3L, 1L);
      assertThat(reported).isEmpty();
      StoreException e = catchThrowableOfType(StoreException.class, () -> store.list(JobQuery.all()));
      assertThat(e.getMessage()).isEqualTo("job -3 in " + file + " cannot be read: id -3 is not positive.");
      List<Long> offered = new ArrayList<>();
      Optional<Job> first = store.claimNext(T, 10, startRecording(offered));
      assertThat(offered).as("offered by the first claim").containsExactly(1L);
      assertThat(first).map(j -> j.id().value()).contains(1L);
      assertThat(store.claimNext(T, 10, startRecording(offered))).map(j -> j.id().value()).contains(3L);
      assertThat(store.claimNext(T, 10, startRecording(offered))).isEmpty();
      assertThat(offered).containsExactly(1L, 3L);
    }
  }

  /** A claim decider that starts every candidate, noting which it was offered. */
  private static JobStore.ClaimDecider startRecording(List<Long> offered) {
    return (candidate, running) -> {
      offered.add(candidate.id().value());
      Instant now = T.plusSeconds(1);
      Job next = candidate.toBuilder().state(JobState.PROCESSING).attempt(candidate.attempt() + 1)
          .session("s-" + candidate.id()).owner("me").startedAt(now).updatedAt(now)
          .version(candidate.version() + 1).build();
      return Optional.of(new JobStore.Change(next, new Transition(candidate.id(), next.attempt(), JobState.QUEUED,
          JobState.PROCESSING, JobEvent.START, null, null, "test", now)));
    };
  }

  /**
   * Changes {@code file} as another program could: CHECK constraints ignored, and the NOT NULLs of the job table
   * removed from the schema text (SQLite stores them nowhere else) when the change sets a column NULL.
   */
  static void tamper(Path file, String sql) throws Exception {
    if (sql.contains("NULL")) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
        st.executeUpdate("PRAGMA writable_schema = ON");
        st.executeUpdate("UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '') WHERE name = 'job'");
        st.executeUpdate("PRAGMA writable_schema = OFF");
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.executeUpdate("PRAGMA ignore_check_constraints = ON");
      assertThat(st.executeUpdate(sql)).as(sql).isPositive();
    }
  }

  static JobSpec spec(String name) {
    return JobSpec.builder("echo", name).name(name).build();
  }
}
