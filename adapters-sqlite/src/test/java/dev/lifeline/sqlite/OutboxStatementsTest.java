package dev.lifeline.sqlite;

import static dev.lifeline.sqlite.db.Tables.DELIVERY;
import static dev.lifeline.sqlite.db.Tables.HOOK;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * The outbox's constant SQL is exactly what jOOQ renders, with the store's dialect and settings, for the query each
 * constant documents, binding its values where {@link OutboxStatements} sets them; a failure prints the text to
 * paste.
 */
class OutboxStatementsTest {

  private static final DSLContext JOOQ = DSL.using(WriteStatements.configuration(null));
  private static final Instant NOW = Instant.ofEpochMilli(5);

  @Test
  void theHooksAreWhatJooqRenders() {
    assertRendersAs("HOOKS", OutboxStatements.HOOKS, JOOQ.selectFrom(HOOK).orderBy(HOOK.ID));
  }

  @Test
  void theDueDeliveriesAreWhatJooqRendersWithTheStatusInline() {
    assertRendersAs("DUE", OutboxStatements.DUE, JOOQ.selectFrom(DELIVERY)
        .where(DELIVERY.STATUS.eq(DSL.inline("PENDING"))).and(DELIVERY.NEXT_AT.le(NOW))
        .orderBy(DELIVERY.NEXT_AT, DELIVERY.ID).limit(37), NOW, 37L);
    assertRendersAs("NEXT_DUE", OutboxStatements.NEXT_DUE, JOOQ.select(DELIVERY.NEXT_AT).from(DELIVERY)
        .where(DELIVERY.STATUS.eq(DSL.inline("PENDING"))).and(DELIVERY.NEXT_AT.gt(NOW))
        .orderBy(DELIVERY.NEXT_AT).limit(DSL.inline(1)), NOW);
  }

  @Test
  void aJobsDeliveriesAndTheCountsAreWhatJooqRenders() {
    assertRendersAs("FOR_JOB", OutboxStatements.FOR_JOB, JOOQ.selectFrom(DELIVERY).where(DELIVERY.JOB_ID.eq(7L))
        .orderBy(DELIVERY.ID), 7L);
    assertRendersAs("COUNT[0]", OutboxStatements.COUNT.get(0), JOOQ.selectCount().from(DELIVERY)
        .where(DELIVERY.STATUS.eq(DSL.inline("PENDING"))));
    assertRendersAs("COUNT[1]", OutboxStatements.COUNT.get(1), JOOQ.selectCount().from(DELIVERY)
        .where(DELIVERY.STATUS.eq(DSL.inline("FAILED"))));
  }

  private static void assertRendersAs(String constant, String actual, Query jooq, Object... binds) {
    String rendered = jooq.getSQL();
    assertThat(actual)
        .withFailMessage("OutboxStatements.%s is no longer what jOOQ renders for it; the text to paste is:%n%s%n"
            + "(it holds:%n%s)", constant, rendered, actual)
        .isEqualTo(rendered);
    assertThat(jooq.getBindValues()).as("the values %s binds, in order", constant).containsExactly(binds);
  }
}
