package dev.lifeline.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a file or directory path with a one-sentence error. {@link #directory()} also requires an existing directory
 * ({@code --cwd}); {@link #file()} refuses an empty path and one that names an existing directory ({@code --db},
 * {@code --log}). Immutable and thread-safe.
 */
final class PathConverter implements ITypeConverter<Path> {

  private final boolean directory;

  private PathConverter(boolean directory) {
    this.directory = directory;
  }

  /** A path that is, or may become, a file. */
  static PathConverter file() {
    return new PathConverter(false);
  }

  /** An existing directory. */
  static PathConverter directory() {
    return new PathConverter(true);
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
    }
    return p;
  }
}
