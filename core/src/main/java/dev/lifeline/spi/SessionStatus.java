package dev.lifeline.spi;

/**
 * What one observation says about one session.
 *
 * @param liveness ALIVE, EXITED (with the exit code), DEAD or UNKNOWN
 * @param exitCode the exit code when EXITED, else {@code null}
 */
public record SessionStatus(Liveness liveness, Integer exitCode) {

  /** Tri-state liveness plus the exit signal. */
  public enum Liveness {
    /** The session is there and its command runs. */
    ALIVE,
    /** The command's exit code was recorded by the launch wrapper (the authoritative signal). */
    EXITED,
    /** The runtime is healthy, the session is not there, and no exit code was recorded. */
    DEAD,
    /** The runtime could not be observed; nothing may be concluded. */
    UNKNOWN
  }

  /** The session is running. */
  public static final SessionStatus ALIVE = new SessionStatus(Liveness.ALIVE, null);
  /** The session is gone and left no exit code. */
  public static final SessionStatus DEAD = new SessionStatus(Liveness.DEAD, null);
  /** The session's state could not be read. */
  public static final SessionStatus UNKNOWN = new SessionStatus(Liveness.UNKNOWN, null);

  /**
   * Checks that an exit code is given exactly for EXITED.
   *
   * @param liveness ALIVE, EXITED (with the exit code), DEAD or UNKNOWN
   * @param exitCode the exit code when EXITED, else {@code null}
   * @throws IllegalArgumentException when it is not
   */
  public SessionStatus {
    if ((liveness == Liveness.EXITED) != (exitCode != null)) {
      throw new IllegalArgumentException("an exit code goes with EXITED and only with EXITED");
    }
  }

  /**
   * The session's command exited.
   *
   * @param code its exit code
   * @return an EXITED status
   */
  public static SessionStatus exited(int code) {
    return new SessionStatus(Liveness.EXITED, code);
  }
}
