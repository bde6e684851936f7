package dev.lifeline.sqlite;

import dev.lifeline.StoreException;
import dev.lifeline.StoreException.Kind;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The path a caller names, resolved to the real file before anything is keyed on it or opened (DESIGN rule 10): an
 * existing file through every symbolic link, a file yet to be created through the real path of its directory. What
 * is at the path (and at SQLite's {@code -wal}, {@code -shm} and {@code -journal} beside it) must be a regular
 * file; a directory, a named pipe, a socket, a device or a symbolic link that leads nowhere is refused with one
 * sentence, only by looking at its attributes, so nothing blocks and nothing is written. Stateless and thread-safe.
 */
final class DatabaseFile {

  /** The files SQLite keeps beside a database; a planted link or pipe there would redirect or block its writes. */
  private static final List<String> SIBLINGS = List.of("-wal", "-shm", "-journal");

  private DatabaseFile() {}

  /**
   * The real path of {@code given}: the file itself when it exists, else its name in the real directory.
   *
   * @param create whether a missing file may be created; when not, a missing file is refused (OTHER)
   * @throws StoreException (ACCESS) when the path is a symbolic link that leads nowhere, is not a regular file, has
   *     a non-regular file where SQLite keeps its own, or its directory does not exist or cannot be read
   */
  static Path resolve(Path given, boolean create) {
    Path abs = given.toAbsolutePath();
    BasicFileAttributes self = attributes(abs, LinkOption.NOFOLLOW_LINKS);
    Path real;
    if (self == null) {
      if (!create) {
        throw new StoreException(Kind.OTHER, abs + " does not exist.", null);
      }
      real = inRealDirectory(abs);
    } else {
      try {
        real = abs.toRealPath();
      } catch (IOException e) {
        throw new StoreException(Kind.ACCESS, "cannot open " + abs + ": it is a symbolic link "
            + linkTarget(abs) + " that leads to no file.", e);
      }
      BasicFileAttributes target = attributes(real);
      if (target == null) {
        throw new StoreException(Kind.ACCESS, "cannot open " + abs + ": it vanished while being opened.", null);
      }
      if (!target.isRegularFile()) {
        throw new StoreException(Kind.ACCESS, "cannot open " + name(abs, real) + ": it is " + kind(real, target)
            + ", not a database file.", null);
      }
    }
    for (String suffix : SIBLINGS) {
      Path sibling = real.resolveSibling(real.getFileName() + suffix);
      BasicFileAttributes a = attributes(sibling, LinkOption.NOFOLLOW_LINKS);
      if (a != null && !a.isRegularFile()) {
        throw new StoreException(Kind.ACCESS, "cannot open " + real + ": " + sibling + " is " + kind(sibling, a)
            + ", not the file SQLite keeps there; remove it if it is not yours.", null);
      }
    }
    return real;
  }

  /** The name of a file that does not exist yet, in the real path of its directory. */
  private static Path inRealDirectory(Path abs) {
    Path parent = abs.getParent();
    if (parent == null) {
      throw new StoreException(Kind.ACCESS, "cannot use " + abs + " as a database file.", null);
    }
    Path realParent;
    try {
      realParent = parent.toRealPath();
    } catch (NoSuchFileException e) {
      throw new StoreException(Kind.ACCESS, "cannot create " + abs + ": its directory " + parent
          + " does not exist.", e);
    } catch (AccessDeniedException e) {
      throw new StoreException(Kind.ACCESS, "cannot create " + abs + "; check the permissions of its directory.", e);
    } catch (IOException e) {
      throw new StoreException(Kind.ACCESS, "cannot create " + abs + ": its directory " + parent
          + " cannot be resolved (" + e.getMessage() + ").", e);
    }
    if (!Files.isDirectory(realParent)) {
      throw new StoreException(Kind.ACCESS, "cannot create " + abs + ": " + parent + " is not a directory.", null);
    }
    return realParent.resolve(abs.getFileName());
  }

  /** The sqlite-jdbc URL of {@code real}: a SQLite URI, so that no character of the path is read as a parameter. */
  static String url(Path real) {
    String path = real.toString();
    StringBuilder out = new StringBuilder("jdbc:sqlite:file:");
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      switch (c) {
        case '%' -> out.append("%25");
        case '?' -> out.append("%3F");
        case '#' -> out.append("%23");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String name(Path abs, Path real) {
    return abs.equals(real) ? abs.toString() : abs + " (" + real + ")";
  }

  private static String linkTarget(Path link) {
    try {
      return "to " + Files.readSymbolicLink(link);
    } catch (IOException | UnsupportedOperationException e) {
      return "(unreadable)";
    }
  }

  /** What kind of file {@code a} describes, in words ("a directory", "a named pipe (FIFO)"). */
  static String kind(Path p, BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a directory";
    }
    if (a.isSymbolicLink()) {
      return "a symbolic link";
    }
    try {
      int type = ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0170000;
      switch (type) {
        case 0010000 -> {
          return "a named pipe (FIFO)";
        }
        case 0140000 -> {
          return "a socket";
        }
        case 0020000 -> {
          return "a character device";
        }
        case 0060000 -> {
          return "a block device";
        }
        default -> {
          // fall through to the generic words
        }
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
      // no unix attributes here
    }
    return "neither a regular file nor a directory";
  }

  private static BasicFileAttributes attributes(Path p, LinkOption... options) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, options);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StoreException(Kind.ACCESS, "cannot open " + p + "; check the permissions of the file and its "
          + "directory.", e);
    }
  }
}
