package dev.lifeline.cli;

import dev.lifeline.Job;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The terminal view of {@code run}: counts per state, the running jobs with their age, and the latest transitions,
 * redrawn about twice a second on a daemon thread. Only reads, through the lifecycle. The title and every cell are made
 * {@link Printable} (the table escapes its cells; the latest lines come escaped from {@link RunOutput}). Start with
 * {@link #start()}, end with {@link #close()}.
 */
final class LiveView implements AutoCloseable {

  private static final String HOME_AND_CLEAR = "\u001b[H\u001b[2J";
  private static final int MAX_RUNNING_SHOWN = 15;

  private final Lifecycle lifecycle;
  private final RunOutput output;
  private final PrintWriter out;
  private final Terminal term;
  private final Clock clock;
  private final String title;
  private final Thread thread;
  private volatile boolean stopped;

  LiveView(Lifecycle lifecycle, RunOutput output, PrintWriter out, Terminal term, Clock clock, String title) {
    this.lifecycle = lifecycle;
    this.output = output;
    this.out = out;
    this.term = term;
    this.clock = clock;
    this.title = Printable.of(title);
    this.thread = new Thread(this::loop, "lifeline-live-view");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void loop() {
    while (!stopped) {
      try {
        draw();
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // A failed read (busy store) skips one frame; the supervisor reports store trouble itself.
      }
    }
  }

  synchronized void draw() {
    Instant now = clock.instant();
    Map<JobState, Long> counts = lifecycle.counts();
    List<Job> running = lifecycle.list(java.util.Set.of(JobState.PROCESSING, JobState.VERIFICATION),
        MAX_RUNNING_SHOWN);
    StringBuilder sb = new StringBuilder(HOME_AND_CLEAR);
    sb.append(term.paint(title, Terminal.BOLD)).append("   ").append(term.paint(HumanTime.stamp(now), Terminal.DIM))
        .append('\n');
    for (JobState s : JobState.values()) {
      sb.append(term.state(s)).append(' ').append(counts.getOrDefault(s, 0L)).append("   ");
    }
    sb.append("\n\n");
    if (running.isEmpty()) {
      sb.append(term.paint("nothing running", Terminal.DIM)).append('\n');
    } else {
      TextTable t = new TextTable("ID", "STATE", "TRY", "NAME", "FOR", "SESSION");
      for (Job j : running) {
        Instant since = j.startedAt() != null ? j.startedAt() : j.updatedAt();
        t.row(new String[] {j.id().toString(), j.state().name(), j.attempt() + "/" + j.spec().maxAttempts(),
            j.name(), HumanTime.duration(Duration.between(since, now)), j.session()},
            new String[] {null, Terminal.colorOf(j.state()), null, null, null, Terminal.DIM});
      }
      java.io.StringWriter sw = new java.io.StringWriter();
      t.print(new PrintWriter(sw), term);
      sb.append(sw);
    }
    sb.append('\n').append(term.paint("latest", Terminal.BOLD)).append('\n');
    for (String line : output.recent()) {
      sb.append(line).append('\n');
    }
    out.print(sb);
    out.flush();
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      draw();
    } catch (RuntimeException ignored) {
      // The last frame is a courtesy.
    }
  }
}
