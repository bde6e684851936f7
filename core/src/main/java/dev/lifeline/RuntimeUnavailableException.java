package dev.lifeline;

/**
 * The session runtime cannot be used at all (for example tmux is absent or older than 3.2). Raised by operations
 * that must act ({@code start}, {@code stop}); observations report such a runtime as UNKNOWN instead.
 */
public class RuntimeUnavailableException extends LifelineException {
  public RuntimeUnavailableException(String message) {
    super(message);
  }

  public RuntimeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
