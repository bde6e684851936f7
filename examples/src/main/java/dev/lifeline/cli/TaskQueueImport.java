package dev.lifeline.cli;

import dev.lifeline.EventContext;
import dev.lifeline.InvalidJobSpecException;
import dev.lifeline.JobEvent;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.PastEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a {@code project_queue} row becomes a Lifeline job: its spec, its idempotency key, and the past events that
 * give it a legal history (recorded by {@code import}). Finished rows keep their times; active rows (queued,
 * retried, processing, credit_paused) come in QUEUED for Lifeline to run (credit_paused held), or, with
 * {@code failActive}, FAILED with reason SESSION_LOST; never PROCESSING, since their sessions are not Lifeline's.
 * Stateless.
 */
final class TaskQueueImport {

  /** A row's plan: the job to bring in, or why the row cannot be. */
  record Plan(TaskQueueFile.Row row, JobSpec spec, String key, Instant submittedAt, List<PastEvent> events,
      JobState end, String problem) {
    boolean ok() {
      return problem == null;
    }
  }

  /** The statuses the old system wrote, in any case. */
  static final List<String> STATUSES = List.of("queued", "retried", "processing", "credit_paused", "completed",
      "failed", "permanently_failed");

  private TaskQueueImport() {}

  /** True when the row would run under Lifeline if brought in QUEUED. */
  static boolean active(TaskQueueFile.Row row) {
    String s = status(row);
    return s.equals("queued") || s.equals("retried") || s.equals("processing") || s.equals("credit_paused");
  }

  private static String status(TaskQueueFile.Row row) {
    return row.status() == null ? "" : row.status().strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The plan for {@code row}.
   *
   * @param command what an imported job runs (the row's spec path is added as its last argument); empty for none
   * @param failActive bring active rows in FAILED (SESSION_LOST) instead of QUEUED
   * @param now the import's time, for the end of an active row brought in FAILED
   */
  static Plan plan(TaskQueueFile.Row row, List<String> command, boolean failActive, Instant now) {
    String key = "task_queue:" + row.id();
    if (row.problem() != null) {
      return refused(row, key, row.problem());
    }
    String status = status(row);
    if (!STATUSES.contains(status)) {
      return refused(row, key, "its status '" + (row.status() == null ? "" : row.status())
          + "' is not one import knows (" + String.join(", ", STATUSES) + ")");
    }
    JobSpec spec;
    try {
      spec = spec(row, command);
    } catch (InvalidJobSpecException e) {
      return refused(row, key, e.getMessage());
    }
    Instant submitted = first(row.enqueuedAt(), row.startedAt(), row.completedAt(), now);
    List<PastEvent> events = new ArrayList<>();
    JobState end;
    String where = " in task_queue.db (row " + row.id() + ")";
    if (active(row) && failActive) {
      Instant start = later(submitted, first(row.startedAt(), now));
      events.add(PastEvent.of(JobEvent.START, start));
      events.add(new PastEvent(JobEvent.LOST, later(start, now), EventContext.detail(status + where
          + " when imported with --active failed" + (row.session() != null ? "; its session " + row.session()
          + " is not Lifeline's" : ""))));
      end = JobState.FAILED;
    } else if (active(row)) {
      if (status.equals("credit_paused")) {
        events.add(new PastEvent(JobEvent.HOLD, submitted, EventContext.detail("credit_paused" + where
            + ": release it to run")));
      }
      end = JobState.QUEUED;
    } else if (status.equals("completed")) {
      Instant start = later(submitted, first(row.startedAt(), row.completedAt(), submitted));
      Instant done = later(start, first(row.completedAt(), start));
      events.add(PastEvent.of(JobEvent.START, start));
      events.add(new PastEvent(JobEvent.EXITED, done, EventContext.exitCode(0)));
      events.add(new PastEvent(JobEvent.PASS, done, EventContext.detail("completed" + where)));
      end = JobState.COMPLETED;
    } else {
      Instant start = later(submitted, first(row.startedAt(), row.completedAt(), submitted));
      Instant done = later(start, first(row.completedAt(), start));
      events.add(PastEvent.of(JobEvent.START, start));
      events.add(new PastEvent(JobEvent.LOST, done, EventContext.detail(status + where
          + (row.errorMessage() != null && !row.errorMessage().isBlank() ? ": " + row.errorMessage().strip() : ""))));
      end = JobState.FAILED;
    }
    return new Plan(row, spec, key, submitted, List.copyOf(events), end, null);
  }

  private static Plan refused(TaskQueueFile.Row row, String key, String why) {
    return new Plan(row, null, key, null, List.of(), null, why);
  }

  private static JobSpec spec(TaskQueueFile.Row row, List<String> command) {
    List<String> argv = new ArrayList<>(command);
    if (row.specPath() != null && !row.specPath().isBlank()) {
      argv.add(row.specPath());
    }
    if (argv.isEmpty()) {
      argv.add("project-" + row.id()); // a finished row with no spec and no command: a name, never run
    }
    String name = row.name() != null && !row.name().isBlank() ? row.name() : "project " + row.id();
    JobSpec.Builder b = JobSpec.builder(argv).name(name);
    if (row.projectPath() != null && Files.isDirectory(Path.of(row.projectPath()))) {
      b.cwd(Path.of(row.projectPath()).toAbsolutePath().normalize().toString());
    } else {
      b.cwd(Path.of("").toAbsolutePath().toString());
    }
    if (row.priority() != null) {
      if (row.priority() < JobSpec.MIN_PRIORITY || row.priority() > JobSpec.MAX_PRIORITY) {
        throw new InvalidJobSpecException("priority", "its priority " + row.priority() + " is outside "
            + JobSpec.MIN_PRIORITY + " to " + JobSpec.MAX_PRIORITY);
      }
      b.priority(row.priority().intValue());
    }
    return b.build();
  }

  private static Instant first(Instant... times) {
    for (Instant t : times) {
      if (t != null) {
        return t;
      }
    }
    throw new IllegalArgumentException("no time");
  }

  /** {@code t}, or {@code floor} when {@code t} is earlier: the old system's times do not always go forward. */
  private static Instant later(Instant floor, Instant t) {
    return t.isBefore(floor) ? floor : t;
  }
}
