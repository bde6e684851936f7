package dev.lifeline;

import java.util.Locale;
import java.util.Objects;

/**
 * Which transitions call a hook: entering a state, an event, or a job's end ({@link Finish}: COMPLETED, or FAILED
 * for good). Written as text the way the CLI takes it: a state name ({@code FAILED}), an event name
 * ({@code CANCEL}) or {@code FINISH}; state and event names never clash. Immutable.
 */
public sealed interface HookTrigger {

  /**
   * Whether the change to {@code next}, recorded by {@code transition}, calls a hook with this trigger.
   *
   * @param next the job as the change wrote it
   * @param transition the history row of the change
   * @return {@code true} when it does
   */
  boolean matches(Job next, Transition transition);

  /**
   * The trigger as text: the state's or the event's name, or {@code FINISH}.
   *
   * @return the text {@link #parse} reads back
   */
  String text();

  /**
   * Entering {@code state} from another state (a change that stays QUEUED, such as HOLD, does not enter QUEUED;
   * SUBMIT does).
   *
   * @param state the state entered
   */
  record OnState(JobState state) implements HookTrigger {
    /**
     * @param state the state entered
     * @throws NullPointerException when it is {@code null}
     */
    public OnState {
      Objects.requireNonNull(state, "state");
    }

    @Override
    public boolean matches(Job next, Transition transition) {
      return transition.to() == state && transition.from() != state;
    }

    @Override
    public String text() {
      return state.name();
    }
  }

  /**
   * Any transition made by {@code event}.
   *
   * @param event the event
   */
  record OnEvent(JobEvent event) implements HookTrigger {
    /**
     * @param event the event
     * @throws NullPointerException when it is {@code null}
     */
    public OnEvent {
      Objects.requireNonNull(event, "event");
    }

    @Override
    public boolean matches(Job next, Transition transition) {
      return transition.event() == event;
    }

    @Override
    public String text() {
      return event.name();
    }
  }

  /** The job ended: it entered COMPLETED, or FAILED with no retry left ({@link TransitionTable#failedForGood}). */
  record Finish() implements HookTrigger {
    @Override
    public boolean matches(Job next, Transition transition) {
      if (transition.from() == transition.to()) {
        return false;
      }
      return transition.to() == JobState.COMPLETED
          || (transition.to() == JobState.FAILED && TransitionTable.failedForGood(next));
    }

    @Override
    public String text() {
      return "FINISH";
    }
  }

  /** {@link Finish}. */
  HookTrigger FINISH = new Finish();

  /**
   * Entering {@code state}.
   *
   * @param state the state
   * @return the trigger
   */
  static HookTrigger entering(JobState state) {
    return new OnState(state);
  }

  /**
   * The event {@code event}.
   *
   * @param event the event
   * @return the trigger
   */
  static HookTrigger on(JobEvent event) {
    return new OnEvent(event);
  }

  /**
   * Reads a trigger written as {@link #text()}, in any letter case.
   *
   * @param text a state name, an event name or {@code FINISH}
   * @return the trigger
   * @throws IllegalArgumentException naming the accepted values, when it is none of them
   */
  static HookTrigger parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.trim().toUpperCase(Locale.ROOT);
    if (t.equals("FINISH")) {
      return FINISH;
    }
    for (JobState s : JobState.values()) {
      if (s.name().equals(t)) {
        return new OnState(s);
      }
    }
    for (JobEvent e : JobEvent.values()) {
      if (e.name().equals(t)) {
        return new OnEvent(e);
      }
    }
    throw new IllegalArgumentException("'" + JobSpec.printable(text) + "' is not a hook trigger: use FINISH, a state ("
        + java.util.Arrays.toString(JobState.values()).replaceAll("[\\[\\]]", "") + ") or an event ("
        + java.util.Arrays.toString(JobEvent.values()).replaceAll("[\\[\\]]", "") + ")");
  }
}
