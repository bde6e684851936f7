package dev.lifeline.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a file or directory path with a one-sentence error. {@link #directory()} also requires an existing directory
 * ({@code --cwd}); {@link #file()} refuses an empty path and one that names an existing directory ({@code --log});
 * {@link #regularFile()} also refuses a FIFO, socket or device ({@code --db}). Immutable and thread-safe.
 */
final class PathConverter implements ITypeConverter<Path> {

  private final boolean directory;
  private final boolean regular;

  private PathConverter(boolean directory, boolean regular) {
    this.directory = directory;
    this.regular = regular;
  }

  /** A path that is, or may become, a file (a device or FIFO is allowed: {@code --log /dev/stderr}). */
  static PathConverter file() {
    return new PathConverter(false, false);
  }

  /**
   * A path that is, or may become, a regular file: a FIFO, socket or device is refused before anything opens it,
   * so no command can block reading one ({@code --db}).
   */
  static PathConverter regularFile() {
    return new PathConverter(false, true);
  }

  /** An existing directory. */
  static PathConverter directory() {
    return new PathConverter(true, false);
  }

  @Override
  public Path convert(String value) {
    if (value.isEmpty()) {
      throw new TypeConversionException("an empty path names no " + (directory ? "directory" : "file"));
    }
    Path p;
    try {
      p = Path.of(value);
    } catch (InvalidPathException e) {
      throw new TypeConversionException("'" + Printable.of(value) + "' is not a usable path ("
          + (value.indexOf('\0') >= 0 ? "it holds a NUL character" : e.getReason()) + ")");
    }
    if (directory) {
      if (!Files.exists(p)) {
        throw new TypeConversionException("'" + Printable.of(value) + "' does not exist");
      }
      if (!Files.isDirectory(p)) {
        throw new TypeConversionException("'" + Printable.of(value) + "' is not a directory");
      }
    } else if (Files.isDirectory(p)) {
      throw new TypeConversionException("'" + Printable.of(value) + "' is a directory, not a file");
    } else if (regular && Files.exists(p) && !Files.isRegularFile(p)) {
      throw new TypeConversionException("'" + Printable.of(value) + "' is not a regular file (a FIFO, socket or "
          + "device)");
    }
    return p;
  }
}
