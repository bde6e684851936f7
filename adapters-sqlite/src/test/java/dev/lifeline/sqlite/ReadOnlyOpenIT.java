package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobSpec;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** Reads never write: neither the database file nor its WAL changes while another store reads it. */
class ReadOnlyOpenIT {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path dir;

  @Test
  void readingThroughAStoreOpenedWithoutMigrationsChangesNeitherTheFileNorItsWal() throws Exception {
    Path file = dir.resolve("busy.db");
    Path wal = Path.of(file + "-wal");
    try (SqliteJobStore writer = SqliteJobStore.create(file)) {
      for (int i = 0; i < 20; i++) {
        writer.insert(JobSpec.builder("echo", Integer.toString(i)).build(), null, T);
      }
      writer.leases().tryAcquire(new Lease("h:1", "h", 1, T, T), T, Duration.ofSeconds(30), l -> false);
      assertThat(wal).as("the writer's changes are still in the WAL").exists();
      String fileBefore = BadInputIT.sha256(file);
      String walBefore = BadInputIT.sha256(wal);

      try (SqliteJobStore reader = SqliteJobStore.builder(file).migrate(false).build()) {
        for (int i = 0; i < 3; i++) {
          assertThat(reader.list(JobQuery.all())).hasSize(20);
          assertThat(reader.find(reader.list(JobQuery.all()).get(0).id())).isPresent();
          reader.history(reader.list(JobQuery.all()).get(0).id());
          reader.counts();
          assertThat(reader.leases().current()).isPresent();
          assertThat(reader.schemaVersion()).isEqualTo(SqliteJobStore.latestSchemaVersion());
          assertThat(reader.quickCheck()).isEqualTo("ok");
        }
      }

      assertThat(BadInputIT.sha256(file)).isEqualTo(fileBefore);
      assertThat(BadInputIT.sha256(wal)).isEqualTo(walBefore);
    }
  }

  @Test
  void openingAClosedDatabaseWithoutMigrationsLeavesItsBytesAsTheyWere() throws Exception {
    Path file = dir.resolve("closed.db");
    try (SqliteJobStore writer = SqliteJobStore.create(file)) {
      writer.insert(JobSpec.builder("echo").build(), null, T);
    }
    String before = BadInputIT.sha256(file);

    try (SqliteJobStore reader = SqliteJobStore.builder(file).migrate(false).build()) {
      assertThat(reader.list(JobQuery.all())).hasSize(1);
    }

    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
    if (Files.exists(Path.of(file + "-wal"))) {
      assertThat(Files.size(Path.of(file + "-wal"))).as("a read-only reader leaves no WAL content").isZero();
    }
  }

  @Test
  void aStoreOnAFileDataSourceUsesThatFile() throws Exception {
    Path file = dir.resolve("ds.db");
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + file);

    try (SqliteJobStore store = SqliteJobStore.create(ds)) {
      store.insert(JobSpec.builder("echo").build(), null, T);
      assertThat(store.file()).isEqualTo(file.toAbsolutePath());
    }
    try (SqliteJobStore again = SqliteJobStore.builder(file).migrate(false).build()) {
      assertThat(again.list(JobQuery.all())).hasSize(1);
    }
  }
}
