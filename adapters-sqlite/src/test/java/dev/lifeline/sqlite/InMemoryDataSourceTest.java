package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobSpec;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.JobStoreContract;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/**
 * Core's {@link JobStoreContract}, unchanged, on an in-memory SQLite database given as a {@code DataSource}: the
 * store then keeps one connection for reads and writes.
 */
class InMemoryDataSourceTest extends JobStoreContract {

  @Override
  protected JobStore newStore() {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite::memory:");
    return SqliteJobStore.create(ds);
  }

  @Test
  void anInMemoryDatabaseHasNoFileAndTheLatestSchema() {
    SqliteJobStore sqlite = (SqliteJobStore) store;

    assertThat(sqlite.file()).isNull();
    assertThat(sqlite.schemaVersion()).isEqualTo(SqliteJobStore.latestSchemaVersion());
    assertThat(sqlite.quickCheck()).isEqualTo("ok");
    assertThat(sqlite.toString()).contains("in-memory");
    assertThat(store.insert(JobSpec.builder("x").build(), null, Instant.EPOCH).job().id().value()).isEqualTo(1);
  }
}
