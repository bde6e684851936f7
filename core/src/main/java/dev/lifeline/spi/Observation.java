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

  public Observation {
    Objects.requireNonNull(at, "at");
    sessions = Map.copyOf(sessions);
    if (!healthy && (unknownReason == null || unknownReason.isBlank())) {
      throw new IllegalArgumentException("an UNKNOWN observation needs a reason");
    }
  }

  public static Observation ok(Instant at, Map<SessionHandle, SessionStatus> sessions) {
    return new Observation(at, true, null, sessions);
  }

  public static Observation unknown(Instant at, String reason) {
    return new Observation(at, false, reason, Map.of());
  }

  /** The status of {@code handle}: UNKNOWN when the runtime was not healthy, DEAD when healthy and not seen. */
  public SessionStatus statusOf(SessionHandle handle) {
    if (!healthy) {
      return SessionStatus.UNKNOWN;
    }
    return sessions.getOrDefault(handle, SessionStatus.DEAD);
  }
}
