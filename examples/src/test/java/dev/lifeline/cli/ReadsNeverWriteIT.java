package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read commands leave the database byte for byte unchanged (ARCHITECTURE.md, "The rules, and where each is
 * enforced", rule 3), on a real SQLite file.
 */
class ReadsNeverWriteIT {

  @TempDir
  Path dir;

  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void killOurTmuxServer() {
    Proc.killTmuxServer(socket);
  }

  @Test
  void listShowHealthReconcileLogsDoctorAndDiagramChangeNoByte() {
    String db = dir.resolve("jobs.db").toString();
    for (int i = 0; i < 5; i++) {
      assertThat(RealCli.run("--db", db, "submit", "--name", "job" + i, "--", "true").code()).isZero();
    }
    assertThat(RealCli.run("--db", db, "cancel", "2").code()).isZero();
    assertThat(RealCli.run("--db", db, "cancel", "3", "--reason", "not needed").code()).isZero();
    String before = Checksums.database(Path.of(db));

    // Each read with the exit code it must give: health is 6 (queued work, no supervisor), logs of a job that
    // never started is 4.
    Map<List<String>, Integer> reads = new LinkedHashMap<>();
    reads.put(List.of("list"), 0);
    reads.put(List.of("list", "--json"), 0);
    reads.put(List.of("list", "--state", "FAILED"), 0);
    reads.put(List.of("show", "3"), 0);
    reads.put(List.of("show", "3", "--json"), 0);
    reads.put(List.of("health"), ExitCodes.UNHEALTHY);
    reads.put(List.of("health", "--json"), ExitCodes.UNHEALTHY);
    reads.put(List.of("reconcile", "--dry-run"), 0);
    reads.put(List.of("reconcile", "--dry-run", "--json"), 0);
    reads.put(List.of("logs", "1"), ExitCodes.NOT_FOUND);
    reads.put(List.of("doctor"), 0);
    reads.put(List.of("diagram"), 0);
    for (Map.Entry<List<String>, Integer> entry : reads.entrySet()) {
      List<String> read = entry.getKey();
      String[] args = new String[read.size() + 4];
      args[0] = "--db";
      args[1] = db;
      args[2] = "--socket";
      args[3] = socket;
      for (int i = 0; i < read.size(); i++) {
        args[4 + i] = read.get(i);
      }
      Cli.Result r = RealCli.run(args);
      assertThat(r.code()).as(read + ": " + r.err()).isEqualTo(entry.getValue());
      assertThat(Checksums.database(Path.of(db))).as(read + " changed the database").isEqualTo(before);
    }
  }
}
