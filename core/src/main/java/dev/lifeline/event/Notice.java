package dev.lifeline.event;

import dev.lifeline.JobId;
import java.time.Instant;

/** A notable observation that is not itself a transition. Each has a one-line {@link #message()}. */
public sealed interface Notice {

  /**
   * When it was observed, by the lifecycle's clock.
   *
   * @return the instant
   */
  Instant at();

  /**
   * One line saying what was observed, for a log or a console.
   *
   * @return the message
   */
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

  /** A verification answered {@code Pending}: the job waits in VERIFICATION for an operator's PASS or REJECT. */
  record VerificationPending(Instant at, JobId jobId, int attempt, String reason) implements Notice {
    @Override
    public String message() {
      return "job " + jobId + " attempt " + attempt + " waits for an operator: " + reason;
    }
  }

  /** A supervisor pass stopped on an error (the store busy, a bug); the loop goes on with the next pass. */
  record PassFailed(Instant at, String reason) implements Notice {
    @Override
    public String message() {
      return "supervisor pass failed: " + reason;
    }
  }

  /** This supervisor took the store's lease over from a holder that was stale or gone. */
  record LeaseTakenOver(Instant at, String previousHolder, Instant previousHeartbeat) implements Notice {
    @Override
    public String message() {
      return "took the supervisor lease over from " + previousHolder + " (last heartbeat " + previousHeartbeat + ")";
    }
  }

  /**
   * Handling one job threw: the pass went on with the others. Where a decision was possible the job was also failed
   * with a reason (a verification that threw is rejected); otherwise it stays where it is and the next pass tries
   * again.
   *
   * @param step which part of the pass: {@code processing}, {@code verification}, {@code retry}, {@code stop},
   *     {@code start}, {@code launch} or {@code orphan}
   * @param problem one sentence saying what went wrong
   */
  record JobFailedToHandle(Instant at, JobId jobId, String step, String problem) implements Notice {
    @Override
    public String message() {
      return "job " + jobId + " could not be handled (" + step + "): " + problem;
    }
  }

  /** A stored row could not be decoded: the pass skipped that job and supervised the rest. */
  record RowUnreadable(Instant at, JobId jobId, String reason) implements Notice {
    @Override
    public String message() {
      return "job " + jobId + " was skipped: its row cannot be read: " + reason;
    }
  }

  /** A START guard kept a QUEUED job from starting although a slot was free; raised once per job and reason. */
  record StartDeferred(Instant at, JobId jobId, String guard, String reason) implements Notice {
    @Override
    public String message() {
      return "job " + jobId + " waits: guard '" + guard + "' refused START: " + reason;
    }
  }

  /**
   * One step of a pass stopped on an error that concerns no single job (a listing the store could not decode); the
   * pass went on with its other steps.
   *
   * @param step {@code processing}, {@code verification}, {@code retry}, {@code stop}, {@code start} or
   *     {@code orphan}
   */
  record StepFailed(Instant at, String step, String problem) implements Notice {
    @Override
    public String message() {
      return "supervisor step " + step + " stopped: " + problem;
    }
  }

  /**
   * A try of a notification failed: it is tried again at its next due time, or, after its last allowed try, given up
   * (FAILED, counted by {@code health}).
   *
   * @param at when the try ended
   * @param deliveryId the delivery
   * @param jobId its job
   * @param tries how many tries it has had
   * @param givenUp whether that was the last one
   * @param error why the try failed
   */
  record DeliveryFailed(Instant at, long deliveryId, JobId jobId, int tries, boolean givenUp, String error)
      implements Notice {
    @Override
    public String message() {
      return "job " + jobId + ": notification " + deliveryId + " failed (try " + tries + "): " + error
          + (givenUp ? "; given up" : "; will be tried again");
    }
  }
}
