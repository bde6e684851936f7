package dev.lifeline;

/**
 * What a caller knows when it fires an event: the exit code for EXITED, the failure reason for LOST (SESSION_LOST
 * or LAUNCH_FAILED), a detail line (required for REJECT), who fires it, and whether an operator overrides the
 * attempt count on RETRY.
 *
 * @param exitCode the command's exit code, for EXITED
 * @param reason for LOST: SESSION_LOST (default) or LAUNCH_FAILED; ignored otherwise
 * @param detail a one-line explanation recorded with the transition
 * @param actor who fires the event; {@code null} becomes the lifecycle's default actor
 * @param override an operator's RETRY beyond maxAttempts
 */
public record EventContext(Integer exitCode, FailureReason reason, String detail, String actor, boolean override) {

  private static final EventContext EMPTY = new EventContext(null, null, null, null, false);

  public static EventContext none() {
    return EMPTY;
  }

  public static EventContext exitCode(int code) {
    return new EventContext(code, null, null, null, false);
  }

  public static EventContext detail(String detail) {
    return new EventContext(null, null, detail, null, false);
  }

  public EventContext withExitCode(Integer v) {
    return new EventContext(v, reason, detail, actor, override);
  }

  public EventContext withReason(FailureReason v) {
    return new EventContext(exitCode, v, detail, actor, override);
  }

  public EventContext withDetail(String v) {
    return new EventContext(exitCode, reason, v, actor, override);
  }

  public EventContext withActor(String v) {
    return new EventContext(exitCode, reason, detail, v, override);
  }

  public EventContext withOverride(boolean v) {
    return new EventContext(exitCode, reason, detail, actor, v);
  }
}
