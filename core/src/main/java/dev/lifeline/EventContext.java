package dev.lifeline;

/**
 * What a caller knows when it fires an event: the exit code for EXITED, the failure reason for LOST (SESSION_LOST
 * or LAUNCH_FAILED), a detail line (required for REJECT), who fires it, and whether an operator overrides the
 * attempt count on RETRY. Immutable and thread-safe.
 *
 * @param exitCode the command's exit code, for EXITED
 * @param reason for LOST: SESSION_LOST (default) or LAUNCH_FAILED; ignored otherwise
 * @param detail a one-line explanation recorded with the transition
 * @param actor who fires the event; {@code null} becomes the lifecycle's default actor
 * @param override an operator's RETRY beyond maxAttempts
 */
public record EventContext(Integer exitCode, FailureReason reason, String detail, String actor, boolean override) {

  private static final EventContext EMPTY = new EventContext(null, null, null, null, false);

  /**
   * A context with nothing in it: no exit code, reason, detail or actor, no override.
   *
   * @return the empty context
   */
  public static EventContext none() {
    return EMPTY;
  }

  /**
   * A context for EXITED carrying the command's exit code.
   *
   * @param code the exit code the session recorded
   * @return a context with only that exit code
   */
  public static EventContext exitCode(int code) {
    return new EventContext(code, null, null, null, false);
  }

  /**
   * A context carrying only a one-line detail (REJECT needs one).
   *
   * @param detail the explanation recorded with the transition
   * @return a context with only that detail
   */
  public static EventContext detail(String detail) {
    return new EventContext(null, null, detail, null, false);
  }

  /**
   * This context with another exit code.
   *
   * @param v the exit code, or {@code null} for none
   * @return a copy with the exit code replaced
   */
  public EventContext withExitCode(Integer v) {
    return new EventContext(v, reason, detail, actor, override);
  }

  /**
   * This context with another failure reason (LOST uses SESSION_LOST or LAUNCH_FAILED).
   *
   * @param v the reason, or {@code null} for the event's default
   * @return a copy with the reason replaced
   */
  public EventContext withReason(FailureReason v) {
    return new EventContext(exitCode, v, detail, actor, override);
  }

  /**
   * This context with another detail line.
   *
   * @param v the detail, or {@code null} for none
   * @return a copy with the detail replaced
   */
  public EventContext withDetail(String v) {
    return new EventContext(exitCode, reason, v, actor, override);
  }

  /**
   * This context fired by another actor.
   *
   * @param v who fires the event, or {@code null} for the lifecycle's default actor
   * @return a copy with the actor replaced
   */
  public EventContext withActor(String v) {
    return new EventContext(exitCode, reason, detail, v, override);
  }

  /**
   * This context with or without an operator's override of the attempt count on RETRY.
   *
   * @param v true to retry beyond maxAttempts
   * @return a copy with the override replaced
   */
  public EventContext withOverride(boolean v) {
    return new EventContext(exitCode, reason, detail, actor, v);
  }
}
