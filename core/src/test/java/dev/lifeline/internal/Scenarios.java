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
    boolean held;
    /** The one dependency's state ({@code null}: the job waits for none), its reason, attempts, and whether it exists. */
    JobState dependency;
    FailureReason dependencyReason;
    boolean dependencyRetryLeft;
    boolean dependencyMissing;
    /** The job's group's stored settings ({@code null}: never configured) and how many of its jobs run. */
    dev.lifeline.GroupSettings group;
    int runningInGroup;
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
  static final Map<String, String> KNOB_OF_GUARD = Map.ofEntries(
      Map.entry("notHeld", "held"),
      Map.entry("held", "held"),
      Map.entry("dependencies", "dependencies"),
      Map.entry("dependencyFailed", "dependencies"),
      Map.entry("notAbandoned", "cancelled"),
      Map.entry("groupNotPaused", "group"),
      Map.entry("groupCapacity", "group"),
      Map.entry("capacity", "capacity"),
      Map.entry("notBefore", "notBefore"),
      Map.entry("exitCode=0", "exitCode"),
      Map.entry("exitCode≠0", "exitCode"),
      Map.entry("lostReason", "lostReason"),
      Map.entry("timeoutElapsed", "timeout"),
      Map.entry("reasonGiven", "detail"),
      Map.entry("attemptsLeft", "attempts"),
      Map.entry("notCancelled", "cancelled"));

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
        new Setting("cancelled", k -> k.failureReason = FailureReason.CANCELLED),
        new Setting("abandoned", k -> k.failureReason = FailureReason.DEPENDENCY_FAILED)));
    SETTINGS.put("group", List.of(
        new Setting("group never configured", k -> { k.group = null; k.runningInGroup = 3; }),
        new Setting("group paused", k -> { k.group = new dev.lifeline.GroupSettings("default", null, true); }),
        new Setting("group has a free slot", k -> { k.group = new dev.lifeline.GroupSettings("default", 2, false);
          k.runningInGroup = 1; }),
        new Setting("group full", k -> { k.group = new dev.lifeline.GroupSettings("default", 1, false);
          k.runningInGroup = 1; })));
    SETTINGS.put("held", List.of(
        new Setting("not held", k -> k.held = false),
        new Setting("held", k -> k.held = true)));
    SETTINGS.put("dependencies", List.of(
        new Setting("no dependencies", k -> k.dependency = null),
        new Setting("dependency COMPLETED", k -> k.dependency = JobState.COMPLETED),
        new Setting("dependency PROCESSING", k -> k.dependency = JobState.PROCESSING),
        new Setting("dependency missing", k -> { k.dependency = JobState.COMPLETED; k.dependencyMissing = true; }),
        new Setting("dependency FAILED, retry left", k -> { k.dependency = JobState.FAILED;
          k.dependencyReason = FailureReason.EXIT_CODE; k.dependencyRetryLeft = true; }),
        new Setting("dependency FAILED for good", k -> { k.dependency = JobState.FAILED;
          k.dependencyReason = FailureReason.EXIT_CODE; }),
        new Setting("dependency cancelled", k -> { k.dependency = JobState.FAILED;
          k.dependencyReason = FailureReason.CANCELLED; k.dependencyRetryLeft = true; })));
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
    JobSpec.Builder b = JobSpec.builder("true").name("case").maxAttempts(k.maxAttempts).timeout(k.timeout);
    List<Job> dependencies = new ArrayList<>();
    if (k.dependency != null) {
      b.after(JobId.of(3));
      Job dep = Job.queued(JobId.of(3), JobSpec.builder("true").name("dep").maxAttempts(2).build(), null,
          NOW.minusSeconds(7200)).toBuilder()
          .state(k.dependency)
          .attempt(k.dependency == JobState.FAILED && !k.dependencyRetryLeft ? 2 : 1)
          .failureReason(k.dependency == JobState.FAILED ? k.dependencyReason : null)
          .version(3)
          .build();
      if (!k.dependencyMissing) {
        dependencies.add(dep);
      }
    }
    JobSpec spec = b.build();
    Job job = Job.queued(JobId.of(7), spec, null, NOW.minusSeconds(3600)).toBuilder()
        .held(state == JobState.QUEUED && k.held)
        .state(state)
        .attempt(state == JobState.QUEUED ? k.attempt - 1 : k.attempt)
        .notBefore(k.notBefore)
        .startedAt(k.startedAt)
        .failureReason(state == JobState.FAILED ? k.failureReason : null)
        .version(5)
        .build();
    EventContext ec = new EventContext(k.exitCode, k.lostReason, k.detail, null, k.override);
    List<Job> running = new ArrayList<>();
    for (int i = 0; i < k.runningInGroup; i++) {
      running.add(Job.queued(JobId.of(100 + i), JobSpec.builder("true").name("r" + i).build(), null, NOW)
          .toBuilder().state(JobState.PROCESSING).attempt(1).version(1).build());
    }
    running.add(Job.queued(JobId.of(200), JobSpec.builder("true").name("elsewhere").group("other").build(), null, NOW)
        .toBuilder().state(JobState.PROCESSING).attempt(1).version(1).build());
    return new GuardContext(job, event, ec, NOW, k.running, k.maxConcurrent, running, dependencies, k.group);
  }
}
