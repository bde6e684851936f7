package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobSpec;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store keys everything on the real path of its file (DESIGN rule 10): every symbolic link resolved, and for a
 * file not yet created, the real path of its directory. Two paths to one file are one store.
 */
class RealPathIT {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path dir;

  @Test
  void aStoreOpenedThroughASymbolicLinkAndThroughTheRealPathSeesTheSameRowsAndTheSameLease() throws Exception {
    Path real = dir.resolve("real.db");
    Path link = Files.createSymbolicLink(dir.resolve("link.db"), real.getFileName());
    Lease lease = new Lease("host:1", "host", 1, T, T);

    try (SqliteJobStore byReal = SqliteJobStore.create(real); SqliteJobStore byLink = SqliteJobStore.create(link)) {
      assertThat(byLink.realPath()).isEqualTo(real.toRealPath()).isEqualTo(byReal.realPath());
      assertThat(byLink.file()).isEqualTo(byLink.realPath());
      byLink.insert(JobSpec.builder("echo", "via the link").build(), "k", T);
      assertThat(byLink.leases().tryAcquire(lease, T, Duration.ofSeconds(30), l -> false)).contains(lease);

      assertThat(byReal.list(JobQuery.all())).isEqualTo(byLink.list(JobQuery.all())).hasSize(1);
      assertThat(byReal.leases().current()).contains(lease);
      assertThat(byReal.leases().tryAcquire(new Lease("other:2", "other", 2, T, T), T, Duration.ofSeconds(30),
          l -> false)).as("the lease is one lease whichever path holds it").isEmpty();
      assertThat(byReal.insert(JobSpec.builder("echo", "again").build(), "k", T).created())
          .as("the idempotency key is one key").isFalse();
    }
    assertThat(Files.isSymbolicLink(link)).as("the link is left a link").isTrue();
    assertThat(Path.of(link + "-wal")).doesNotExist();
  }

  @Test
  void aFileNotYetCreatedResolvesItsDirectoryAndIsCreatedThere() throws Exception {
    Path realDir = Files.createDirectories(dir.resolve("a/b"));
    Path linkedDir = Files.createSymbolicLink(dir.resolve("shortcut"), realDir);

    try (SqliteJobStore store = SqliteJobStore.create(linkedDir.resolve("new.db"))) {
      assertThat(store.realPath()).isEqualTo(realDir.toRealPath().resolve("new.db"));
    }
    assertThat(realDir.resolve("new.db")).isRegularFile();
  }

  @Test
  void dotDotAfterASymbolicLinkFollowsTheLinkAsTheSystemDoes() throws Exception {
    Path realDir = Files.createDirectories(dir.resolve("a/b"));
    Path linkedDir = Files.createSymbolicLink(dir.resolve("shortcut"), realDir);

    try (SqliteJobStore store = SqliteJobStore.create(linkedDir.resolve("../up.db"))) {
      assertThat(store.realPath()).isEqualTo(dir.toRealPath().resolve("a/up.db"));
      store.insert(JobSpec.builder("true").build(), null, T);
    }
    assertThat(dir.resolve("a/up.db")).isRegularFile();
    assertThat(dir.resolve("up.db")).doesNotExist();
  }

  @Test
  void aRelativePathResolvesToTheSameRealPathAsItsAbsoluteForm() throws Exception {
    Path file = dir.resolve("rel.db");
    SqliteJobStore.create(file).close();
    Path relative = Path.of("").toAbsolutePath().relativize(file);

    try (SqliteJobStore store = SqliteJobStore.builder(relative).migrate(false).build()) {
      assertThat(store.realPath()).isEqualTo(file.toRealPath());
      assertThat(Optional.ofNullable(store.realPath()).map(Path::isAbsolute)).contains(true);
    }
  }
}
