package dev.lifeline.examples;

import dev.lifeline.EventContext;
import dev.lifeline.GuardContext;
import dev.lifeline.GuardRejectedException;
import dev.lifeline.JobEvent;
import dev.lifeline.JobGuard;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.testing.LifecycleHarness;
import dev.lifeline.testing.MutableClock;
import java.io.PrintStream;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A custom START guard: jobs start only during working hours (Monday to Friday, 09:00 to 17:00).
 *
 * <p>The guard reads the time from {@link GuardContext#now()}, which is the lifecycle's clock, never from the system
 * clock. So with a {@link MutableClock} this example shows the guard refusing at 03:00 and allowing at 10:00,
 * whatever the time is where you run it. It runs in memory (the {@link LifecycleHarness}: no database, no tmux).
 * Stateless: each {@link #run} builds its own harness, so runs are independent and thread-safe.
 *
 * <pre>java -cp 'examples/target/lifeline-examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*' \
 *     dev.lifeline.examples.WorkingHoursGuardMain</pre>
 */
public final class WorkingHoursGuardMain {

  /**
   * Allows START only on weekdays from {@code opens} (inclusive) to {@code closes} (exclusive) in {@code zone}.
   * Pure, as guards must be: it reads the context and writes nothing. Immutable and thread-safe.
   */
  public record WorkingHours(ZoneId zone, LocalTime opens, LocalTime closes) implements JobGuard {

    public WorkingHours {
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(opens, "opens");
      Objects.requireNonNull(closes, "closes");
      if (!opens.isBefore(closes)) {
        throw new IllegalArgumentException("working hours must open before they close, got " + opens + "-" + closes);
      }
    }

    /** Monday to Friday, 09:00 to 17:00 in {@code zone}. */
    public static WorkingHours officeHours(ZoneId zone) {
      return new WorkingHours(zone, LocalTime.of(9, 0), LocalTime.of(17, 0));
    }

    @Override
    public Optional<String> check(GuardContext context) {
      ZonedDateTime now = context.now().atZone(zone);
      DayOfWeek day = now.getDayOfWeek();
      if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
        return JobGuard.refuse("it is " + day + "; jobs start Monday to Friday");
      }
      LocalTime time = now.toLocalTime();
      if (time.isBefore(opens) || !time.isBefore(closes)) {
        return JobGuard.refuse("it is " + time + "; jobs start between " + opens + " and " + closes);
      }
      return JobGuard.allow();
    }
  }

  /**
   * What the example saw.
   *
   * @param refusal the guard's reason, from the {@link GuardRejectedException} caught at 03:00 ({@code null} if none)
   * @param stateAtNight the job's state after a supervisor pass at 03:00
   * @param finalState the job's state after the passes at 10:00
   * @param history the job's history, oldest first
   */
  public record Result(String refusal, JobState stateAtNight, JobState finalState, List<Transition> history) {

    /** True when the guard refused at night, the job waited QUEUED, and it ran to COMPLETED at 10:00. */
    public boolean worked() {
      return refusal != null && stateAtNight == JobState.QUEUED && finalState == JobState.COMPLETED;
    }
  }

  public static void main(String[] args) {
    if (!run(System.out).worked()) {
      System.exit(1);
    }
  }

  /** Runs the example, printing what happens to {@code out}. */
  public static Result run(PrintStream out) {
    // 1. A clock that moves only when we say so, set to Monday 5 January 2026, 03:00 UTC.
    MutableClock clock = new MutableClock(Instant.parse("2026-01-05T03:00:00Z"));

    // 2. An in-memory lifecycle and supervisor on that clock, with our guard added to START under a name.
    //    In your application this is Lifecycle.builder().guard(JobEvent.START, "working-hours", ...).
    LifecycleHarness lifeline = LifecycleHarness.builder()
        .clock(clock)
        .lifecycle(l -> l.guard(JobEvent.START, "working-hours", WorkingHours.officeHours(ZoneOffset.UTC)))
        .build();

    // 3. Submit a job. It is QUEUED.
    JobId id = lifeline.submit(JobSpec.builder("sh", "-c", "echo nightly report").name("report").build()).id();
    out.println("03:00  submitted job " + id + ": " + lifeline.job(id).state());

    // 4. Firing START by hand at 03:00: the guard refuses, with a typed exception naming the guard and its reason.
    String refusal = null;
    try {
      lifeline.lifecycle().fire(id, JobEvent.START, EventContext.none());
    } catch (GuardRejectedException e) {
      refusal = e.reason();
      out.println("03:00  START refused by guard '" + e.guard() + "': " + e.reason());
    }

    // 5. The supervisor asks the same guard and skips the job: it stays QUEUED, nothing is launched.
    lifeline.tick();
    JobState atNight = lifeline.job(id).state();
    out.println("03:00  after a supervisor pass, job " + id + " is " + atNight);

    // 6. Move the clock to 10:00. The next pass starts the job and launches its session.
    clock.set(Instant.parse("2026-01-05T10:00:00Z"));
    lifeline.tick();
    out.println("10:00  after a supervisor pass, job " + id + " is " + lifeline.job(id).state());

    // 7. The (fake) session exits 0; the next pass sees it: EXITED, then PASS (no verifiers), so COMPLETED.
    lifeline.endSession(id, 0);
    lifeline.tick();
    JobState end = lifeline.job(id).state();
    out.println("10:00  the command exited 0; job " + id + " is " + end);

    // 8. The history, oldest first.
    List<Transition> history = lifeline.history(id);
    for (Transition t : history) {
      out.println("       " + t.at() + "  " + t.event() + " -> " + t.to());
    }
    return new Result(refusal, atNight, end, history);
  }

  private WorkingHoursGuardMain() {}
}
