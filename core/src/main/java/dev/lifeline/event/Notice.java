package dev.lifeline.event;

import dev.lifeline.JobId;
import java.time.Instant;

/** A notable observation that is not itself a transition. Each has a one-line {@link #message()}. */
public sealed interface Notice {

  Instant at();

  String message();

  /** The runtime could not be observed; nothing was concluded from this pass. */
  record RuntimeUnknown(Instant at, String reason) implements Notice {
    @Override
    public String message() {
      return "session runtime unknown: " + reason;
    }
  }

  /** A PROCESSING job's session was not seen (the {@code count}-th consecutive time). */
  record SessionMissing(Instant at, JobId jobId, int attempt, String session, int count) implements Notice {
    @Override
    public String message() {
      return "job " + jobId + " attempt " + attempt + ": session " + session + " not seen (" + count + "x)";
    }
  }

  /** A session could not be started. */
  record LaunchFailed(Instant at, JobId jobId, int attempt, String reason) implements Notice {
    @Override
    public String message() {
      return "job " + jobId + " attempt " + attempt + ": launch failed: " + reason;
    }
  }

  /** A session tagged by Lifeline whose job is terminal, on another attempt, or unknown. */
  record OrphanFound(Instant at, JobId jobId, int attempt, String session, String why) implements Notice {
    @Override
    public String message() {
      return "orphan session " + session + " (job " + jobId + " attempt " + attempt + "): " + why;
    }
  }

  /** An orphan session was killed under the {@code kill} orphan policy. */
  record OrphanKilled(Instant at, JobId jobId, int attempt, String session) implements Notice {
    @Override
    public String message() {
      return "killed orphan session " + session + " (job " + jobId + " attempt " + attempt + ")";
    }
  }

  /** A verifier did not answer within its timeout (the job is rejected). */
  record VerifierTimedOut(Instant at, JobId jobId, String verifier) implements Notice {
    @Override
    public String message() {
      return "job " + jobId + ": verifier " + verifier + " timed out";
    }
  }
}
