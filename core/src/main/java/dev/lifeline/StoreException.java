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

  /** What went wrong, coarsely. */
  private final Kind kind;

  /**
   * A store failure of {@code kind}.
   *
   * @param kind what went wrong, coarsely
   * @param message one sentence naming the file
   * @param cause the underlying failure, or {@code null}
   */
  public StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /**
   * What went wrong, coarsely, so a caller can decide what to do.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }
}
