package dev.lifeline.internal.supervisor;

/** A built-in verifier ran out of its own time; the verification counts as failed and timed out. */
final class VerifierTimedOutException extends RuntimeException {
  VerifierTimedOutException(String message) {
    super(message, null, false, false);
  }
}
