package dev.lifeline.tmux;

import dev.lifeline.JobId;
import dev.lifeline.SessionNames;
import dev.lifeline.UntrustedPathException;
import dev.lifeline.spi.SessionHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
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
 *   RUN/lifeline-launch-v2.sh    the launch wrapper
 *   RUN/launches/ID-ATTEMPT.launch  what the attempt runs (also the "already started" marker)
 *   RUN/exits/ID-ATTEMPT.exit    the exit code, then the session name; renamed into place complete
 *   RUN/exits/.wake              touched by the tmux hooks to wake a waiting supervisor
 *   RUN/logs/ID-ATTEMPT.log      everything the session's pane printed
 * </pre>
 *
 * <p>Nothing in it is trusted unchecked ({@link TrustedFiles}): the directories and every file read or run must be
 * this user's, not writable by group or others, and of the expected kind, or an {@link UntrustedPathException} says
 * which and why. Directories are created owner-only, files owner-read/write. The run id and socket record, once
 * known, are kept in memory, so a directory deleted or replaced while sessions run can be recognised
 * ({@link #damage()}) and created again with the same id ({@link #prepare()}). Exit files are immutable once there,
 * so their parsed content is cached by name. Thread-safe.
 */
final class RunFiles {

  static final String SOCKET_RECORD = "tmux-socket";
  static final String WAKE = ".wake";
  static final String RUN_ID = "run-id";
  private static final Pattern RUN_ID_TEXT = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern EXIT_NAME = Pattern.compile("(\\d{1,18})-(\\d{1,9})\\.exit");
  private static final int SMALL_FILE = 4096;
  private static final FileAttribute<?> OWNER_ONLY_DIR =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<?> OWNER_ONLY_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  /** One parsed exit file. */
  record ExitRecord(SessionHandle handle, int code) {}

  /** What became of the run directory since this process first saw it. */
  enum Damage {
    /** As it was (or never prepared: there is nothing to lose). */
    NONE,
    /** It, its {@code exits/} or its run id file is gone. */
    GONE,
    /** Another directory (trusted, with no other run id) stands where it was. */
    REPLACED
  }

  private final Path root;
  private final Path exits;
  private final Path logs;
  private final Path launches;
  private final Map<String, ExitRecord> cache = new ConcurrentHashMap<>();
  private volatile String runId;
  private volatile Path recordedSocket;
  private volatile Object rootKey;

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
   * Checks what is already there, as a runtime opens: the directory, its subdirectories, the wrapper and the records
   * (nothing is created). A directory that is not there yet is fine.
   *
   * @throws UntrustedPathException when any of it is not trustworthy
   */
  void checkExisting() throws IOException {
    Optional<TrustedFiles.Checked> dir = TrustedFiles.directory(root, "The run directory");
    if (dir.isEmpty()) {
      return;
    }
    if (rootKey == null) {
      rootKey = dir.get().key();
    }
    for (Path sub : new Path[] {exits, logs, launches}) {
      TrustedFiles.directory(sub, "The run directory's");
    }
    TrustedFiles.regularFile(wrapper(), "The launch wrapper");
    runId();
    recordedSocket();
  }

  /**
   * The id that tags this directory's sessions, or empty when no session was ever started from it. Read once, then
   * kept (also when the directory is deleted later).
   *
   * @throws UntrustedPathException when the run id file is not trustworthy
   */
  Optional<String> runId() {
    String id = runId;
    if (id == null) {
      Optional<String> text = readRecord(root.resolve(RUN_ID), "The run id file");
      if (text.isPresent()) {
        if (!RUN_ID_TEXT.matcher(text.get().strip()).matches()) {
          // Without the id no session can be recognised, so every running job would look gone: refuse instead.
          throw new UntrustedPathException(root.resolve(RUN_ID), "The run id file " + root.resolve(RUN_ID)
              + " does not hold a run id (16 hex digits), so it was not written by Lifeline; sessions of this run"
              + " cannot be recognised until it is restored.");
        }
        runId = id = text.get().strip();
      }
    }
    return Optional.ofNullable(id);
  }

  /** True when there is no run id file (or no run directory) at all; a link or other kind there is not missing. */
  boolean runIdFileMissing() {
    return !Files.exists(root.resolve(RUN_ID), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Takes the run id kept elsewhere (by the tmux server) while this directory has none, so a directory created
   * again keeps it; ignored when this process already knows one or the text is not a run id.
   */
  Optional<String> adoptRunId(String id) {
    if (runId == null && RUN_ID_TEXT.matcher(id).matches()) {
      runId = id;
    }
    return Optional.ofNullable(runId);
  }

  /**
   * Creates what is missing (directories owner-only, the run id, the socket record when known) and checks the rest,
   * rewriting the wrapper when its text is not this version's: called before every launch, so a wrapper changed
   * since the last launch never runs. A directory created again keeps the run id and socket record this process
   * knew.
   *
   * @return the run id
   * @throws UntrustedPathException when anything there is not trustworthy; nothing is written then
   */
  String prepare() throws IOException {
    Object key = null;
    for (Path dir : new Path[] {root, exits, logs, launches}) {
      Optional<TrustedFiles.Checked> checked = TrustedFiles.directory(dir, dir == root ? "The run directory"
          : "The run directory's");
      if (checked.isEmpty()) {
        createOwnerOnly(dir);
        checked = TrustedFiles.directory(dir, "The created run directory");
      }
      if (dir == root) {
        key = checked.orElseThrow(() -> new IOException("the run directory " + root + " vanished")).key();
      }
    }
    Path wrapper = wrapper();
    Optional<byte[]> current = TrustedFiles.read(wrapper, "The launch wrapper", SMALL_FILE);
    if (current.isEmpty() || !Arrays.equals(current.get(), LaunchScript.TEXT.getBytes(StandardCharsets.UTF_8))) {
      writeAtomically(wrapper, LaunchScript.TEXT);
    }
    String known = runId;
    Optional<String> onDisk = readRecord(root.resolve(RUN_ID), "The run id file").map(String::strip);
    if (known != null && onDisk.isPresent() && !onDisk.get().equals(known)) {
      throw new UntrustedPathException(root, "The run directory " + root + " now holds the run id " + onDisk.get()
          + " instead of " + known + ", so it was replaced by another run's; remove it or use another directory.");
    }
    if (onDisk.isEmpty()) {
      String id = known != null ? known : String.format("%016x", new SecureRandom().nextLong());
      try (SeekableByteChannel out = Files.newByteChannel(root.resolve(RUN_ID), Set.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), OWNER_ONLY_FILE)) {
        out.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)));
      } catch (FileAlreadyExistsException e) {
        // another process created it first: use theirs
      }
    }
    Path socket = recordedSocket;
    if (socket != null && readRecord(socketRecord(), "The socket record").isEmpty()) {
      writeAtomically(socketRecord(), socket + "\n");
    }
    rootKey = key;
    runId = null;
    return runId().orElseThrow(() -> new IOException("the run id in " + root.resolve(RUN_ID) + " is unreadable"));
  }

  /**
   * Whether the directory was deleted or replaced since this process knew it (only once a run id is known: before,
   * no session can depend on it); when it is as it was, also checks what the next launch would trust (the
   * subdirectories and the wrapper), so an observation refuses them before a start would.
   *
   * @throws UntrustedPathException when what stands there now is not trustworthy, or holds another run's id
   */
  Damage damage() throws IOException {
    String known = runId;
    if (known == null) {
      return Damage.NONE;
    }
    Optional<TrustedFiles.Checked> dir = TrustedFiles.directory(root, "The run directory");
    if (dir.isEmpty()) {
      return Damage.GONE;
    }
    Optional<String> onDisk = readRecord(root.resolve(RUN_ID), "The run id file").map(String::strip);
    if (onDisk.isPresent() && !onDisk.get().equals(known)) {
      throw new UntrustedPathException(root, "The run directory " + root + " now holds the run id " + onDisk.get()
          + " instead of " + known + ", so it was replaced by another run's; remove it or use another directory.");
    }
    Object key = rootKey;
    if (key != null && !key.equals(dir.get().key())) {
      return Damage.REPLACED;
    }
    if (key == null) {
      rootKey = dir.get().key();
    }
    if (onDisk.isEmpty() || TrustedFiles.directory(exits, "The run directory's").isEmpty()) {
      return Damage.GONE;
    }
    // What the next launch would trust: refused here already, so a pass sees UNKNOWN and starts nothing.
    TrustedFiles.directory(launches, "The run directory's");
    TrustedFiles.directory(logs, "The run directory's");
    TrustedFiles.regularFile(wrapper(), "The launch wrapper");
    return Damage.NONE;
  }

  /**
   * Writes the attempt's launch file (owner-only), refusing when it already exists (the attempt was started before).
   *
   * @return false when the attempt already has a launch file
   * @throws UntrustedPathException when what is there is not a trusted launch file
   */
  boolean createLaunchFile(JobId id, int attempt, String text) throws IOException {
    Path file = launchFile(id, attempt);
    try (SeekableByteChannel out = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE), OWNER_ONLY_FILE)) {
      ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        out.write(b);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      TrustedFiles.regularFile(file, "The launch file"); // a planted link or FIFO is named as such
      return false;
    }
  }

  /**
   * Creates the attempt's (empty) log file, or checks the one there.
   *
   * @throws UntrustedPathException when a log file is there that is not trustworthy (the pane's output would go to
   *     wherever it points)
   */
  void createLogFile(JobId id, int attempt) throws IOException {
    Path file = logFile(id, attempt);
    try {
      Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY_FILE)
          .close();
    } catch (FileAlreadyExistsException e) {
      TrustedFiles.regularFile(file, "The log file");
    }
  }

  /** The socket path recorded at the first start, if any. Read until found, then kept. */
  Optional<Path> recordedSocket() {
    Path socket = recordedSocket;
    if (socket == null) {
      Optional<String> text = readRecord(socketRecord(), "The socket record");
      if (text.isPresent()) {
        String t = text.get().endsWith("\n") ? text.get().substring(0, text.get().length() - 1) : text.get();
        if (t.isEmpty() || !t.startsWith("/") || t.codePoints().anyMatch(Character::isISOControl)) {
          // Another server would be asked, and "no server there" would look like every session gone: refuse.
          throw new UntrustedPathException(socketRecord(), "The socket record " + socketRecord() + " does not hold"
              + " an absolute socket path, so it was not written by Lifeline; restore or remove it.");
        }
        recordedSocket = socket = Path.of(t);
      }
    }
    return Optional.ofNullable(socket);
  }

  void recordSocket(Path socket) throws IOException {
    writeAtomically(socketRecord(), socket + "\n");
    recordedSocket = socket;
  }

  /**
   * Every exit file's content by session: one directory listing, reading only files not seen before (each checked
   * first: a link, FIFO, directory or another user's file is refused unopened).
   *
   * @throws UntrustedPathException when the exit directory or an exit file is not trustworthy
   * @throws IOException when the directory exists but cannot be listed
   */
  Map<SessionHandle, Integer> exitCodes() throws IOException {
    Map<SessionHandle, Integer> codes = new HashMap<>();
    if (TrustedFiles.directory(exits, "The exit directory").isEmpty()) {
      cache.clear();
      return codes;
    }
    Set<String> listed = new HashSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(exits)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        ExitRecord record = cache.get(name);
        if (record == null) {
          if (!EXIT_NAME.matcher(name).matches()) {
            continue;
          }
          Optional<byte[]> bytes = TrustedFiles.read(file, "The exit file", SMALL_FILE);
          if (bytes.isEmpty()) {
            continue;
          }
          record = parseExit(name, new String(bytes.get(), StandardCharsets.UTF_8));
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

  private static Optional<String> readRecord(Path file, String what) {
    try {
      return TrustedFiles.read(file, what, SMALL_FILE).map(b -> new String(b, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
        + ThreadLocalRandom.current().nextInt(1 << 30));
    try {
      try (SeekableByteChannel out = Files.newByteChannel(tmp, Set.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), OWNER_ONLY_FILE)) {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void createOwnerOnly(Path dir) throws IOException {
    try {
      Files.createDirectories(dir, OWNER_ONLY_DIR);
    } catch (FileAlreadyExistsException raced) {
      // created meanwhile (by another process or a wrapper): checked by the caller
    }
  }
}
