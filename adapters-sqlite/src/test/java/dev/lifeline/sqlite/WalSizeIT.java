package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.spi.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every statement is stepped to completion, so checkpoints can run: under sustained claiming the {@code -wal} file
 * stays near SQLite's auto-checkpoint size (1,000 pages, about 4 MB) instead of growing without bound (limits.md §2
 * measured 173 MB after 20,000 claims when a statement was left open).
 */
class WalSizeIT {

  private static final long BOUND = 8L * 1024 * 1024;

  @TempDir
  Path dir;

  @Test
  void theWalStaysUnderEightMegabytesThroughTwentyThousandClaims() throws Exception {
    Path file = dir.resolve("wal.db");
    Path wal = Path.of(file + "-wal");
    int jobs = 20_000;
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    long largest = 0;
    try (SqliteJobStore store = SqliteJobStore.create(file)) {
      for (int i = 0; i < jobs; i++) {
        store.insert(JobSpec.builder("run", "--index", Integer.toString(i)).name("job " + i).priority(i % 10).build(),
            null, t);
        if (i % 500 == 0) {
          largest = Math.max(largest, Files.size(wal));
        }
      }
      JobStore.ClaimDecider start = (c, running) -> {
        Job next = c.toBuilder().state(JobState.PROCESSING).attempt(1).session("s-" + c.id()).owner("wal-test")
            .startedAt(t).updatedAt(t).version(c.version() + 1).build();
        return Optional.of(new JobStore.Change(next,
            new Transition(c.id(), 1, JobState.QUEUED, JobState.PROCESSING, JobEvent.START, null, null, "w", t)));
      };
      int claimed = 0;
      while (store.claimNext(t, Integer.MAX_VALUE, start).isPresent()) {
        // a reader on the other connection between claims, as a CLI `list` would be
        if (++claimed % 500 == 0) {
          store.counts();
          largest = Math.max(largest, Files.size(wal));
        }
      }
      assertThat(claimed).isEqualTo(jobs);
      largest = Math.max(largest, Files.size(wal));
    }

    assertThat(largest).as("largest -wal size seen, bytes").isLessThan(BOUND);
  }
}
