package dev.lifeline;

/**
 * The store cannot serve the request. {@link #kind()} tells a caller (and the CLI's exit code) what to do about it;
 * the message names the file and says it in one sentence.
 */
public class StoreException extends LifelineException {

  /** What went wrong, coarsely. */
  public enum Kind {
    /** Locked by another process for longer than the busy timeout. */
    BUSY,
    /** Damaged, or not a database at all. */
    CORRUPT,
    /** Written by a newer Lifeline than this one. */
    SCHEMA_TOO_NEW,
    /** Cannot be opened or written: permissions of the file or its directory. */
    ACCESS,
    /** Anything else. */
    OTHER
  }

  private final Kind kind;

  public StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
