package dev.lifeline;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file or directory Lifeline would trust (the run directory, a launch wrapper, a launch or exit file, the
 * database) is not what Lifeline made: owned by another user, writable by group or others, a link, or of another
 * kind than expected. Nothing was run or changed because of it. The CLI maps it to exit 5. Immutable.
 */
public class UntrustedPathException extends LifelineException {
  private final transient Path path;

  /**
   * A refused path.
   *
   * @param path the path
   * @param message one sentence saying what is wrong with it
   */
  public UntrustedPathException(Path path, String message) {
    super(message);
    this.path = Objects.requireNonNull(path, "path");
  }

  /**
   * The path that was refused.
   *
   * @return the path
   */
  public Path path() {
    return path;
  }
}
