package dev.lifeline.tmux;

import dev.lifeline.JobId;
import dev.lifeline.SessionNames;
import dev.lifeline.spi.SessionHandle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run directory's layout and the files in it:
 *
 * <pre>
 *   RUN/tmux-socket              the tmux server's absolute socket path, recorded at the first start
 *   RUN/run-id                   a random id tagging this directory's sessions ({@code @lifeline_run})
 *   RUN/lifeline-launch-v1.sh    the launch wrapper
 *   RUN/launches/ID-ATTEMPT.launch  what the attempt runs (also the "already started" marker)
 *   RUN/exits/ID-ATTEMPT.exit    the exit code, then the session name; renamed into place complete
 *   RUN/exits/.wake              touched by the tmux hooks to wake a waiting supervisor
 *   RUN/logs/ID-ATTEMPT.log      everything the session's pane printed
 * </pre>
 *
 * Directories are created owner-only. Exit files are immutable once there, so their parsed content is cached by
 * name. Thread-safe.
 */
final class RunFiles {

  static final String SOCKET_RECORD = "tmux-socket";
  static final String WAKE = ".wake";
  static final String RUN_ID = "run-id";
  private static final Pattern RUN_ID_TEXT = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern EXIT_NAME = Pattern.compile("(\\d{1,18})-(\\d{1,9})\\.exit");

  /** One parsed exit file. */
  record ExitRecord(SessionHandle handle, int code) {}

  private final Path root;
  private final Path exits;
  private final Path logs;
  private final Path launches;
  private final Map<String, ExitRecord> cache = new ConcurrentHashMap<>();
  private volatile String runId;
  private volatile Path recordedSocket;

  RunFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.exits = this.root.resolve("exits");
    this.logs = this.root.resolve("logs");
    this.launches = this.root.resolve("launches");
  }

  Path root() {
    return root;
  }

  Path exits() {
    return exits;
  }

  Path wrapper() {
    return root.resolve(LaunchScript.FILE_NAME);
  }

  Path wakeFile() {
    return exits.resolve(WAKE);
  }

  Path socketRecord() {
    return root.resolve(SOCKET_RECORD);
  }

  Path exitFile(JobId id, int attempt) {
    return exits.resolve(id.value() + "-" + attempt + ".exit");
  }

  Path tempExitFile(JobId id, int attempt) {
    return launches.resolve(id.value() + "-" + attempt + ".exit.tmp");
  }

  Path logFile(JobId id, int attempt) {
    return logs.resolve(id.value() + "-" + attempt + ".log");
  }

  Path launchFile(JobId id, int attempt) {
    return launches.resolve(id.value() + "-" + attempt + ".launch");
  }

  /**
   * The id that tags this directory's sessions, or empty when no session was ever started from it. Read once, then
   * cached.
   */
  Optional<String> runId() {
    String id = runId;
    if (id == null) {
      try {
        String text = Files.readString(root.resolve(RUN_ID), StandardCharsets.UTF_8).strip();
        if (RUN_ID_TEXT.matcher(text).matches()) {
          runId = id = text;
        }
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(id);
  }

  /**
   * Creates the directories (owner-only), the run id when missing, and the wrapper when it is missing or differs.
   *
   * @return the run id
   */
  String prepare() throws IOException {
    for (Path dir : new Path[] {root, exits, logs, launches}) {
      if (!Files.isDirectory(dir)) {
        createOwnerOnly(dir);
      }
    }
    Path wrapper = wrapper();
    boolean current;
    try {
      current = Files.readString(wrapper, StandardCharsets.UTF_8).equals(LaunchScript.TEXT);
    } catch (NoSuchFileException e) {
      current = false;
    }
    if (!current) {
      writeAtomically(wrapper, LaunchScript.TEXT);
    }
    Optional<String> id = runId();
    if (id.isPresent()) {
      return id.get();
    }
    String fresh = String.format("%016x", new java.security.SecureRandom().nextLong());
    try {
      Files.writeString(root.resolve(RUN_ID), fresh + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      // another process created it first: use theirs
    }
    return runId().orElseThrow(() -> new IOException("the run id in " + root.resolve(RUN_ID) + " is unreadable"));
  }

  /**
   * Writes the attempt's launch file, refusing when it already exists (the attempt was started before).
   *
   * @return false when the attempt already has a launch file
   */
  boolean createLaunchFile(JobId id, int attempt, String text) throws IOException {
    try {
      Files.writeString(launchFile(id, attempt), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  /** The socket path recorded at the first start, if any. Read until found, then cached. */
  Optional<Path> recordedSocket() {
    Path socket = recordedSocket;
    if (socket == null) {
      try {
        String text = Files.readString(socketRecord(), StandardCharsets.UTF_8);
        text = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (!text.isEmpty() && text.startsWith("/")) {
          recordedSocket = socket = Path.of(text);
        }
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(socket);
  }

  void recordSocket(Path socket) throws IOException {
    writeAtomically(socketRecord(), socket + "\n");
    recordedSocket = socket;
  }

  /**
   * Every exit file's content by session: one directory listing, reading only files not seen before.
   *
   * @throws IOException when the directory exists but cannot be listed
   */
  Map<SessionHandle, Integer> exitCodes() throws IOException {
    Map<SessionHandle, Integer> codes = new HashMap<>();
    if (!Files.isDirectory(exits)) {
      cache.clear();
      return codes;
    }
    Set<String> listed = new HashSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(exits)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        ExitRecord record = cache.get(name);
        if (record == null) {
          record = read(file, name);
          if (record == null) {
            continue;
          }
          cache.put(name, record);
        }
        listed.add(name);
        codes.put(record.handle(), record.code());
      }
    }
    cache.keySet().retainAll(listed);
    return codes;
  }

  private static ExitRecord read(Path file, String name) {
    if (!EXIT_NAME.matcher(name).matches()) {
      return null;
    }
    try {
      return parseExit(name, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Parses an exit file: its name is {@code ID-ATTEMPT.exit}, its first line the exit code and its second line the
   * session name. Returns {@code null} for anything else.
   */
  static ExitRecord parseExit(String fileName, String content) {
    Matcher m = EXIT_NAME.matcher(fileName);
    if (!m.matches()) {
      return null;
    }
    String[] lines = content.split("\n", -1);
    if (lines.length < 2) {
      return null;
    }
    try {
      long id = Long.parseLong(m.group(1));
      int attempt = Integer.parseInt(m.group(2));
      int code = Integer.parseInt(lines[0].strip());
      String session = lines[1].strip();
      if (id <= 0 || attempt < 1 || !SessionNames.isSafe(session)) {
        return null;
      }
      return new ExitRecord(new SessionHandle(JobId.of(id), attempt, session), code);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
        + ThreadLocalRandom.current().nextInt(1 << 30));
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void createOwnerOnly(Path dir) throws IOException {
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir);
    }
  }
}
