package dev.lifeline.cli;

/**
 * A failure the CLI itself detected (a missing database, an unreadable log), with the exit code it stands for and a
 * one-sentence message.
 */
final class UserException extends RuntimeException {
  private final int exitCode;

  UserException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  UserException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
