package dev.lifeline;

/** The root of every exception Lifeline throws on purpose. Messages are one sentence, fit for a user. Immutable. */
public class LifelineException extends RuntimeException {
  public LifelineException(String message) {
    super(message);
  }

  public LifelineException(String message, Throwable cause) {
    super(message, cause);
  }
}
