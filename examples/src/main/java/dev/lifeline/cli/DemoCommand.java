package dev.lifeline.cli;

import dev.lifeline.Backoff;
import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.Supervisor;
import dev.lifeline.Transition;
import dev.lifeline.VerifierSpec;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.Notice;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lifeline demo}: five jobs on a temporary database and a private tmux socket, supervised live, one of them
 * crashed on purpose; ends with the table and a timeline, removes everything it made, and checks the outcome.
 */
final class DemoCommand implements java.util.concurrent.Callable<Integer> {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration KILL_AFTER = Duration.ofMillis(1500);

  private final LifelineCommand root;
  final CommandSpec spec;

  DemoCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "demo",
        "A self-contained tour (under 30 s): five jobs on a temporary database and a private tmux socket. One "
            + "passes its verification, one exits non-zero, one fails its verification, one loses its session "
            + "mid-run (the demo kills it) and succeeds on its retry, one times out. Ends with the table and a "
            + "timeline, and removes its socket and files. Exit 0 when every job ended as described.",
        "  lifeline demo", "  lifeline --no-color demo > tour.txt");
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Terminal term = root.terminal();
    Path dir = Files.createTempDirectory("lifeline-demo-");
    String socket = "lifeline-demo-" + ProcessHandle.current().pid();
    SqliteTmuxWiring w = new SqliteTmuxWiring(dir.resolve("demo.db"), socket,
        SqliteTmuxWiring.tmuxBinary(root.env()));
    TmuxSessionRuntime runtime = null;
    try {
      String version = w.checkRuntime();
      runtime = w.runtime();
      out.println(term.paint("Lifeline demo", Terminal.BOLD) + ": database " + Printable.of(w.database().toString())
          + ", tmux socket " + socket + " (" + Printable.of(version) + ")");
      out.println(term.paint("Follow along in another terminal: tmux -L " + socket + " ls", Terminal.DIM));
      out.println();
      Printer printer = new Printer(out, term, Instant.now());
      try (Wiring.Opened opened = w.write(b -> b.backoff(new Backoff(Duration.ofSeconds(1), 1.0,
          Duration.ofSeconds(1))).listener(printer))) {
        return tour(out, term, printer, opened.lifecycle(), runtime, dir, socket, w.tmuxBinary());
      }
    } finally {
      if (runtime != null) {
        Path socketPath = runtime.socketPath();
        runtime.killServer();
        runtime.close();
        Files.deleteIfExists(socketPath);
      }
      deleteTree(dir);
    }
  }

  private int tour(PrintWriter out, Terminal term, Printer printer, Lifecycle lifecycle, TmuxSessionRuntime runtime,
      Path dir, String socket, String tmux) throws InterruptedException {
    Instant t0 = printer.t0;
    String cwd = dir.toString();
    List<String[]> plan = List.of(
        new String[] {"compile", "passes: exit 0, then its output file exists"},
        new String[] {"lint", "fails: exits 3"},
        new String[] {"test", "fails verification: exit 0 but no 'passed' in its report"},
        new String[] {"deploy", "crashes: the demo kills its session; retried, attempt 2 succeeds"},
        new String[] {"hang", "times out after 3s"});
    List<JobSpec> specs = List.of(
        JobSpec.builder("sh", "-c", "echo compiling; sleep 1; echo ok > compile.out").name("compile").cwd(cwd)
            .verify(new VerifierSpec.FileExists("compile.out")).build(),
        JobSpec.builder("sh", "-c", "echo '3 lint errors' >&2; sleep 1; exit 3").name("lint").cwd(cwd).build(),
        JobSpec.builder("sh", "-c", "echo 'ran 0 tests' > test.out; sleep 1").name("test").cwd(cwd)
            .verify(new VerifierSpec.Command("grep -q passed test.out", Duration.ofSeconds(10))).build(),
        JobSpec.builder("sh", "-c", "if [ -f deploy.tried ]; then echo deployed; else touch deploy.tried; "
            + "echo deploying; sleep 30; fi").name("deploy").cwd(cwd).maxAttempts(2).build(),
        JobSpec.builder("sleep", "60").name("hang").cwd(cwd).timeout(Duration.ofSeconds(3)).build());
    for (int i = 0; i < specs.size(); i++) {
      Job job = lifecycle.submit(specs.get(i)).job();
      out.printf("submitted job %s %-8s %s%n", job.id(), Printable.of(job.name()),
          term.paint(plan.get(i)[1], Terminal.DIM));
    }
    out.println();
    out.flush();

    Supervisor supervisor = Supervisor.builder().lifecycle(lifecycle).runtime(runtime).maxConcurrent(5)
        .pollInterval(Duration.ofMillis(250)).startGrace(Duration.ofSeconds(1)).lostAfter(2).build();
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    Thread supervising = new Thread(() -> {
      try {
        supervisor.runUntilIdle();
      } catch (RuntimeException e) {
        failed.set(e);
      }
    }, "lifeline-demo-supervisor");
    supervising.start();
    JobId crashing = JobId.of(4);
    boolean killed = false;
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (supervising.isAlive() && System.nanoTime() < deadline) {
      Job deploy = lifecycle.get(crashing);
      if (!killed && deploy.state() == JobState.PROCESSING && deploy.attempt() == 1 && deploy.startedAt() != null
          && Duration.between(deploy.startedAt(), Instant.now()).compareTo(KILL_AFTER) > 0) {
        printer.say(term.paint("demo: killing the session " + Printable.of(deploy.session())
            + " of job 4, as a crash would",
            Terminal.YELLOW));
        killSession(tmux, socket, deploy.session());
        killed = true;
      }
      supervising.join(100);
    }
    supervisor.close();
    supervising.join(TimeUnit.SECONDS.toMillis(10));
    if (failed.get() != null) {
      throw failed.get();
    }

    List<Job> jobs = lifecycle.list(java.util.Set.of(), 100);
    out.println();
    ListCommand.table(jobs, Instant.now(), term).print(out, term);
    out.println();
    out.println(term.paint("Timeline of job 4 (deploy)", Terminal.BOLD));
    ShowCommand.timeline(out, term, lifecycle.history(crashing), null);
    out.println();
    List<String> wrong = check(lifecycle);
    if (!wrong.isEmpty()) {
      throw new UserException(ExitCodes.ERROR, "The demo did not end as described: " + String.join("; ", wrong)
          + ".");
    }
    out.println("Every job ended as described, in " + HumanTime.duration(Duration.between(t0, Instant.now()))
        + ". The temporary database and the tmux socket are removed now.");
    out.println("Next: lifeline submit -- COMMAND, then lifeline run (lifeline --help lists every command).");
    out.flush();
    return ExitCodes.OK;
  }

  /** What should be true at the end, as "job N: expected, got" for each job that differs. */
  private static List<String> check(Lifecycle lifecycle) {
    List<String> wrong = new ArrayList<>();
    expect(wrong, lifecycle, 1, JobState.COMPLETED, null, 1);
    expect(wrong, lifecycle, 2, JobState.FAILED, FailureReason.EXIT_CODE, 1);
    expect(wrong, lifecycle, 3, JobState.FAILED, FailureReason.VERIFICATION_FAILED, 1);
    expect(wrong, lifecycle, 4, JobState.COMPLETED, null, 2);
    expect(wrong, lifecycle, 5, JobState.FAILED, FailureReason.TIMED_OUT, 1);
    boolean lostOnce = lifecycle.history(JobId.of(4)).stream()
        .anyMatch(t -> t.reason() == FailureReason.SESSION_LOST);
    if (!lostOnce) {
      wrong.add("job 4 was never recorded as SESSION_LOST");
    }
    return wrong;
  }

  private static void expect(List<String> wrong, Lifecycle lifecycle, long id, JobState state, FailureReason reason,
      int attempt) {
    Job j = lifecycle.get(JobId.of(id));
    if (j.state() != state || j.failureReason() != reason || j.attempt() != attempt) {
      wrong.add("job " + id + " should be " + state + (reason == null ? "" : " " + reason) + " after attempt "
          + attempt + ", is " + j.state() + (j.failureReason() == null ? "" : " " + j.failureReason())
          + " after attempt " + j.attempt());
    }
  }

  /** Ends one session from outside, the way a crash or an impatient operator would: tmux kill-session. */
  private static void killSession(String tmux, String socket, String session) {
    try {
      Process p = new ProcessBuilder(tmux, "-L", socket, "kill-session", "-t", "=" + session)
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UserException(ExitCodes.TMUX, "The demo could not kill a session with tmux: " + e.getMessage() + ".");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * Prints each transition (but SUBMIT, which the tour announces itself) and each notice worth a line as it happens,
   * with the time since the tour began; names, details and messages are made {@link Printable}. Thread-safe.
   */
  static final class Printer implements LifelineListener {
    private final PrintWriter out;
    private final Terminal term;
    final Instant t0;

    Printer(PrintWriter out, Terminal term, Instant t0) {
      this.out = out;
      this.term = term;
      this.t0 = t0;
    }

    synchronized void say(String line) {
      out.printf("%7s  %s%n", "+" + HumanTime.duration(Duration.between(t0, Instant.now())), line);
      out.flush();
    }

    @Override
    public void onTransition(TransitionEvent e) {
      Transition t = e.transition();
      if (t.event() == JobEvent.SUBMIT) {
        return;
      }
      String why = t.reason() != null ? "  " + t.reason() + (t.detail() != null ? ": " + Printable.of(t.detail())
          : "") : "";
      say(String.format("job %s %-8s %-9s %s -> %s%s", t.jobId(), Printable.of(e.job().name()), t.event(),
          t.from() == null ? "" : term.state(t.from()), term.state(t.to()), why));
    }

    @Override
    public void onNotice(Notice n) {
      if (n instanceof Notice.SessionMissing || n instanceof Notice.RuntimeUnknown
          || n instanceof Notice.LaunchFailed || n instanceof Notice.VerifierTimedOut) {
        say(term.paint("notice: " + Printable.of(n.message()), Terminal.DIM));
      }
    }
  }
}
