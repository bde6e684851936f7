package dev.lifeline.sqlite;

import static dev.lifeline.sqlite.db.Tables.JOB;
import static dev.lifeline.sqlite.db.Tables.JOB_DEPENDENCY;
import static dev.lifeline.sqlite.db.Tables.JOB_TRANSITION;
import static dev.lifeline.sqlite.db.Tables.SUPERVISOR_LEASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The read path's constant SQL is exactly what jOOQ renders, with the store's own dialect and settings, for the
 * query each constant documents, and binds its values in the positions {@link ReadStatements} sets them. When the
 * schema or jOOQ changes, the failure prints the text to paste.
 */
class ReadStatementsTest {

  private static final DSLContext JOOQ = DSL.using(WriteStatements.configuration(null));

  @Test
  void findingAJobByIdIsWhatJooqRenders() {
    assertRendersAs("JOB_BY_ID", ReadStatements.JOB_BY_ID, JOOQ.select(JOB.asterisk()).from(JOB).where(JOB.ID.eq(7L)), 7L);
  }

  @Test
  void findingAJobByIdempotencyKeyIsWhatJooqRenders() {
    assertRendersAs("JOB_BY_KEY", ReadStatements.JOB_BY_KEY,
        JOOQ.select(JOB.asterisk()).from(JOB).where(JOB.IDEMPOTENCY_KEY.eq("k")), "k");
  }

  static IntStream stateCounts() {
    return IntStream.rangeClosed(0, JobState.values().length);
  }

  @ParameterizedTest(name = "{0} states")
  @MethodSource("stateCounts")
  void listingTheNewestJobsInAnyNumberOfStatesIsWhatJooqRenders(int states) {
    List<String> names = Arrays.stream(JobState.values()).limit(states).map(Enum::name).toList();
    Condition filter = names.isEmpty() ? DSL.noCondition() : JOB.STATE.in(names);
    List<Object> binds = new ArrayList<>(names);
    binds.add(37L);

    assertRendersAs("NEWEST_JOBS.get(" + states + ")", ReadStatements.NEWEST_JOBS.get(states),
        JOOQ.select(JOB.asterisk()).from(JOB).where(filter).orderBy(JOB.ID.desc()).limit(37), binds.toArray());
  }

  @ParameterizedTest(name = "{0} states")
  @MethodSource("stateCounts")
  void listingTheNewestJobsOfOneGroupInAnyNumberOfStatesIsWhatJooqRenders(int states) {
    List<String> names = Arrays.stream(JobState.values()).limit(states).map(Enum::name).toList();
    Condition filter = names.isEmpty() ? DSL.noCondition() : JOB.STATE.in(names);
    List<Object> binds = new ArrayList<>();
    binds.add("gpu");
    binds.addAll(names);
    binds.add(37L);

    assertRendersAs("NEWEST_JOBS_IN_GROUP.get(" + states + ")", ReadStatements.NEWEST_JOBS_IN_GROUP.get(states),
        JOOQ.select(JOB.asterisk()).from(JOB).where(JOB.GROUP_NAME.eq("gpu")).and(filter).orderBy(JOB.ID.desc())
            .limit(37), binds.toArray());
  }

  @Test
  void thereIsOneListingPerNumberOfStatesAQueryCanName() {
    assertThat(ReadStatements.NEWEST_JOBS).hasSize(JobState.values().length + 1);
  }

  @Test
  void historyIsWhatJooqRenders() {
    assertRendersAs("HISTORY", ReadStatements.HISTORY, JOOQ.selectFrom(JOB_TRANSITION)
        .where(JOB_TRANSITION.JOB_ID.eq(7L)).orderBy(JOB_TRANSITION.ID), 7L);
  }

  @Test
  void countsAreWhatJooqRenders() {
    assertRendersAs("COUNTS", ReadStatements.COUNTS,
        JOOQ.select(JOB.STATE, DSL.count()).from(JOB).groupBy(JOB.STATE));
  }

  @Test
  void theLeaseIsWhatJooqRenders() {
    assertRendersAs("LEASE", ReadStatements.LEASE,
        JOOQ.selectFrom(SUPERVISOR_LEASE).where(SUPERVISOR_LEASE.ID.eq(ReadStatements.LEASE_ROW)),
        ReadStatements.LEASE_ROW);
  }

  @Test
  void theLeaseWithTheColumnsOfEverySchemaVersionIsWhatJooqRenders() {
    assertRendersAs("LEASE_V1", ReadStatements.LEASE_V1,
        JOOQ.select(SUPERVISOR_LEASE.ID, SUPERVISOR_LEASE.HOLDER, SUPERVISOR_LEASE.HOST, SUPERVISOR_LEASE.PID,
            SUPERVISOR_LEASE.ACQUIRED_AT, SUPERVISOR_LEASE.HEARTBEAT).from(SUPERVISOR_LEASE)
            .where(SUPERVISOR_LEASE.ID.eq(ReadStatements.LEASE_ROW)),
        ReadStatements.LEASE_ROW);
  }

  @Test
  void retryableJobsAreWhatJooqRendersWithTheValuesInline() {
    assertRendersAs("RETRYABLE", ReadStatements.RETRYABLE, JOOQ.select(JOB.asterisk()).from(JOB)
        .where(JOB.STATE.eq(DSL.inline("FAILED")))
        .and(JOB.ATTEMPT.lt(JOB.MAX_ATTEMPTS))
        .and(JOB.FAILURE_REASON.isNull().or(JOB.FAILURE_REASON.notIn(DSL.inline("CANCELLED"),
            DSL.inline("DEPENDENCY_FAILED"))))
        .orderBy(JOB.ID).limit(37), 37L);
  }

  @Test
  void theControlReadsAreWhatJooqRenders() {
    assertRendersAs("GROUP", ReadStatements.GROUP,
        JOOQ.selectFrom(dev.lifeline.sqlite.db.Tables.JOB_GROUP)
            .where(dev.lifeline.sqlite.db.Tables.JOB_GROUP.NAME.eq("gpu")), "gpu");
    assertRendersAs("GROUPS", ReadStatements.GROUPS,
        JOOQ.selectFrom(dev.lifeline.sqlite.db.Tables.JOB_GROUP).orderBy(dev.lifeline.sqlite.db.Tables.JOB_GROUP.NAME));
    assertRendersAs("DRAINING", ReadStatements.DRAINING,
        JOOQ.select(dev.lifeline.sqlite.db.Tables.STORE_CONTROL.DRAINING).from(dev.lifeline.sqlite.db.Tables.STORE_CONTROL)
            .where(dev.lifeline.sqlite.db.Tables.STORE_CONTROL.ID.eq(ReadStatements.LEASE_ROW)), ReadStatements.LEASE_ROW);
    assertRendersAs("CONTROL_CHANGES", ReadStatements.CONTROL_CHANGES,
        JOOQ.selectFrom(dev.lifeline.sqlite.db.Tables.CONTROL_CHANGE)
            .orderBy(dev.lifeline.sqlite.db.Tables.CONTROL_CHANGE.ID.desc()).limit(37), 37L);
  }

  @Test
  void dependentsAreWhatJooqRenders() {
    assertRendersAs("DEPENDENTS", ReadStatements.DEPENDENTS, JOOQ.select(JOB_DEPENDENCY.JOB_ID)
        .from(JOB_DEPENDENCY).where(JOB_DEPENDENCY.DEPENDS_ON.eq(7L)).orderBy(JOB_DEPENDENCY.JOB_ID), 7L);
  }

  @Test
  void abandonableJobsAreWhatJooqRendersWithTheValuesInline() {
    dev.lifeline.sqlite.db.tables.Job dep = JOB.as("dep");
    assertRendersAs("ABANDONABLE", ReadStatements.ABANDONABLE, JOOQ.select(JOB.asterisk()).from(JOB)
        .where(JOB.STATE.eq(DSL.inline("QUEUED")))
        .andExists(DSL.selectOne().from(JOB_DEPENDENCY).join(dep).on(dep.ID.eq(JOB_DEPENDENCY.DEPENDS_ON))
            .where(JOB_DEPENDENCY.JOB_ID.eq(JOB.ID))
            .and(dep.STATE.eq(DSL.inline("FAILED")))
            .and(DSL.not(dep.ATTEMPT.lt(dep.MAX_ATTEMPTS).and(dep.FAILURE_REASON.isNull()
                .or(dep.FAILURE_REASON.notIn(DSL.inline("CANCELLED"), DSL.inline("DEPENDENCY_FAILED")))))))
        .orderBy(JOB.ID).limit(37), 37L);
  }

  @Test
  void claimableJobsAreWhatJooqRenders() {
    assertRendersAs("CLAIMABLE", ReadStatements.CLAIMABLE, JOOQ.select(JOB.asterisk()).from(JOB)
        .where(JOB.STATE.eq("QUEUED"))
        .and(JOB.NOT_BEFORE.isNull().or(JOB.NOT_BEFORE.le(java.time.Instant.ofEpochMilli(5))))
        .orderBy(JOB.PRIORITY.desc(), JOB.CREATED_AT, JOB.ID).limit(37), "QUEUED",
        java.time.Instant.ofEpochMilli(5), 37L);
  }

  @Test
  void theCountOfOneStateIsWhatJooqRenders() {
    assertRendersAs("COUNT_IN_STATE", ReadStatements.COUNT_IN_STATE,
        JOOQ.selectCount().from(JOB).where(JOB.STATE.eq("FAILED")), "FAILED");
  }

  private static void assertRendersAs(String constant, String actual, Query jooq, Object... binds) {
    String rendered = jooq.getSQL();
    assertThat(actual)
        .withFailMessage("ReadStatements.%s is no longer what jOOQ renders for it; the text to paste is:%n%s%n"
            + "(it holds:%n%s)", constant, rendered, actual)
        .isEqualTo(rendered);
    assertThat(jooq.getBindValues()).as("the values %s binds, in order", constant).containsExactly(binds);
  }
}
