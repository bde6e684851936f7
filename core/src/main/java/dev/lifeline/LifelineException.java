package dev.lifeline;

/** The root of every exception Lifeline throws on purpose. Messages are one sentence, fit for a user. Immutable. */
public class LifelineException extends RuntimeException {
  /**
   * An exception with a one-sentence message.
   *
   * @param message the sentence, fit for a user
   */
  public LifelineException(String message) {
    super(message);
  }

  /**
   * An exception with a one-sentence message and its cause.
   *
   * @param message the sentence, fit for a user
   * @param cause the underlying failure
   */
  public LifelineException(String message, Throwable cause) {
    super(message, cause);
  }
}
