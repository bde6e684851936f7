package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigratorTest {

  @Test
  void splitSeparatesStatementsAndDropsComments() {
    String sql = "-- a comment; with a semicolon\nCREATE TABLE a (x);\n/* block; comment */ CREATE INDEX i ON a (x);\n";

    assertThat(Migrator.split(sql)).containsExactly("CREATE TABLE a (x)", "CREATE INDEX i ON a (x)");
  }

  @Test
  void splitKeepsSemicolonsAndCommentMarkersInsideQuotes() {
    String sql = "INSERT INTO t VALUES ('a;b', 'it''s -- not a comment', \"q;\");SELECT 1";

    assertThat(Migrator.split(sql)).containsExactly(
        "INSERT INTO t VALUES ('a;b', 'it''s -- not a comment', \"q;\")", "SELECT 1");
  }

  @Test
  void theFirstScriptCreatesTheThreeTablesAndTheirIndexes() {
    List<String> statements = Migrator.statements("V1__init.sql");

    assertThat(statements).hasSize(6);
    assertThat(statements).filteredOn(s -> s.startsWith("CREATE TABLE")).hasSize(3);
    assertThat(statements).anySatisfy(s -> assertThat(s).startsWith("CREATE UNIQUE INDEX job_active_session"));
  }

  @Test
  void theSecondScriptAddsThePassRecordColumnsToTheLease() {
    List<String> statements = Migrator.statements("V2__last_pass.sql");

    assertThat(statements).hasSize(4).allSatisfy(s -> assertThat(s).startsWith("ALTER TABLE supervisor_lease ADD"));
  }

  @Test
  void theThirdScriptAddsTheLiveWorkIndexes() {
    List<String> statements = Migrator.statements("V3__live_work_indexes.sql");

    assertThat(statements).hasSize(2);
    assertThat(statements.get(0)).startsWith("CREATE INDEX job_retryable ON job (state, id)")
        .contains("WHERE state = 'FAILED' AND attempt < max_attempts");
    assertThat(statements.get(1)).isEqualTo("CREATE INDEX job_state_newest ON job (state, id)");
  }

  @Test
  void theFourthScriptRebuildsTheTwoTablesWithTheWorkflowValuesAndAddsItsColumns() {
    List<String> statements = Migrator.statements("V4__workflow.sql");

    assertThat(statements).filteredOn(s -> s.startsWith("DROP TABLE"))
        .containsExactly("DROP TABLE job", "DROP TABLE job_transition");
    assertThat(statements).filteredOn(s -> s.startsWith("CREATE TABLE job_v4")).singleElement()
        .satisfies(s -> assertThat(s).contains("'DEPENDENCY_FAILED'"));
    assertThat(statements).filteredOn(s -> s.startsWith("CREATE TABLE job_transition_v4")).singleElement()
        .satisfies(s -> assertThat(s).contains("'HOLD', 'RELEASE', 'ABANDON'"));
    assertThat(statements).filteredOn(s -> s.startsWith("ALTER TABLE job ADD COLUMN")).hasSize(4);
    assertThat(statements).anySatisfy(s -> assertThat(s).startsWith("CREATE INDEX job_retryable")
        .contains("NOT IN ('CANCELLED', 'DEPENDENCY_FAILED')"));
  }

  @Test
  void theFifthScriptAddsTheHooksTheOutboxAndItsIndexesAndIsTheLatest() {
    List<String> statements = Migrator.statements("V5__notifications.sql");

    assertThat(statements).filteredOn(s -> s.startsWith("DROP")).isEmpty();
    assertThat(statements).filteredOn(s -> s.startsWith("ALTER TABLE job ADD COLUMN")).singleElement()
        .satisfies(s -> assertThat(s).startsWith("ALTER TABLE job ADD COLUMN hooks TEXT NOT NULL DEFAULT ''"));
    assertThat(statements).filteredOn(s -> s.startsWith("CREATE TABLE")).extracting(s -> s.split("\\s+")[2])
        .containsExactly("hook", "delivery");
    assertThat(statements).filteredOn(s -> s.startsWith("CREATE INDEX")).extracting(s -> s.split("\\s+")[2])
        .containsExactly("delivery_due", "delivery_failed", "delivery_job");
    assertThat(statements).anySatisfy(s -> assertThat(s).startsWith("CREATE INDEX delivery_due")
        .endsWith("WHERE status = 'PENDING'"));
    assertThat(Migrator.latest()).isEqualTo(5);
  }
}
