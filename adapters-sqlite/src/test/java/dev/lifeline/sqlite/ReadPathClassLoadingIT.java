package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobEvent;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.spi.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that is opened without migrations and only read never loads jOOQ or its generated classes: a fresh JVM's
 * class-load log ({@code -Xlog:class+load}) shows none until the first write, which loads them.
 */
class ReadPathClassLoadingIT {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final String MARK = StoreChild.ReadsDone.class.getName();

  @TempDir
  Path dir;

  @Test
  void openingListingFindingCountingAndClosingLoadNoJooqClassUntilTheFirstWrite() throws Exception {
    Path file = dir.resolve("jobs.db");
    try (SqliteJobStore store = SqliteJobStore.create(file)) {
      for (int i = 0; i < 30; i++) {
        store.insert(JobSpec.builder("echo", Integer.toString(i)).name("job " + i).build(), null, T, "seed");
      }
      var last = store.list(dev.lifeline.spi.JobQuery.all().withLimit(1)).get(0);
      var moved = last.toBuilder().state(JobState.FAILED).version(1).build();
      store.compareAndSet(last, moved, new Transition(last.id(), 0, JobState.QUEUED, JobState.FAILED,
          JobEvent.CANCEL, null, "stop", "seed", T));
      store.leases().tryAcquire(new Lease("h:1", "h", 1, T, T), T, Duration.ofSeconds(30), l -> false);
    }
    Path log = dir.resolve("classes.log");

    List<String> out;
    try (ChildJvm child = ChildJvm.start(dir, List.of("-Xlog:class+load=info:file=" + log + ":none"),
        "read-then-write", file.toString())) {
      out = child.finish(Duration.ofSeconds(60));
      assertThat(child.exitCode()).as("child stderr: %s", child.stderrText()).isZero();
    }

    assertThat(out).containsExactly("listed 30", "listed in two states 30", "found 30", "history 2",
        "counts {QUEUED=29, PROCESSING=0, VERIFICATION=0, COMPLETED=0, FAILED=1}", "lease h:1", "schema " + SqliteJobStore.latestSchemaVersion() + " ok",
        "inserted 31");
    List<String> loaded = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      loaded.add(line.split(" ", 2)[0]);
    }
    int mark = loaded.indexOf(MARK);
    assertThat(mark).as("the log has the mark line; it holds %s lines", loaded.size()).isPositive();
    List<String> reading = loaded.subList(0, mark);
    List<String> writing = loaded.subList(mark + 1, loaded.size());
    assertThat(reading).as("the log records the read path's classes")
        .contains(SqliteJobStore.class.getName(), ReadStatements.class.getName(), JobRows.class.getName());
    assertThat(reading.stream().filter(ReadPathClassLoadingIT::isJooq).toList())
        .as("jOOQ classes loaded by open, list, find, history, counts, lease, schemaVersion, quickCheck and close")
        .isEmpty();
    assertThat(writing).as("the first write loads jOOQ, which shows the log would have caught it")
        .contains("org.jooq.impl.DSL", "org.jooq.impl.DefaultConfiguration",
            "dev.lifeline.sqlite.db.tables.Job", WriteStatements.class.getName());
  }

  private static boolean isJooq(String className) {
    return className.startsWith("org.jooq.") || className.startsWith("dev.lifeline.sqlite.db.")
        || className.equals(WriteStatements.class.getName());
  }
}
