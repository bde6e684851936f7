package dev.lifeline.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files, to prove a command left them byte for byte unchanged. */
final class Checksums {
  private Checksums() {}

  /** The file's SHA-256, or {@code "absent"}. */
  static String sha256(Path file) {
    if (!Files.exists(file)) {
      return "absent";
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The database file and its write-ahead log together: what a write would change. An empty log counts as none
   * (SQLite may leave one behind after a read).
   */
  static String database(Path db) {
    Path wal = db.resolveSibling(db.getFileName() + "-wal");
    try {
      boolean noWal = !Files.exists(wal) || Files.size(wal) == 0;
      return sha256(db) + "/" + (noWal ? "no-wal" : sha256(wal));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
