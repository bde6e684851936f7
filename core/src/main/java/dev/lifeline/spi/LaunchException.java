package dev.lifeline.spi;

import dev.lifeline.LifelineException;

/** A session could not be started; the message says why in one sentence. */
public class LaunchException extends LifelineException {
  public LaunchException(String message) {
    super(message);
  }

  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
