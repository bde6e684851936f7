package dev.lifeline.tmux;

import dev.lifeline.UntrustedPathException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The checks that make a run file trustworthy: it is of the expected kind (never a link, a FIFO or a device where a
 * directory or regular file is expected), owned by this process's user, and not writable by group or others. Every
 * look uses {@code lstat} ({@link LinkOption#NOFOLLOW_LINKS}); a file is opened only after it passed, without
 * following links, and never a FIFO, so no check blocks. Stateless and thread-safe.
 */
final class TrustedFiles {

  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int GROUP_OR_OTHERS_WRITE = 0022;

  private static final long OWN_UID = ownUid();

  /** What {@code lstat} said of a path that passed: its identity (device and inode). */
  record Checked(Object key) {}

  private TrustedFiles() {}

  /** The uid files must be owned by: this process's. */
  static long uid() {
    return OWN_UID;
  }

  /**
   * Checks a directory Lifeline keeps run files in.
   *
   * @return empty when nothing is there
   * @throws UntrustedPathException when it is there but not a trusted directory
   */
  static Optional<Checked> directory(Path dir, String what) throws IOException {
    return check(dir, what, S_IFDIR, "a directory");
  }

  /**
   * Checks a regular file Lifeline would read or run.
   *
   * @return empty when nothing is there
   * @throws UntrustedPathException when it is there but not a trusted regular file
   */
  static Optional<Checked> regularFile(Path file, String what) throws IOException {
    return check(file, what, S_IFREG, "a regular file");
  }

  /**
   * Reads a small trusted regular file: checked first, opened without following links, refused when longer than
   * {@code max} bytes or when it was swapped for another file between the check and the read.
   *
   * @return empty when the file is not there
   * @throws UntrustedPathException when it is not a trusted regular file or is too long
   */
  static Optional<byte[]> read(Path file, String what, int max) throws IOException {
    Optional<Checked> before = regularFile(file, what);
    if (before.isEmpty()) {
      return Optional.empty();
    }
    byte[] buffer = new byte[max + 1];
    int length = 0;
    try (SeekableByteChannel in = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer b = ByteBuffer.wrap(buffer);
      while (b.hasRemaining()) {
        int n = in.read(b);
        if (n < 0) {
          break;
        }
      }
      length = b.position();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (length > max) {
      throw new UntrustedPathException(file, what + " " + file + " is longer than the " + max
          + " bytes Lifeline writes there, so it is not a file Lifeline made.");
    }
    Optional<Checked> after = regularFile(file, what);
    if (after.isEmpty() || !after.get().key().equals(before.get().key())) {
      throw new UntrustedPathException(file, what + " " + file + " was replaced while it was being read.");
    }
    return Optional.of(Arrays.copyOf(buffer, length));
  }

  private static Optional<Checked> check(Path path, String what, int expectedType, String expected)
      throws IOException {
    Map<String, Object> attrs;
    try {
      attrs = Files.readAttributes(path, "unix:mode,uid,ino,dev", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    int mode = ((Number) attrs.get("mode")).intValue();
    long uid = ((Number) attrs.get("uid")).longValue();
    int type = mode & S_IFMT;
    if (type != expectedType) {
      throw new UntrustedPathException(path, what + " " + path + " is " + kind(type) + " where Lifeline expects "
          + expected + ", so it was not made by Lifeline; remove it.");
    }
    if (uid != OWN_UID) {
      throw new UntrustedPathException(path, what + " " + path + " is owned by uid " + uid + ", not by this"
          + " process's user (uid " + OWN_UID + "), so another user could have written it; remove it.");
    }
    if ((mode & GROUP_OR_OTHERS_WRITE) != 0) {
      throw new UntrustedPathException(path, what + " " + path + " is writable by group or others (mode "
          + String.format("%04o", mode & 07777) + "), so another user could change it; remove it or run chmod go-w.");
    }
    return Optional.of(new Checked(attrs.get("dev") + ":" + attrs.get("ino")));
  }

  private static String kind(int type) {
    switch (type) {
      case S_IFDIR:
        return "a directory";
      case S_IFREG:
        return "a regular file";
      case S_IFLNK:
        return "a symbolic link";
      case S_IFIFO:
        return "a FIFO";
      case S_IFSOCK:
        return "a socket";
      case S_IFCHR:
        return "a character device";
      case S_IFBLK:
        return "a block device";
      default:
        return "of an unknown kind";
    }
  }

  private static long ownUid() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid();
    } catch (LinkageError | RuntimeException e) {
      try {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
      } catch (IOException | RuntimeException e2) {
        return -1; // nothing is owned by uid -1: every existing run file is refused rather than trusted
      }
    }
  }
}
