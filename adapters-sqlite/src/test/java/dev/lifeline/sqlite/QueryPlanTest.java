package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reads a supervisor's pass makes are range reads of an index, never a scan of the job table or a sort of it, so
 * their cost follows the rows they return and not the jobs that ended long ago. SQLite's own
 * {@code EXPLAIN QUERY PLAN} is asked, on an empty file and on one with much history after {@code ANALYZE} (which
 * gives the planner real row counts to choose by).
 */
class QueryPlanTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "history rows analysed: {0}")
  @ValueSource(booleans = {false, true})
  void retryableJobsAreReadFromTheRetryableIndexInIdOrder(boolean history) throws Exception {
    List<String> plan = plan(history, ReadStatements.RETRYABLE);

    assertThat(plan).anySatisfy(l -> assertThat(l).contains("USING INDEX job_retryable"));
    assertNoScanOrSort(plan);
  }

  @ParameterizedTest(name = "history rows analysed: {0}")
  @ValueSource(booleans = {false, true})
  void theJobsOfOneStateAreReadNewestFirstFromTheStateIndex(boolean history) throws Exception {
    List<String> plan = plan(history, ReadStatements.NEWEST_JOBS.get(1));

    assertThat(plan).anySatisfy(l -> assertThat(l).contains("USING INDEX job_state_newest (state=?)"));
    assertNoScanOrSort(plan);
  }

  @ParameterizedTest(name = "history rows analysed: {0}")
  @ValueSource(booleans = {false, true})
  void claimCandidatesAreReadInClaimOrderFromTheClaimIndex(boolean history) throws Exception {
    List<String> plan = plan(history, ReadStatements.CLAIMABLE);

    assertThat(plan).anySatisfy(l -> assertThat(l).contains("USING INDEX job_claim (state=?)"));
    assertNoScanOrSort(plan);
  }

  @ParameterizedTest(name = "history rows analysed: {0}")
  @ValueSource(booleans = {false, true})
  void theCountOfOneStateReadsOnlyThatStatesIndexEntries(boolean history) throws Exception {
    List<String> plan = plan(history, ReadStatements.COUNT_IN_STATE);

    assertThat(plan).anySatisfy(l -> assertThat(l).contains("USING COVERING INDEX").contains("(state=?)"));
    assertNoScanOrSort(plan);
  }

  @ParameterizedTest(name = "history rows analysed: {0}")
  @ValueSource(booleans = {false, true})
  void abandonableJobsAreTheQueuedJobsOfTheStateIndexAndTheirDependenciesByKey(boolean history) throws Exception {
    List<String> plan = plan(history, ReadStatements.ABANDONABLE);

    assertThat(plan).anySatisfy(l -> assertThat(l).contains("job_state_newest (state=?)"));
    assertThat(plan).anySatisfy(l -> assertThat(l).contains("job_dependency").contains("(job_id=?)"));
    assertNoScanOrSort(plan);
  }

  @Test
  void aJobsDependentsAreARangeOfTheDependencyIndex() throws Exception {
    List<String> plan = plan(true, ReadStatements.DEPENDENTS);

    assertThat(plan).anySatisfy(l -> assertThat(l).contains("job_dependency_on (depends_on=?)"));
    assertNoScanOrSort(plan);
  }

  @Test
  void aJobsHistoryIsReadFromTheHistoryIndex() throws Exception {
    List<String> plan = plan(true, ReadStatements.HISTORY);

    assertThat(plan).anySatisfy(l -> assertThat(l).contains("job_transition_job (job_id=?)"));
    assertNoScanOrSort(plan);
  }

  @ParameterizedTest(name = "history rows analysed: {0}")
  @ValueSource(booleans = {false, true})
  void dueDeliveriesAreARangeOfThePendingIndexInDueOrder(boolean history) throws Exception {
    for (String sql : List.of(OutboxStatements.DUE, OutboxStatements.NEXT_DUE)) {
      List<String> plan = plan(history, sql);

      assertThat(plan).anySatisfy(l -> assertThat(l).contains("INDEX delivery_due"));
      assertNoScanOrSort(plan);
    }
  }

  /** A partial index holds only its rows: counting them scans it, and never the delivered history. */
  @ParameterizedTest(name = "history rows analysed: {0}")
  @ValueSource(booleans = {false, true})
  void undeliveredAndGivenUpDeliveriesAreCountedFromTheirPartialIndexes(boolean history) throws Exception {
    assertThat(plan(history, OutboxStatements.COUNT.get(0)))
        .containsExactly("SCAN delivery USING COVERING INDEX delivery_due");
    assertThat(plan(history, OutboxStatements.COUNT.get(1)))
        .containsExactly("SCAN delivery USING COVERING INDEX delivery_failed");
  }

  @Test
  void aJobsDeliveriesAreARangeOfTheJobIndex() throws Exception {
    List<String> plan = plan(true, OutboxStatements.FOR_JOB);

    assertThat(plan).anySatisfy(l -> assertThat(l).contains("INDEX delivery_job"));
    assertNoScanOrSort(plan);
  }

  private static void assertNoScanOrSort(List<String> plan) {
    assertThat(plan).as("the plan").noneSatisfy(l -> assertThat(l).contains("SCAN"))
        .noneSatisfy(l -> assertThat(l).contains("TEMP B-TREE"));
  }

  /** The plan of {@code sql} on a migrated file, optionally holding 20,000 ended jobs and analysed. */
  private List<String> plan(boolean history, String sql) throws Exception {
    Path file = dir.resolve("plan.db");
    SqliteJobStore.create(file).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      if (history) {
        try (Statement st = c.createStatement()) {
          st.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
              + "INSERT INTO job (name, argv, env, priority, max_attempts, verifiers, state, version, attempt, "
              + "failure_reason, created_at, updated_at) SELECT 'old', '4:true', '', 0, 1, '', "
              + "CASE i % 3 WHEN 0 THEN 'COMPLETED' ELSE 'FAILED' END, 2, 1, "
              + "CASE i % 3 WHEN 0 THEN NULL WHEN 1 THEN 'EXIT_CODE' ELSE 'CANCELLED' END, i, i FROM n");
          st.executeUpdate("INSERT INTO job (name, argv, env, priority, max_attempts, verifiers, state, version, "
              + "attempt, failure_reason, created_at, updated_at) VALUES ('live', '4:true', '', 0, 3, '', "
              + "'FAILED', 2, 1, 'EXIT_CODE', 1, 1), ('queued', '4:true', '', 0, 3, '', 'QUEUED', 0, 0, NULL, 1, 1)");
          st.executeUpdate("INSERT INTO job_transition (job_id, attempt, to_state, event, at) "
              + "SELECT id, 0, 'QUEUED', 'SUBMIT', created_at FROM job");
          st.executeUpdate("INSERT INTO delivery (job_id, attempt, to_state, event, source, target_kind, target, "
              + "status, tries, next_at, created_at) SELECT id, 1, state, 'EXITED', 'job', 'COMMAND', '4:true', "
              + "CASE id WHEN 20001 THEN 'PENDING' WHEN 20002 THEN 'FAILED' ELSE 'DELIVERED' END, 1, id, id FROM job");
          st.execute("ANALYZE");
        }
      }
      List<String> out = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement("EXPLAIN QUERY PLAN " + sql);
          ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString("detail"));
        }
      }
      assertThat(out).as("a plan for %s", sql).isNotEmpty();
      return out;
    }
  }
}
