package dev.lifeline.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Delivery;
import dev.lifeline.FailureReason;
import dev.lifeline.HookTarget;
import dev.lifeline.HookTrigger;
import dev.lifeline.Job;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.Transition;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox under SIGKILLs: jobs with notification hooks run under {@code lifeline run} (the CLI, in its own JVM, on a
 * real SQLite file and real tmux) while this test SIGKILLs and restarts the supervisor; each hook is a command that
 * appends its {@code LIFELINE_DELIVERY_ID} to one file. Afterwards every change that called for a hook has its
 * delivery, each delivery reached the file at least once and at most once per supervisor incarnation, and the file
 * names no delivery the store does not have. Prints the counts.
 */
class OutboxChaosIT {

  private static final long SEED = Long.getLong("lifeline.chaos.seed", 20261204L);
  private static final int JOBS = 20;
  private static final long[] SUPERVISOR_KILLS_AT = {2_500, 6_000, 9_500, 13_000};
  private static final long CHAOS_MILLIS = 15_000;
  private static final Duration SETTLE = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  private final Random random = new Random(SEED);

  @Test
  void everyChangeThatCalledForAHookIsDeliveredAtLeastOnceAndBoundedlyOftenAcrossSigkills() throws Exception {
    RealStack.assumeTmux();
    Path db = dir.resolve("jobs.db");
    Path received = dir.resolve("received.txt");
    Files.createFile(received);
    String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 12);
    TmuxSessionRuntime files = TmuxSessionRuntime.builder().socket(socket)
        .runDirectory(dir.resolve("jobs.db.runs")).build();
    SupervisorProcess supervisor = new SupervisorProcess(dir, "dev.lifeline.cli.LifelineCommand",
        List.of("--db", db.toString(), "--socket", socket, "run", "--poll", "200ms", "--max-concurrent", "4"));
    System.out.println("[outbox-chaos] seed " + SEED + ", directory " + dir + ", socket " + socket);
    Map<String, Integer> counts = new TreeMap<>();
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      Lifecycle lifecycle = Lifecycle.builder().store(store).actor("chaos-test").build();
      // A store hook on every start, and each job's own hook on its end; each sleeps a little first, so that some
      // SIGKILLs land while a hook runs and before its delivery is recorded.
      lifecycle.addHook(HookTrigger.entering(JobState.PROCESSING), null, appender(received), null);
      for (int i = 0; i < JOBS; i++) {
        String sleep = String.format(Locale.ROOT, "%.1f", 0.3 + random.nextInt(20) / 10.0);
        boolean fails = i % 4 == 1;
        lifecycle.submit(JobSpec.builder("sh", "-c", "sleep " + sleep + "; exit " + (fails ? 1 : 0))
            .name("job-" + i).maxAttempts(fails ? 2 : 1)
            .hook(HookTrigger.entering(JobState.COMPLETED), appender(received))
            .hook(HookTrigger.entering(JobState.FAILED), appender(received)).build());
      }

      supervisor.start();
      long t0 = System.nanoTime();
      int kills = 0;
      long restartAt = -1;
      long settleEnd = t0 + Duration.ofMillis(CHAOS_MILLIS).toNanos() + SETTLE.toNanos();
      while (true) {
        long t = (System.nanoTime() - t0) / 1_000_000;
        if (restartAt < 0) {
          assertThat(supervisor.isAlive()).as("the supervisor died on its own:\n%s", supervisor.tails(40)).isTrue();
        }
        if (kills < SUPERVISOR_KILLS_AT.length && t >= SUPERVISOR_KILLS_AT[kills] && restartAt < 0) {
          supervisor.sigkill();
          kills++;
          restartAt = t + 200 + random.nextInt(600);
        }
        if (restartAt >= 0 && t >= restartAt) {
          supervisor.start();
          restartAt = -1;
        }
        if (t >= CHAOS_MILLIS && restartAt < 0 && allTerminal(lifecycle) && store.outbox().counts().pending() == 0) {
          break;
        }
        assertThat(System.nanoTime() - settleEnd)
            .as("the jobs and their deliveries did not all end within %s: %s pending%n%s", SETTLE,
                store.outbox().counts(), supervisor.tails(30)).isNegative();
        Thread.sleep(100); // the driver's tick; bounded by the settle deadline
      }
      int exitCode = supervisor.terminate(Duration.ofSeconds(30));
      assertThat(exitCode).as("the supervisor ends on SIGTERM:\n%s", supervisor.tails(20)).isNotEqualTo(-1);

      Map<Long, Delivery> byId = new HashMap<>();
      int changesCalling = 0;
      for (Job job : lifecycle.list(Set.of(), Integer.MAX_VALUE)) {
        List<Delivery> deliveries = lifecycle.deliveries(job.id());
        deliveries.forEach(d -> byId.put(d.id(), d));
        List<String> expected = new ArrayList<>();
        for (Transition t : lifecycle.history(job.id())) {
          if (t.to() == JobState.PROCESSING || t.to() == JobState.COMPLETED || t.to() == JobState.FAILED) {
            expected.add(t.attempt() + " " + t.from() + "->" + t.to() + " " + t.event());
          }
        }
        changesCalling += expected.size();
        assertThat(deliveries.stream().map(d -> d.attempt() + " " + d.from() + "->" + d.state() + " " + d.event()))
            .as("job %s: one delivery per change that called for a hook", job.id())
            .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(deliveries).as("job %s's deliveries all delivered", job.id())
            .allMatch(d -> d.status() == Delivery.Status.DELIVERED);
      }

      Map<Long, Integer> times = new HashMap<>();
      for (String line : Files.readAllLines(received)) {
        String[] f = line.split(" ");
        assertThat(f).as("a line the hook wrote: %s", line).hasSize(3);
        long id = Long.parseLong(f[0]);
        Delivery d = byId.get(id);
        assertThat(d).as("the file names delivery %s, which the store does not have", id).isNotNull();
        assertThat(f[1]).as("LIFELINE_JOB_ID of delivery %s", id).isEqualTo(d.jobId().toString());
        assertThat(f[2]).as("LIFELINE_STATE of delivery %s", id).isEqualTo(d.state().name());
        times.merge(id, 1, Integer::sum);
      }
      assertThat(times.keySet()).as("every delivery reached the hook").containsExactlyInAnyOrderElementsOf(
          byId.keySet());
      int bound = supervisor.incarnations();
      assertThat(times.values()).as("no delivery ran more often than there were supervisors")
          .allMatch(n -> n <= bound);
      Map<Integer, Long> histogram = times.values().stream()
          .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
      assertThat(kills).isEqualTo(SUPERVISOR_KILLS_AT.length);
      counts.put("supervisor kills (SIGKILL)", kills);
      counts.put("supervisor incarnations", supervisor.incarnations());
      counts.put("changes that called for a hook", changesCalling);
      counts.put("deliveries stored", byId.size());
      counts.put("deliveries received (lines)", times.values().stream().mapToInt(Integer::intValue).sum());
      counts.put("deliveries received more than once", (int) times.values().stream().filter(n -> n > 1).count());
      counts.put("jobs FAILED", (int) lifecycle.list(Set.of(JobState.FAILED), Integer.MAX_VALUE).size());
      System.out.println("[outbox-chaos] " + counts + ", times received -> deliveries: " + histogram);
      assertThat(changesCalling).isGreaterThanOrEqualTo(2 * JOBS);
    } finally {
      supervisor.killIfAlive();
      RealStack.closeRuntime(files);
    }
  }

  /** A command hook: sleeps 0.2 s, then appends its delivery id, job id and state to {@code file} (one write). */
  private static HookTarget appender(Path file) {
    return HookTarget.command("sh", "-c", "sleep 0.2; printf '%s %s %s\\n' \"$LIFELINE_DELIVERY_ID\" "
        + "\"$LIFELINE_JOB_ID\" \"$LIFELINE_STATE\" >> '" + file + "'");
  }

  private static boolean allTerminal(Lifecycle lifecycle) {
    List<Job> all = lifecycle.list(Set.of(), Integer.MAX_VALUE);
    return all.size() == JOBS && all.stream().allMatch(j -> j.state() == JobState.COMPLETED
        || (j.state() == JobState.FAILED && (j.failureReason() == FailureReason.CANCELLED
        || j.attempt() >= j.spec().maxAttempts())));
  }
}
