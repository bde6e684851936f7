package com.example.nightly;

import dev.lifeline.Idle;
import dev.lifeline.Job;
import dev.lifeline.JobSpec;
import dev.lifeline.Lifecycle;
import dev.lifeline.Supervisor;
import dev.lifeline.VerifierSpec;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.Notice;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small tool built on Lifeline, written from the README and the javadoc only: a SQLite queue next to its files,
 * jobs in tmux on the tool's own socket, one listener for everything that happens, and the operator verbs. Not
 * thread-safe: one caller at a time per instance.
 */
public final class NightlyJobs implements AutoCloseable {

  private static final String OPERATOR = "operator";

  private final SqliteJobStore store;
  private final TmuxSessionRuntime tmux;
  private final Lifecycle lifecycle;
  private final Supervisor supervisor;
  private final List<TransitionEvent> transitions = new CopyOnWriteArrayList<>();
  private final List<Notice> notices = new CopyOnWriteArrayList<>();

  /** Opens (or creates) the queue in {@code directory} and a tmux runtime on {@code socket}. */
  public NightlyJobs(Path directory, String socket) throws IOException {
    Files.createDirectories(directory);
    LifelineListener listener = new LifelineListener() {
      @Override
      public void onTransition(TransitionEvent event) {
        transitions.add(event);
      }

      @Override
      public void onNotice(Notice notice) {
        notices.add(notice);
      }
    };
    store = SqliteJobStore.create(directory.resolve("nightly.db"));
    tmux = TmuxSessionRuntime.builder().socket(socket).runDirectory(directory.resolve("nightly.db.runs")).build();
    lifecycle = Lifecycle.builder().store(store).actor("nightly").listener(listener).build();
    supervisor = Supervisor.builder().lifecycle(lifecycle).runtime(tmux).pollInterval(Duration.ofMillis(100))
        .build();
  }

  /** Queues a command, run exactly as given. */
  public Job submit(String name, int maxAttempts, String... argv) {
    return lifecycle.submit(JobSpec.builder(argv).name(name).maxAttempts(maxAttempts).build()).job();
  }

  /** Queues a command whose result an operator approves or rejects. */
  public Job submitForApproval(String name, String... argv) {
    return lifecycle.submit(JobSpec.builder(argv).name(name).verify(new VerifierSpec.Approval()).build()).job();
  }

  /** An operator's cancel, with a reason: the row changes now, the supervisor ends the session on its next pass. */
  public Job cancel(Job job, String reason) {
    return lifecycle.cancel(job.id(), reason, OPERATOR).job();
  }

  /** An operator's retry of a failed job. */
  public Job retry(Job job, String reason) {
    return lifecycle.retry(job.id(), reason, OPERATOR).job();
  }

  /** An operator's approval of a job waiting in VERIFICATION. */
  public Job approve(Job job, String reason) {
    return lifecycle.approve(job.id(), reason, OPERATOR).job();
  }

  /** An operator's rejection of a job waiting in VERIFICATION. */
  public Job reject(Job job, String reason) {
    return lifecycle.reject(job.id(), reason, OPERATOR).job();
  }

  /**
   * Supervises until nothing is left to do but jobs waiting for an operator, or {@code timeout} passes.
   *
   * @return {@code true} when that point was reached in time
   */
  public boolean runUntilOnlyOperatorsAreAwaited(Duration timeout) {
    return supervisor.runUntilIdle(timeout, Idle.OPERATOR_WAITS_ONLY);
  }

  /** The job as stored now. */
  public Job get(Job job) {
    return lifecycle.get(job.id());
  }

  /** Every transition the one listener received, in order. */
  public List<TransitionEvent> transitions() {
    return List.copyOf(transitions);
  }

  /** Every notice the one listener received. */
  public List<Notice> notices() {
    return List.copyOf(notices);
  }

  /** Where the runtime keeps the private server's socket. */
  public Path socketPath() {
    return tmux.socketPath();
  }

  /** Stops supervising, closes the queue and ends the tool's private tmux server. */
  @Override
  public void close() {
    try {
      supervisor.close();
      store.close();
    } finally {
      tmux.killServer();
      tmux.close();
    }
  }
}
