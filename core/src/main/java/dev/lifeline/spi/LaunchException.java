package dev.lifeline.spi;

import dev.lifeline.LifelineException;

/** A session could not be started; the message says why in one sentence. */
public class LaunchException extends LifelineException {
  /**
   * A failed launch.
   *
   * @param message one sentence saying why
   */
  public LaunchException(String message) {
    super(message);
  }

  /**
   * A failed launch, with its cause.
   *
   * @param message one sentence saying why
   * @param cause the underlying failure
   */
  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
