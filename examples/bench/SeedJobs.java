import dev.lifeline.JobSpec;
import dev.lifeline.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.Instant;

/** Fills a new database with N queued jobs through the store's API (not timed). */
public final class SeedJobs {
  public static void main(String[] args) {
    int n = Integer.parseInt(args[1]);
    try (SqliteJobStore store = SqliteJobStore.create(Path.of(args[0]))) {
      for (int i = 0; i < n; i++) {
        store.insert(JobSpec.builder("sh", "-c", "echo job " + i).name("job-" + i).priority(i % 5).build(), null,
            Instant.now());
      }
    }
  }
}
