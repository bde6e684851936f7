package dev.lifeline.internal;

import dev.lifeline.EventContext;
import dev.lifeline.FailureReason;
import dev.lifeline.GuardContext;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.TransitionTable;
import dev.lifeline.TransitionTable.Edge;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every state × event × outcome of the built-in guards, as {@link GuardContext}s: each built-in guard is made to
 * pass and to fail by one "knob" of the context, and a case varies every knob the event's guards read.
 */
final class Scenarios {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  /** The inputs of one decision, mutable while a case is assembled. */
  static final class Knobs implements Cloneable {
    int running = 0;
    int maxConcurrent = 4;
    Instant notBefore;
    Integer exitCode;
    FailureReason lostReason;
    String detail;
    Duration timeout;
    Instant startedAt;
    int attempt = 1;
    int maxAttempts = 3;
    boolean override;
    FailureReason failureReason;
    List<String> labels = new ArrayList<>();

    Knobs copy() {
      try {
        Knobs k = (Knobs) super.clone();
        k.labels = new ArrayList<>(labels);
        return k;
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }

  record Setting(String label, Consumer<Knobs> apply) {}

  /** Which knob each built-in guard reads, and the settings that make it pass and fail. */
  static final Map<String, String> KNOB_OF_GUARD = Map.of(
      "capacity", "capacity",
      "notBefore", "notBefore",
      "exitCode=0", "exitCode",
      "exitCode≠0", "exitCode",
      "lostReason", "lostReason",
      "timeoutElapsed", "timeout",
      "reasonGiven", "detail",
      "attemptsLeft", "attempts",
      "notCancelled", "cancelled");

  static final Map<String, List<Setting>> SETTINGS = new LinkedHashMap<>();

  static {
    SETTINGS.put("capacity", List.of(
        new Setting("a slot is free", k -> { k.running = 3; k.maxConcurrent = 4; }),
        new Setting("all slots busy", k -> { k.running = 4; k.maxConcurrent = 4; })));
    SETTINGS.put("notBefore", List.of(
        new Setting("no notBefore", k -> k.notBefore = null),
        new Setting("notBefore is now", k -> k.notBefore = NOW),
        new Setting("notBefore ahead", k -> k.notBefore = NOW.plusSeconds(60))));
    SETTINGS.put("exitCode", List.of(
        new Setting("no exit code", k -> k.exitCode = null),
        new Setting("exit 0", k -> k.exitCode = 0),
        new Setting("exit 3", k -> k.exitCode = 3)));
    SETTINGS.put("lostReason", List.of(
        new Setting("no reason", k -> k.lostReason = null),
        new Setting("SESSION_LOST", k -> k.lostReason = FailureReason.SESSION_LOST),
        new Setting("LAUNCH_FAILED", k -> k.lostReason = FailureReason.LAUNCH_FAILED),
        new Setting("EXIT_CODE", k -> k.lostReason = FailureReason.EXIT_CODE)));
    SETTINGS.put("timeout", List.of(
        new Setting("no timeout", k -> { k.timeout = null; k.startedAt = NOW.minusSeconds(600); }),
        new Setting("never started", k -> { k.timeout = Duration.ofMinutes(1); k.startedAt = null; }),
        new Setting("timeout elapsed", k -> { k.timeout = Duration.ofMinutes(1); k.startedAt = NOW.minusSeconds(61); }),
        new Setting("exactly at timeout", k -> { k.timeout = Duration.ofMinutes(1); k.startedAt = NOW.minusSeconds(60); }),
        new Setting("within timeout", k -> { k.timeout = Duration.ofMinutes(1); k.startedAt = NOW.minusSeconds(5); })));
    SETTINGS.put("detail", List.of(
        new Setting("no detail", k -> k.detail = null),
        new Setting("blank detail", k -> k.detail = "  "),
        new Setting("a detail", k -> k.detail = "output missing")));
    SETTINGS.put("attempts", List.of(
        new Setting("attempts left", k -> { k.attempt = 1; k.maxAttempts = 3; k.override = false; }),
        new Setting("attempts used", k -> { k.attempt = 3; k.maxAttempts = 3; k.override = false; }),
        new Setting("attempts used, override", k -> { k.attempt = 3; k.maxAttempts = 3; k.override = true; })));
    SETTINGS.put("cancelled", List.of(
        new Setting("failed on exit code", k -> k.failureReason = FailureReason.EXIT_CODE),
        new Setting("cancelled", k -> k.failureReason = FailureReason.CANCELLED)));
  }

  /** One decision to make. */
  record Case(JobState state, JobEvent event, List<String> labels, GuardContext context) {
    @Override
    public String toString() {
      return state + " × " + event + " " + labels;
    }
  }

  private Scenarios() {}

  /** Every state × event × combination of the settings of the knobs the event's guards read. */
  static List<Case> all() {
    List<Case> out = new ArrayList<>();
    for (JobState state : JobState.values()) {
      for (JobEvent event : JobEvent.values()) {
        Set<String> knobs = new LinkedHashSet<>();
        for (Edge e : TransitionTable.standard().edges()) {
          if (e.event() == event) {
            e.guards().forEach(g -> knobs.add(requireKnob(g.name())));
          }
        }
        List<Knobs> combos = List.of(new Knobs());
        for (String knob : knobs) {
          List<Knobs> next = new ArrayList<>();
          for (Knobs base : combos) {
            for (Setting s : SETTINGS.get(knob)) {
              Knobs k = base.copy();
              s.apply().accept(k);
              k.labels.add(s.label());
              next.add(k);
            }
          }
          combos = next;
        }
        for (Knobs k : combos) {
          out.add(new Case(state, event, List.copyOf(k.labels), context(state, event, k)));
        }
      }
    }
    return out;
  }

  private static String requireKnob(String guardName) {
    String knob = KNOB_OF_GUARD.get(guardName);
    if (knob == null) {
      throw new AssertionError("a built-in guard without settings in the exhaustive test: " + guardName);
    }
    return knob;
  }

  static GuardContext context(JobState state, JobEvent event, Knobs k) {
    JobSpec spec = JobSpec.builder("true").name("case").maxAttempts(k.maxAttempts).timeout(k.timeout).build();
    Job job = Job.queued(JobId.of(7), spec, null, NOW.minusSeconds(3600)).toBuilder()
        .state(state)
        .attempt(state == JobState.QUEUED ? k.attempt - 1 : k.attempt)
        .notBefore(k.notBefore)
        .startedAt(k.startedAt)
        .failureReason(state == JobState.FAILED ? k.failureReason : null)
        .version(5)
        .build();
    EventContext ec = new EventContext(k.exitCode, k.lostReason, k.detail, null, k.override);
    return new GuardContext(job, event, ec, NOW, k.running, k.maxConcurrent);
  }
}
