package dev.lifeline.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.SessionNames;
import dev.lifeline.Transition;
import dev.lifeline.VerifierSpec;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos, bounded in time: jobs run under {@code lifeline run} (the CLI, in a separate JVM) while this test kills random
 * job sessions, SIGKILLs and restarts the supervisor several times and kills the tmux server once; then lets it finish
 * and checks that the database tells the truth. Prints the counts.
 */
class ChaosIT {

  private static final long SEED = Long.getLong("lifeline.chaos.seed", 20261124L);
  private static final int FIRST_JOBS = 30;
  private static final int LATE_JOBS = 6;
  private static final int MAX_CONCURRENT = 6;
  private static final long CHAOS_MILLIS = 30_000;
  private static final long SESSION_KILL_EVERY_MILLIS = 1_500;
  private static final long[] SUPERVISOR_KILLS_AT = {4_000, 10_000, 17_000, 23_000};
  private static final long SERVER_KILL_AT = 13_500;
  private static final long LATE_SUBMIT_AT = 8_000;
  private static final long SECOND_RUN_AT = 6_000;
  private static final Duration SETTLE = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  /** What a job does, and so how it must end. */
  enum Kind {
    /** Sleeps, exits 0, no verifier. */
    OK,
    /** Sleeps, exits 1. */
    FAILS,
    /** Sleeps, writes its result, exits 0; the verifier checks the result. */
    VERIFIED,
    /** Sleeps, exits 0; the verifier always fails. */
    REJECTED
  }

  private final Map<JobId, Kind> kinds = new LinkedHashMap<>();
  private final Random random = new Random(SEED);
  private Path marks;
  private Lifecycle lifecycle;

  private final Map<String, Integer> counts = new TreeMap<>();
  private final List<String> overlaps = new ArrayList<>();

  @Test
  void jobsUnderAKilledRestartedSupervisorAndAKilledServerAllEndTrue() throws Exception {
    RealStack.assumeTmux();
    Path db = dir.resolve("jobs.db");
    marks = Files.createDirectories(dir.resolve("work"));
    String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 12);
    TmuxSessionRuntime files = TmuxSessionRuntime.builder().socket(socket)
        .runDirectory(dir.resolve("jobs.db.runs")).build();
    // The real CLI, as a user runs it: `lifeline --db FILE --socket NAME run --poll 200ms --max-concurrent 6`
    // (default retry backoff 5 s doubling, start grace 5 s, run files in FILE.runs/).
    SupervisorProcess supervisor = new SupervisorProcess(dir, "dev.lifeline.cli.LifelineCommand",
        List.of("--db", db.toString(), "--socket", socket, "run", "--poll", "200ms",
            "--max-concurrent", Integer.toString(MAX_CONCURRENT)));
    System.out.println("[chaos] seed " + SEED + ", directory " + dir + ", socket " + socket);
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      lifecycle = Lifecycle.builder().store(store).actor("chaos-test").build();
      submit(FIRST_JOBS);
      supervisor.start();
      long t0 = System.nanoTime();
      long nextSessionKill = 1_000;
      int supervisorKills = 0;
      long restartAt = -1;
      boolean serverKilled = false;
      boolean lateSubmitted = false;
      boolean secondRunChecked = false;
      long settleEnd = t0 + Duration.ofMillis(CHAOS_MILLIS).toNanos() + SETTLE.toNanos();
      while (true) {
        long t = (System.nanoTime() - t0) / 1_000_000;
        sampleSessions(socket);
        if (restartAt < 0) {
          assertThat(supervisor.isAlive()).as("the supervisor process died on its own:\n%s", supervisor.tails(40))
              .isTrue();
        }
        if (t < CHAOS_MILLIS) {
          if (t >= nextSessionKill) {
            killRandomSession(socket);
            nextSessionKill += SESSION_KILL_EVERY_MILLIS;
          }
          if (supervisorKills < SUPERVISOR_KILLS_AT.length && t >= SUPERVISOR_KILLS_AT[supervisorKills]
              && restartAt < 0) {
            if (supervisorKills % 2 == 1) {
              awaitNextStart(); // aim between a START's commit and its launch
            }
            supervisor.sigkill();
            supervisorKills++;
            restartAt = t + 200 + random.nextInt(600);
          }
          // The server is killed at the first tick from SERVER_KILL_AT on at which it holds sessions: on a slow
          // machine every session may have ended while a killed supervisor restarts, and the server exits with its
          // last session; a server that ended between the sample and the kill is tried again at the next tick.
          Set<String> live = !serverKilled && t >= SERVER_KILL_AT ? new HashSet<>(sampleSessions(socket).values())
              : Set.of();
          RealStack.Result r = live.isEmpty() ? null : tmux(socket, "kill-server");
          if (r != null && r.code() != 0) {
            assertThat(r.output()).as("kill-server: %s", r.output()).containsAnyOf("no server running", "error connecting");
          }
          if (r != null && r.code() == 0) {
            // Upper bound of the sessions it ends: those seen just before, and every job PROCESSING just after.
            Set<String> ended = live;
            lifecycle.list(java.util.Set.of(JobState.PROCESSING), Integer.MAX_VALUE)
                .forEach(j -> ended.add(j.id().toString()));
            counts.put("sessions ended by the server kill (at most)", ended.size());
            serverKilled = true;
          }
          if (!secondRunChecked && t >= SECOND_RUN_AT && restartAt < 0) {
            secondRunIsRefused(store, supervisor, db, socket);
            secondRunChecked = true;
          }
          if (!lateSubmitted && t >= LATE_SUBMIT_AT) {
            submit(LATE_JOBS);
            lateSubmitted = true;
          }
        }
        if (restartAt >= 0 && t >= restartAt) {
          supervisor.start();
          restartAt = -1;
        }
        if (t >= CHAOS_MILLIS && restartAt < 0 && allTerminal()) {
          break;
        }
        assertThat(System.nanoTime() - settleEnd)
            .as("the jobs did not all end within %s after the chaos: %s%n%s", SETTLE, states(),
                supervisor.tails(30)).isNegative();
        Thread.sleep(100); // the driver's tick; every wait above is bounded by the settle deadline
      }
      long runMillis = (System.nanoTime() - t0) / 1_000_000;
      int exitCode = supervisor.terminate(Duration.ofSeconds(30));
      assertThat(exitCode).as("the supervisor ends on SIGTERM:\n%s", supervisor.tails(20)).isNotEqualTo(-1);
      assertThat(store.leases().current()).as("SIGTERM released the lease").isEmpty();
      counts.put("supervisor kills (SIGKILL)", supervisorKills);
      counts.put("supervisor incarnations", supervisor.incarnations());
      assertThat(serverKilled).as("the tmux server was killed while it held sessions, during the chaos").isTrue();
      counts.put("tmux server kills", 1);
      counts.put("seconds until all terminal", (int) (runMillis / 1000));
      verify(store, files, supervisor);
    } finally {
      supervisor.killIfAlive();
      RealStack.closeRuntime(files);
    }
  }

  // ---- jobs ---------------------------------------------------------------------------------------------------------

  private void submit(int n) {
    for (int i = 0; i < n; i++) {
      int index = kinds.size() + 1;
      Kind kind = switch (index % 6) {
        case 1 -> Kind.FAILS;
        case 2, 4 -> Kind.VERIFIED;
        case 3 -> Kind.REJECTED;
        default -> Kind.OK;
      };
      String sleep = String.format(Locale.ROOT, "%.1f", 0.5 + random.nextInt(26) / 10.0);
      String tail = switch (kind) {
        case OK, REJECTED -> "exit 0";
        case FAILS -> "exit 1";
        case VERIFIED -> "echo ok > \"$J.out\"; exit 0";
      };
      // The job takes a lock for its whole run (a second copy running at once records an overlap), prints BEGIN
      // into its attempt's log and counts its starts.
      String script = "exec 9>>\"$J.lock\"; flock -n 9 || echo overlap >> \"$J.overlap\"; echo BEGIN; "
          + "echo begin >> \"$J.starts\"; sleep " + sleep + "; " + tail;
      JobSpec.Builder spec = JobSpec.builder("sh", "-c", script)
          .name("chaos-" + kind.name().toLowerCase(Locale.ROOT) + "-" + index).cwd(marks.toString()).env("J", Integer.toString(index)).maxAttempts(3);
      if (kind == Kind.VERIFIED) {
        spec.verify(new VerifierSpec.Command("grep -q ok \"$J.out\"", Duration.ofSeconds(20)));
      } else if (kind == Kind.REJECTED) {
        spec.verify(new VerifierSpec.Command("echo \"no result for job $J\" >&2; exit 3", Duration.ofSeconds(20)));
      }
      kinds.put(lifecycle.submit(spec.build()).id(), kind);
    }
  }

  private List<Job> jobs() {
    return lifecycle.list(java.util.Set.of(), Integer.MAX_VALUE);
  }

  private static boolean terminal(Job j) {
    return j.state() == JobState.COMPLETED || (j.state() == JobState.FAILED
        && (j.failureReason() == FailureReason.CANCELLED || j.attempt() >= j.spec().maxAttempts()));
  }

  private boolean allTerminal() {
    List<Job> all = jobs();
    return all.size() == kinds.size() && all.stream().allMatch(ChaosIT::terminal);
  }

  /** Returns as soon as the number of STARTs grows (polled every 2 ms for up to 3 s). */
  private void awaitNextStart() throws InterruptedException {
    long before = startCount();
    long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (startCount() == before && System.nanoTime() < end) {
      Thread.sleep(2);
    }
  }

  private long startCount() {
    return jobs().stream().mapToLong(Job::attempt).sum();
  }

  private Map<String, Long> states() {
    return jobs().stream().collect(Collectors.groupingBy(j -> j.state() + (terminal(j) ? "" : "(active)"),
        TreeMap::new, Collectors.counting()));
  }

  // ---- the driver's hands -------------------------------------------------------------------------------------------

  private static RealStack.Result tmux(String socket, String... args) {
    List<String> argv = new ArrayList<>(List.of("tmux", "-L", socket));
    argv.addAll(List.of(args));
    return RealStack.run(argv);
  }

  /** Tagged sessions now: name → job id. Checks that no job has two at once. */
  private Map<String, String> sampleSessions(String socket) {
    RealStack.Result r = tmux(socket, "list-sessions", "-F", "#{session_name}\t#{@lifeline_job}\t#{@lifeline_attempt}");
    Map<String, String> tagged = new HashMap<>();
    if (r.code() != 0) {
      return tagged; // no server (killed, or not started yet)
    }
    Map<String, List<String>> byJob = new HashMap<>();
    for (String line : r.output().split("\n")) {
      String[] f = line.split("\t", -1);
      if (f.length == 3 && !f[1].isEmpty()) {
        tagged.put(f[0], f[1]);
        byJob.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f[0] + "#" + f[2]);
      }
    }
    byJob.forEach((job, sessions) -> {
      if (sessions.size() > 1) {
        overlaps.add("job " + job + " had sessions " + sessions + " at once");
      }
    });
    counts.merge("session samples", 1, Integer::sum);
    return tagged;
  }

  private void killRandomSession(String socket) {
    List<String> names = new ArrayList<>(sampleSessions(socket).keySet());
    if (names.isEmpty()) {
      return;
    }
    names.sort(null);
    String victim = names.get(random.nextInt(names.size()));
    if (tmux(socket, "kill-session", "-t", "=" + victim).code() == 0) {
      counts.merge("job sessions killed", 1, Integer::sum);
    }
  }

  /**
   * Once the current supervisor holds the lease, a second {@code lifeline run} on the same database exits 1 naming
   * the holder, and the holder keeps the lease.
   */
  private void secondRunIsRefused(SqliteJobStore store, SupervisorProcess supervisor, Path db, String socket)
      throws Exception {
    long pid = supervisor.pid();
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (store.leases().current().map(l -> l.pid() != pid).orElse(true)) {
      assertThat(System.nanoTime() - end).as("supervisor %d never took the lease", pid).isNegative();
      Thread.sleep(20);
    }
    String holder = store.leases().current().orElseThrow().holder();
    SupervisorProcess second = new SupervisorProcess(dir.resolve("work"), "dev.lifeline.cli.LifelineCommand",
        List.of("--db", db.toString(), "--socket", socket, "run", "--poll", "200ms"));
    second.start();
    int code = second.await(Duration.ofSeconds(60));
    String output = String.join("\n", second.allLines());
    assertThat(code).as("a second `lifeline run` exits 1: %s", output).isEqualTo(1);
    assertThat(output).as("it names the holder").contains("Another supervisor is running on this store: " + holder);
    assertThat(store.leases().current()).as("the holder keeps the lease").hasValueSatisfying(
        l -> assertThat(l.pid()).isEqualTo(pid));
    counts.put("second `run` refused (exit 1)", 1);
    System.out.println("[chaos] second run: " + output.strip());
  }

  // ---- afterwards ---------------------------------------------------------------------------------------------------

  private void verify(SqliteJobStore store, TmuxSessionRuntime files, SupervisorProcess supervisor)
      throws IOException {
    Path launches = files.runDirectory().resolve("launches");
    List<Job> all = jobs();
    assertThat(all).hasSize(kinds.size());
    Map<String, Integer> outcomes = new TreeMap<>();
    int attempts = 0;
    int exitFiles = 0;
    int launchFiles = 0;
    Map<String, Integer> lostHow = new TreeMap<>();
    for (Job job : all) {
      Kind kind = kinds.get(job.id());
      String who = "job " + job.id() + " (" + kind + ", " + job.state() + " " + job.failureReason() + ")";
      List<Transition> history = store.history(job.id());
      Histories.assertLegal(job, history);
      assertThat(terminal(job)).as("%s is terminal: %s", who, Histories.steps(history)).isTrue();
      outcomes.merge(job.state() == JobState.COMPLETED ? "COMPLETED" : "FAILED " + job.failureReason(), 1,
          Integer::sum);
      attempts += job.attempt();

      boolean exitedZero = false;
      for (int a = 1; a <= job.attempt(); a++) {
        int attempt = a;
        assertThat(history.stream().filter(t -> t.event() == JobEvent.START && t.attempt() == attempt).count())
            .as("%s: one START for attempt %d", who, a).isEqualTo(1);
        Path log = files.logFile(job.id(), a);
        if (Files.exists(log)) {
          long begins = Files.readAllLines(log).stream().filter(l -> l.strip().equals("BEGIN")).count();
          assertThat(begins).as("%s: attempt %d ran at most once (its log)", who, a).isLessThanOrEqualTo(1);
        }
        Path launch = launches.resolve(job.id().value() + "-" + a + ".launch");
        if (Files.exists(launch)) {
          launchFiles++;
        }
        Path exit = files.exitFile(job.id(), a);
        if (history.stream().anyMatch(t -> t.event() == JobEvent.LOST && t.attempt() == attempt)) {
          assertThat(exit).as("%s: attempt %d was declared lost although it left an exit file", who, a)
              .doesNotExist();
          lostHow.merge(!Files.exists(launch) ? "never launched (supervisor killed after START)"
              : Files.exists(log) && Files.readString(log).contains("BEGIN") ? "ran, then its session died"
              : "launched, session died before the command printed", 1, Integer::sum);
        }
        if (!Files.exists(exit)) {
          continue;
        }
        exitFiles++;
        List<String> lines = Files.readAllLines(exit);
        int code = Integer.parseInt(lines.get(0).strip());
        assertThat(lines.get(1).strip()).as("%s: attempt %d's exit file names its session", who, a)
            .isEqualTo(SessionNames.of(job.id(), job.name(), a));
        List<Transition> exited = history.stream()
            .filter(t -> t.event() == JobEvent.EXITED && t.attempt() == attempt).toList();
        assertThat(exited).as("%s: attempt %d exited %d, so its history records EXITED: %s", who, a, code,
            Histories.steps(history)).hasSize(1);
        assertThat(exited.get(0).to()).as("%s: attempt %d exited %d", who, a, code)
            .isEqualTo(code == 0 ? JobState.VERIFICATION : JobState.FAILED);
        if (code == 0) {
          exitedZero = true;
        }
      }
      assertThat(launches.toFile().list((d, n) -> n.startsWith(job.id().value() + "-") && n.endsWith(".launch")))
          .as("%s: no launch file beyond its attempts", who).hasSizeLessThanOrEqualTo(job.attempt());
      String index = job.spec().env().get("J");
      Path jobStarts = marks.resolve(index + ".starts");
      if (Files.exists(jobStarts)) {
        assertThat(Files.readAllLines(jobStarts)).as("%s: the command started at most once per attempt", who)
            .hasSizeLessThanOrEqualTo(job.attempt());
      }
      assertThat(marks.resolve(index + ".overlap")).as("%s: never ran twice at once", who).doesNotExist();

      switch (kind) {
        case OK, VERIFIED -> {
          if (exitedZero) {
            assertThat(job.state()).as("%s exited 0 and passes verification: %s", who, Histories.steps(history))
                .isEqualTo(JobState.COMPLETED);
          }
        }
        case FAILS, REJECTED -> assertThat(job.state()).as(who).isEqualTo(JobState.FAILED);
      }
      if (job.state() == JobState.COMPLETED) {
        assertThat(files.exitFile(job.id(), job.attempt())).as("%s completed from an exit file", who).exists();
      }
      if (kind == Kind.REJECTED && exitedZero) {
        assertThat(history).as("%s: a zero exit was rejected by its verifier", who)
            .anyMatch(t -> t.event() == JobEvent.REJECT && t.detail() != null
                && t.detail().contains("no result for job " + index));
      }
    }
    assertThat(overlaps).as("no job ever had two sessions at once").isEmpty();
    int ranThenDied = lostHow.getOrDefault("ran, then its session died", 0);
    assertThat(ranThenDied).as("every running attempt declared lost was killed by this test (%s)", counts)
        .isLessThanOrEqualTo(counts.getOrDefault("job sessions killed", 0)
            + counts.getOrDefault("sessions ended by the server kill (at most)", 0));

    counts.put("jobs", all.size());
    counts.put("attempts (START rows)", attempts);
    counts.put("launch files", launchFiles);
    counts.put("exit files", exitFiles);
    long lostLines = supervisor.allLines().stream().filter(l -> l.contains(" LOST PROCESSING -> FAILED ")).count();
    counts.put("LOST transitions (supervisor logs)", (int) lostLines);
    counts.put("LOST transitions (history)", lostHow.values().stream().mapToInt(Integer::intValue).sum());
    System.out.println("[chaos] counts " + counts);
    System.out.println("[chaos] outcomes " + outcomes);
    System.out.println("[chaos] LOST attempts " + lostHow);
    for (Job job : all) {
      System.out.println("[chaos] job " + job.id() + " " + kinds.get(job.id()) + ": "
          + String.join(" ", Histories.steps(store.history(job.id()))));
    }
    System.out.println("[chaos] by kind " + all.stream().collect(Collectors.groupingBy(j -> kinds.get(j.id()),
        TreeMap::new, Collectors.mapping(j -> j.state() == JobState.COMPLETED ? "C" : "F:" + j.failureReason(),
            Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting())))));
    assertThat(counts.getOrDefault("job sessions killed", 0)).as("the driver killed sessions").isPositive();
    assertThat(outcomes).containsKey("COMPLETED");
  }
}
