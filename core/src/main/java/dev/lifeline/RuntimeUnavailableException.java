package dev.lifeline;

/**
 * The session runtime cannot be used at all (for example tmux is absent or older than 3.2). Raised by operations
 * that must act ({@code start}, {@code stop}); observations report such a runtime as UNKNOWN instead.
 */
public class RuntimeUnavailableException extends LifelineException {
  /**
   * A runtime that cannot be used.
   *
   * @param message one sentence saying why
   */
  public RuntimeUnavailableException(String message) {
    super(message);
  }

  /**
   * A runtime that cannot be used, with its cause.
   *
   * @param message one sentence saying why
   * @param cause the underlying failure
   */
  public RuntimeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
