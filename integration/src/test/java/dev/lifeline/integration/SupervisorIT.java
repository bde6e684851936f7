package dev.lifeline.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.Backoff;
import dev.lifeline.EventContext;
import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.LeaseHeldException;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import dev.lifeline.Transition;
import dev.lifeline.VerifierSpec;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor on a real tmux server (private socket) and a real SQLite file: each way a job can end, driven by
 * {@link Supervisor#tick()} in a loop with a deadline, ends in the right state, with the right reason and the full
 * history.
 */
class SupervisorIT {

  @TempDir
  Path dir;

  private RealStack stack;
  private final List<TransitionEvent> heard = new CopyOnWriteArrayList<>();
  private Supervisor supervisor;

  @BeforeEach
  void setUp() {
    stack = RealStack.open(dir, new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)),
        new LifelineListener() {
          @Override
          public void onTransition(TransitionEvent event) {
            heard.add(event);
          }
        });
    supervisor = stack.supervisor().build();
  }

  @AfterEach
  void tearDown() {
    if (supervisor != null) {
      supervisor.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private JobSpec.Builder inDir(String name, String... argv) {
    return JobSpec.builder(argv).name(name).cwd(dir.toString());
  }

  private static boolean terminal(Job j) {
    return j.state() == JobState.COMPLETED
        || (j.state() == JobState.FAILED && (j.failureReason() == FailureReason.CANCELLED
        || j.attempt() >= j.spec().maxAttempts()));
  }

  private List<Transition> history(JobId id) {
    Job job = stack.job(id);
    List<Transition> h = stack.lifecycle.history(id);
    Histories.assertLegal(job, h);
    return h;
  }

  @Test
  void aJobThatExitsZeroAndPassesItsVerifyCommandEndsCompleted() throws Exception {
    JobId id = stack.lifecycle.submit(inDir("passes", "sh", "-c", "echo done > out.txt")
        .verify(new VerifierSpec.Command("grep -q done out.txt", Duration.ofSeconds(20))).build()).id();

    Job job = stack.tickUntil(supervisor, id, "completed", SupervisorIT::terminal);

    assertThat(job.state()).isEqualTo(JobState.COMPLETED);
    assertThat(job.exitCode()).isZero();
    assertThat(job.failureReason()).isNull();
    assertThat(job.finishedAt()).isNotNull();
    assertThat(stack.exitCode(id, 1)).isEqualTo("0");
    assertThat(Histories.steps(history(id)))
        .containsExactly("SUBMIT>QUEUED#0", "START>PROCESSING#1", "EXITED>VERIFICATION#1", "PASS>COMPLETED#1");
    assertThat(heard).extracting(e -> e.transition().event())
        .containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED, JobEvent.PASS);
  }

  @Test
  void aJobThatExitsNonZeroFailsWithItsExitCode() throws Exception {
    JobId id = stack.lifecycle.submit(inDir("exits-3", "sh", "-c", "echo failing; exit 3").build()).id();

    Job job = stack.tickUntil(supervisor, id, "failed", SupervisorIT::terminal);

    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.failureReason()).isEqualTo(FailureReason.EXIT_CODE);
    assertThat(job.exitCode()).isEqualTo(3);
    assertThat(stack.exitCode(id, 1)).isEqualTo("3");
    assertThat(Files.readString(stack.runtime.logFile(id, 1))).contains("failing");
    assertThat(Histories.steps(history(id)))
        .containsExactly("SUBMIT>QUEUED#0", "START>PROCESSING#1", "EXITED>FAILED#1(EXIT_CODE)");
  }

  @Test
  void aJobWhoseVerifyCommandFailsIsRejectedWithTheVerifiersReason() throws Exception {
    String verify = "test -s report.txt || { echo 'report.txt is missing' >&2; exit 2; }";
    JobId id = stack.lifecycle.submit(inDir("unverified", "true")
        .verify(new VerifierSpec.Command(verify, Duration.ofSeconds(20))).build()).id();

    Job job = stack.tickUntil(supervisor, id, "rejected", SupervisorIT::terminal);

    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.failureReason()).isEqualTo(FailureReason.VERIFICATION_FAILED);
    assertThat(job.exitCode()).isZero();
    String reason = "verify command `" + verify + "` exited with code 2: report.txt is missing";
    assertThat(job.failureDetail()).isEqualTo(reason);
    List<Transition> h = history(id);
    assertThat(Histories.steps(h)).containsExactly("SUBMIT>QUEUED#0", "START>PROCESSING#1",
        "EXITED>VERIFICATION#1", "REJECT>FAILED#1(VERIFICATION_FAILED)");
    assertThat(h.get(3).detail()).isEqualTo(reason);
  }

  @Test
  void aJobPastItsTimeoutFailsAndItsSessionIsKilledAfter() {
    JobId id = stack.lifecycle.submit(inDir("slow", "sleep", "60").timeout(Duration.ofSeconds(1)).build()).id();
    Job running = stack.tickUntil(supervisor, id, "started", j -> j.state() == JobState.PROCESSING);
    stack.awaitTrue("the session of " + running.session() + " runs", () -> stack.hasSession(running.session()));

    Job job = stack.tickUntil(supervisor, id, "timed out", SupervisorIT::terminal);

    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.failureReason()).isEqualTo(FailureReason.TIMED_OUT);
    assertThat(job.exitCode()).isNull();
    PassReport pass = supervisor.lastPass().orElseThrow();
    assertThat(pass.labelsFor(id)).containsExactly("TIME_OUT", "KILL");
    assertThat(stack.hasSession(running.session())).as("the session is gone after the pass").isFalse();
    assertThat(Histories.steps(history(id)))
        .containsExactly("SUBMIT>QUEUED#0", "START>PROCESSING#1", "TIME_OUT>FAILED#1(TIMED_OUT)");
  }

  @Test
  void anOperatorCancelWhileRunningFailsTheJobAndTheNextPassStopsItsSession() {
    JobId id = stack.lifecycle.submit(inDir("cancelled", "sleep", "60").maxAttempts(3).build()).id();
    Job running = stack.tickUntil(supervisor, id, "started", j -> j.state() == JobState.PROCESSING);
    stack.awaitTrue("the session of " + running.session() + " runs", () -> stack.hasSession(running.session()));

    stack.lifecycle.fire(id, JobEvent.CANCEL, EventContext.detail("not needed any more").withActor("operator"));
    assertThat(stack.hasSession(running.session())).as("a cancel alone touches no session").isTrue();
    PassReport pass = supervisor.tick();

    assertThat(pass.labelsFor(id)).containsExactly("KILL");
    assertThat(stack.hasSession(running.session())).as("the next pass stopped it").isFalse();
    supervisor.tick();
    supervisor.tick();
    Job job = stack.job(id);
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.failureReason()).isEqualTo(FailureReason.CANCELLED);
    assertThat(job.attempt()).as("a cancelled job is not retried").isEqualTo(1);
    List<Transition> h = history(id);
    assertThat(Histories.steps(h))
        .containsExactly("SUBMIT>QUEUED#0", "START>PROCESSING#1", "CANCEL>FAILED#1(CANCELLED)");
    assertThat(h.get(2).actor()).isEqualTo("operator");
    assertThat(h.get(2).detail()).isEqualTo("not needed any more");
    assertThat(heard).extracting(e -> e.transition().event())
        .containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.CANCEL);
  }

  @Test
  void aSessionKilledFromOutsideIsLostThenRetriedAndTheNextAttemptCompletes() throws Exception {
    // The first attempt leaves a marker and sleeps; the second finds the marker and exits 0.
    JobId id = stack.lifecycle.submit(inDir("killed", "sh", "-c",
        "if [ -e attempted ]; then exit 0; fi; touch attempted; exec sleep 60").maxAttempts(2).build()).id();
    Job first = stack.tickUntil(supervisor, id, "started", j -> j.state() == JobState.PROCESSING);
    stack.awaitTrue("the first attempt ran", () -> Files.exists(dir.resolve("attempted")));

    RealStack.Result kill = stack.tmux("kill-session", "-t", "=" + first.session());
    assertThat(kill.code()).as(kill.output()).isZero();

    Job lost = stack.tickUntil(supervisor, id, "lost", j -> j.state() != JobState.PROCESSING);
    assertThat(lost.state()).as("FAILED, or already QUEUED again").isIn(JobState.FAILED, JobState.QUEUED);
    Job job = stack.tickUntil(supervisor, id, "completed", SupervisorIT::terminal);

    assertThat(job.state()).isEqualTo(JobState.COMPLETED);
    assertThat(job.attempt()).isEqualTo(2);
    assertThat(job.session()).isNotEqualTo(first.session());
    assertThat(stack.exitCode(id, 1)).as("a killed session leaves no exit file").isNull();
    assertThat(stack.exitCode(id, 2)).isEqualTo("0");
    List<Transition> h = history(id);
    assertThat(Histories.steps(h)).containsExactly("SUBMIT>QUEUED#0", "START>PROCESSING#1",
        "LOST>FAILED#1(SESSION_LOST)", "RETRY>QUEUED#1", "START>PROCESSING#2", "EXITED>VERIFICATION#2",
        "PASS>COMPLETED#2");
    assertThat(h.get(2).detail()).contains(first.session());
    assertThat(heard).extracting(e -> e.transition().event()).containsExactly(JobEvent.SUBMIT, JobEvent.START,
        JobEvent.LOST, JobEvent.RETRY, JobEvent.START, JobEvent.EXITED, JobEvent.PASS);
  }

  @Test
  void runHoldsTheLeaseWakesOnTheExitAndReleasesTheLeaseOnClose() throws Exception {
    Thread loop = new Thread(supervisor::run, "it-supervisor");
    loop.start();
    JobId id;
    try {
      stack.awaitTrue("the supervisor holds the lease",
          () -> stack.store.leases().current().map(l -> l.holder().equals(supervisor.holder())).orElse(false));
      Supervisor second = stack.supervisor().holder("other-host", 4242).build();
      assertThatThrownBy(second::run).isInstanceOf(LeaseHeldException.class)
          .hasMessageContaining(supervisor.holder());
      second.close();

      id = stack.lifecycle.submit(inDir("under-run", "sh", "-c", "sleep 0.3; exit 0").build()).id();
      stack.awaitTrue("job " + id + " completed under run()", () -> stack.job(id).state() == JobState.COMPLETED);
    } finally {
      supervisor.close();
      loop.join(RealStack.DEADLINE.toMillis());
    }
    assertThat(loop.isAlive()).as("run() returned after close()").isFalse();
    assertThat(stack.store.leases().current()).as("close() released the lease").isEmpty();
    assertThat(Histories.steps(history(id)))
        .containsExactly("SUBMIT>QUEUED#0", "START>PROCESSING#1", "EXITED>VERIFICATION#1", "PASS>COMPLETED#1");
  }

  @Test
  void aRuntimeThatCannotRunTmuxFailsNothingAndTheJobCompletesOnceTmuxAnswersAgain() throws Exception {
    JobId id = stack.lifecycle.submit(inDir("outlives-an-outage", "sh", "-c", "sleep 1.5; exit 0").build()).id();
    stack.tickUntil(supervisor, id, "started", j -> j.state() == JobState.PROCESSING);
    TmuxSessionRuntime broken = TmuxSessionRuntime.builder().socket(stack.socket).runDirectory(stack.runDir)
        .tmux(dir.resolve("no-such-tmux").toString()).build();
    try (Supervisor blind = Supervisor.builder().lifecycle(stack.lifecycle).runtime(broken)
        .startGrace(Duration.ofMillis(300)).lostAfter(2).holder("blind-host", 1).build()) {
      long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      int passes = 0;
      while (System.nanoTime() < end) { // well past the start grace, the job's exit and two observations
        PassReport pass = blind.tick();
        passes++;
        assertThat(pass.runtimeHealthy()).isFalse();
        assertThat(pass.actionsFor(id)).as("an unknown runtime changes nothing").isEmpty();
        stack.runtime.awaitChange(Duration.ofMillis(100));
      }
      assertThat(passes).isGreaterThan(2);
    } finally {
      broken.close();
    }
    assertThat(stack.job(id).state()).isEqualTo(JobState.PROCESSING);

    Job job = stack.tickUntil(supervisor, id, "completed", SupervisorIT::terminal);

    assertThat(job.state()).isEqualTo(JobState.COMPLETED);
    assertThat(Histories.steps(history(id)))
        .containsExactly("SUBMIT>QUEUED#0", "START>PROCESSING#1", "EXITED>VERIFICATION#1", "PASS>COMPLETED#1");
  }

  @Test
  void aSupervisorWithAnotherTmuxTmpdirStillSeesTheSessionsByTheirRecordedSocket() throws Exception {
    JobId id = stack.lifecycle.submit(inDir("seen-elsewhere", "sleep", "60").build()).id();
    Job running = stack.tickUntil(supervisor, id, "started", j -> j.state() == JobState.PROCESSING);
    stack.awaitTrue("the session runs", () -> stack.hasSession(running.session()));
    Path otherTmp = Files.createDirectories(dir.resolve("other-tmux-tmpdir"));
    TmuxSessionRuntime elsewhere = TmuxSessionRuntime.builder().socket(stack.socket).runDirectory(stack.runDir)
        .environment("TMUX_TMPDIR", otherTmp.toString()).build();
    try (Supervisor other = Supervisor.builder().lifecycle(stack.lifecycle).runtime(elsewhere)
        .startGrace(Duration.ofMillis(300)).lostAfter(2).holder("other-host", 2).build()) {
      for (int i = 0; i < 5; i++) {
        PassReport pass = other.tick();
        assertThat(pass.runtimeHealthy()).as(pass.runtimeUnknown()).isTrue();
        assertThat(pass.actionsFor(id)).as("the session is seen alive: nothing to do").isEmpty();
        stack.runtime.awaitChange(Duration.ofMillis(200));
      }
    } finally {
      elsewhere.close();
    }
    assertThat(stack.job(id).state()).isEqualTo(JobState.PROCESSING);
    assertThat(stack.hasSession(running.session())).isTrue();
  }
}
