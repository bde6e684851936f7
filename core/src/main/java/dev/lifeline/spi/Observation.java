package dev.lifeline.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One batched look at every session of a runtime.
 *
 * <p>When {@code healthy} is false ({@code unknownReason} says why), every session is UNKNOWN and nothing may be
 * concluded from the observation. When healthy, {@code sessions} holds every session the runtime found that was
 * tagged by Lifeline (ALIVE or EXITED), plus EXITED entries for attempts whose exit code was recorded although their
 * session is gone; any other handle is DEAD.
 *
 * @param at when the observation was made
 * @param healthy whether the runtime answered
 * @param unknownReason why not, when not healthy
 * @param sessions what was seen, by session
 */
public record Observation(Instant at, boolean healthy, String unknownReason, Map<SessionHandle, SessionStatus> sessions) {

  /**
   * Copies the sessions; an UNKNOWN observation needs a reason.
   *
   * @param at when the observation was made
   * @param healthy whether the runtime answered
   * @param unknownReason why not, when not healthy
   * @param sessions what was seen, by session
   * @throws IllegalArgumentException when an unhealthy observation has no reason
   */
  public Observation {
    Objects.requireNonNull(at, "at");
    sessions = Map.copyOf(sessions);
    if (!healthy && (unknownReason == null || unknownReason.isBlank())) {
      throw new IllegalArgumentException("an UNKNOWN observation needs a reason");
    }
  }

  /**
   * A runtime that answered.
   *
   * @param at when it was observed
   * @param sessions the status of every session it owns
   * @return the observation
   */
  public static Observation ok(Instant at, Map<SessionHandle, SessionStatus> sessions) {
    return new Observation(at, true, null, sessions);
  }

  /**
   * A runtime that could not be observed; nothing may be concluded from it.
   *
   * @param at when it was tried
   * @param reason why, in one line
   * @return the observation
   */
  public static Observation unknown(Instant at, String reason) {
    return new Observation(at, false, reason, Map.of());
  }

  /**
   * The status of {@code handle}: UNKNOWN when the runtime was not healthy, DEAD when healthy and not seen.
   *
   * @param handle the session
   * @return its status in this observation
   */
  public SessionStatus statusOf(SessionHandle handle) {
    if (!healthy) {
      return SessionStatus.UNKNOWN;
    }
    return sessions.getOrDefault(handle, SessionStatus.DEAD);
  }
}
