package dev.lifeline.tmux;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.RuntimeUnavailableException;
import dev.lifeline.SessionNames;
import dev.lifeline.UntrustedPathException;
import dev.lifeline.spi.Launch;
import dev.lifeline.spi.LaunchException;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.spi.SessionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link SessionRuntime} that runs every job attempt in its own tmux session.
 *
 * <ul>
 *   <li><b>Own server, exact targets.</b> Every tmux call names the runtime's socket ({@code -L NAME} until the first
 *       start, then the absolute socket path recorded in the run directory, so a process with another
 *       {@code TMUX_TMPDIR} still finds the server) and exact targets ({@code =NAME}); the server is started with
 *       {@code -f /dev/null}, so no user configuration applies.
 *   <li><b>Tagged sessions.</b> Each session carries {@code @lifeline_job}, {@code @lifeline_attempt} and
 *       {@code @lifeline_run} (the run directory's id), set in the same tmux command that creates it. Sessions without
 *       the tags, or tagged by another run directory, are never reported or stopped.
 *   <li><b>Exact argv.</b> The job's argv, environment and working directory reach the program byte for byte through
 *       a launch file read by a small {@code /bin/sh} wrapper; nothing is run as shell code and no environment name
 *       can change the wrapper (the variables are set by {@code env(1)}). A value that cannot be carried exactly (a
 *       NUL, an unpaired surrogate, an environment name that is not a variable name) is refused before anything runs.
 *   <li><b>Trusted files only.</b> The run directory, its subdirectories and every file read or run from it (the
 *       wrapper before each launch, launch, log and exit files) must be this user's, not writable by group or others,
 *       and of the expected kind (never a link or FIFO); otherwise {@link UntrustedPathException}, or an UNKNOWN
 *       observation, and nothing runs. A run directory deleted or replaced while sessions run makes observations
 *       UNKNOWN until none of them is alive; then it is created again with the same run id.
 *   <li><b>Exit files.</b> The wrapper writes the exit code to {@link #exitFile} atomically when the program ends;
 *       that file is the authoritative exit signal, read together with one {@code list-panes -a} per
 *       {@link #observeAll()}. Everything the pane prints goes to {@link #logFile}.
 *   <li><b>Events.</b> {@link #awaitChange} wakes within milliseconds when an exit file appears or when tmux's
 *       {@code pane-exited} / {@code session-closed} hooks (installed on this server only) touch a file in the run
 *       directory; polling is only the backstop.
 * </ul>
 *
 * <p>Create one with {@link #create(Path)} or {@link #builder()}; {@link #close()} stops watching and never ends
 * sessions. Thread-safe.
 */
public final class TmuxSessionRuntime implements SessionRuntime {

  /** The socket name used unless the builder names another. */
  public static final String DEFAULT_SOCKET = "lifeline";

  private static final Pattern SOCKET_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final List<String> ENV_CANDIDATES = List.of("/usr/bin/env", "/bin/env");
  private static final String ENV_PROGRAM = findEnvProgram();

  private final String socket;
  private final Map<String, String> jobEnvironment;
  private final List<String> jobUnset;
  private final RunFiles files;
  private final TmuxClient client;
  private final boolean hooks;
  private final Clock clock;
  private final Object startLock = new Object();
  private final Object watchLock = new Object();
  private volatile TmuxVersion version;
  private volatile ChangeWatcher watcher;
  private volatile boolean closed;

  private TmuxSessionRuntime(Builder b) {
    this.socket = b.socket;
    this.files = new RunFiles(b.runDirectory);
    this.client = new TmuxClient(b.tmux, b.environment, b.unset, b.commandTimeout);
    this.jobEnvironment = Map.copyOf(b.environment);
    this.jobUnset = List.copyOf(b.unset);
    this.hooks = b.hooks;
    this.clock = b.clock;
    try {
      files.checkExisting();
    } catch (IOException e) {
      throw new UntrustedPathException(files.root(), "The run directory " + files.root() + " cannot be checked ("
          + e.getMessage() + "), so Lifeline cannot trust it.");
    }
  }

  /**
   * A runtime on the socket {@value #DEFAULT_SOCKET} keeping its run files in {@code runDirectory}.
   *
   * @throws UntrustedPathException when the run directory exists but is not trustworthy
   */
  public static TmuxSessionRuntime create(Path runDirectory) {
    return builder().runDirectory(runDirectory).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---- information ----------------------------------------------------------------------------------------------

  /** The socket name ({@code -L}). */
  public String socket() {
    return socket;
  }

  /** The run directory (absolute). */
  public Path runDirectory() {
    return files.root();
  }

  /**
   * The absolute path of this runtime's tmux socket: the one recorded in the run directory at the first start, or
   * else where {@code tmux -L NAME} puts it for this runtime's environment ({@code $TMUX_TMPDIR} or {@code /tmp},
   * then {@code tmux-UID/NAME}).
   */
  public Path socketPath() {
    return files.recordedSocket().orElseGet(this::expectedSocketPath);
  }

  /** Where the attempt's exit file is (or will be): its first line is the exit code, its second the session name. */
  public Path exitFile(JobId id, int attempt) {
    return files.exitFile(Objects.requireNonNull(id, "id"), attempt);
  }

  /** Where everything the attempt's pane printed is (or will be) appended. */
  public Path logFile(JobId id, int attempt) {
    return files.logFile(Objects.requireNonNull(id, "id"), attempt);
  }

  /**
   * Checks that tmux can be used.
   *
   * @return the tmux version (for example {@code 3.3a})
   * @throws RuntimeUnavailableException with one sentence when tmux is absent, too old (before 3.2) or not answering
   */
  public String checkAvailable() {
    String problem = availabilityProblem();
    if (problem != null) {
      throw new RuntimeUnavailableException(problem);
    }
    return version.text();
  }

  // ---- SessionRuntime -------------------------------------------------------------------------------------------

  @Override
  public SessionHandle start(Job job) throws LaunchException {
    Objects.requireNonNull(job, "job");
    String launchText = launchText(job);
    JobId id = job.id();
    int attempt = job.attempt();
    String name = job.session();
    synchronized (startLock) {
      String runId = prepareRun();
      createFiles(job, launchText);
      watchQuietly();
      Optional<Path> recorded = usableRecordedSocket();
      List<List<String>> commands = startCommands(id, attempt, name, runId, recorded.isEmpty(), true);
      TmuxClient.Result r = runPastExitingServer(global(recorded), commands);
      if (!r.succeeded()) {
        throw launchFailed(job, r, r.firstLine());
      }
      if (recorded.isEmpty()) {
        recordSocket(r.output());
      }
      return new SessionHandle(id, attempt, name);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The sessions of the batch are started by one tmux client call per 16 sessions (fewer when their commands would
   * not fit in one tmux message). When tmux refuses one (a
   * duplicate name), the sessions before it run, it fails alone, and the ones after it are started again without it.
   */
  @Override
  public List<Launch> startAll(List<Job> jobs) {
    Objects.requireNonNull(jobs, "jobs");
    if (jobs.size() < 2) {
      return SessionRuntime.super.startAll(jobs);
    }
    Launch[] out = new Launch[jobs.size()];
    List<Integer> pending = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      try {
        texts.add(launchText(Objects.requireNonNull(jobs.get(i), "job")));
        pending.add(i);
      } catch (RuntimeException e) {
        texts.add(null);
        out[i] = Launch.failed(jobs.get(i), e);
      }
    }
    synchronized (startLock) {
      String runId = null;
      try {
        runId = prepareRun();
      } catch (RuntimeException e) {
        for (int i : pending) {
          out[i] = Launch.failed(jobs.get(i), e);
        }
        pending.clear();
      }
      for (Iterator<Integer> it = pending.iterator(); it.hasNext(); ) {
        int i = it.next();
        try {
          createFiles(jobs.get(i), texts.get(i));
        } catch (RuntimeException e) {
          out[i] = Launch.failed(jobs.get(i), e);
          it.remove();
        }
      }
      if (!pending.isEmpty()) {
        watchQuietly();
        for (int from = 0; from < pending.size(); from += LAUNCH_CALL) {
          launchSplitting(jobs, new ArrayList<>(pending.subList(from, Math.min(pending.size(), from + LAUNCH_CALL))),
              runId, out);
        }
      }
    }
    return List.of(out);
  }

  /**
   * The most sessions one tmux client call starts. tmux refuses a command line longer than its message size (16 KB,
   * "command too long"), and one session's commands hold several paths of the run directory, so a call that is still
   * too long is split in halves until it fits.
   */
  private static final int LAUNCH_CALL = 16;

  /** What tmux answers for a command line above its message size: nothing of it ran. */
  private static final String TOO_LONG = "command too long";

  /** {@link #launchBatch}, halving a batch tmux finds too long (nothing of it ran) until every part fits. */
  private void launchSplitting(List<Job> jobs, List<Integer> pending, String runId, Launch[] out) {
    if (pending.size() > 1 && tooLong(jobs, pending, runId)) {
      int half = pending.size() / 2;
      launchSplitting(jobs, new ArrayList<>(pending.subList(0, half)), runId, out);
      launchSplitting(jobs, new ArrayList<>(pending.subList(half, pending.size())), runId, out);
      return;
    }
    launchBatch(jobs, pending, runId, out);
  }

  /** True when the batch's commands, as the client sends them, would likely exceed tmux's message size. */
  private boolean tooLong(List<Job> jobs, List<Integer> pending, String runId) {
    long bytes = 0;
    for (int k = 0; k < pending.size(); k++) {
      Job job = jobs.get(pending.get(k));
      for (List<String> command : startCommands(job.id(), job.attempt(), job.session(), runId, true, k == 0)) {
        for (String arg : command) {
          bytes += arg.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 8;
        }
      }
    }
    return bytes > 12_000;
  }

  /** The marker a batched start prints once a job's session is fully set up. */
  private static final String LAUNCHED = "lifeline-launched ";

  /** Starts {@code pending} (whose files exist) in one client call; under the start lock. */
  private void launchBatch(List<Job> jobs, List<Integer> pending, String runId, Launch[] out) {
    Optional<Path> recorded = usableRecordedSocket();
    List<List<String>> commands = new ArrayList<>();
    for (int k = 0; k < pending.size(); k++) {
      Job job = jobs.get(pending.get(k));
      commands.addAll(startCommands(job.id(), job.attempt(), job.session(), runId, false, k == 0));
      commands.add(List.of("display-message", "-p", LAUNCHED + k));
    }
    if (recorded.isEmpty()) {
      Job last = jobs.get(pending.get(pending.size() - 1));
      commands.add(List.of("display-message", "-p", "-t", "=" + last.session() + ":", "#{socket_path}"));
    }
    TmuxClient.Result r = runPastExitingServer(global(recorded), commands);
    if (r.succeeded()) {
      for (int i : pending) {
        Job job = jobs.get(i);
        out[i] = Launch.started(job, new SessionHandle(job.id(), job.attempt(), job.session()));
      }
      if (recorded.isEmpty()) {
        recordSocket(r.output());
      }
      return;
    }
    if (pending.size() > 1 && r.outcome() == TmuxClient.Outcome.EXITED && r.firstLine().startsWith(TOO_LONG)) {
      int half = pending.size() / 2; // refused as a whole before anything ran: try the halves
      launchBatch(jobs, new ArrayList<>(pending.subList(0, half)), runId, out);
      launchBatch(jobs, new ArrayList<>(pending.subList(half, pending.size())), runId, out);
      return;
    }
    Set<Integer> done = new HashSet<>();
    String error = null;
    for (String line : r.output().split("\n")) {
      if (line.startsWith(LAUNCHED)) {
        done.add(Integer.parseInt(line.substring(LAUNCHED.length()).strip()));
      } else if (error == null && !line.isBlank()) {
        error = line.strip();
      }
    }
    int failed = -1;
    for (int k = 0; k < pending.size(); k++) {
      Job job = jobs.get(pending.get(k));
      if (done.contains(k)) {
        out[pending.get(k)] = Launch.started(job, new SessionHandle(job.id(), job.attempt(), job.session()));
      } else if (failed < 0 || r.outcome() != TmuxClient.Outcome.EXITED) {
        failed = k;
        out[pending.get(k)] = Launch.failed(job, launchFailed(job, r, error != null ? error : r.firstLine()));
      } else {
        deleteQuietly(files.launchFile(job.id(), job.attempt())); // never tried: started again below
      }
    }
    if (r.outcome() == TmuxClient.Outcome.EXITED && failed >= 0 && failed + 1 < pending.size()) {
      List<Job> rest = new ArrayList<>();
      List<Integer> restAt = new ArrayList<>();
      for (int k = failed + 1; k < pending.size(); k++) {
        rest.add(jobs.get(pending.get(k)));
        restAt.add(pending.get(k));
      }
      List<Launch> again = startAll(rest);
      for (int k = 0; k < again.size(); k++) {
        out[restAt.get(k)] = again.get(k);
      }
    }
  }

  /** Checks {@code job} and writes its launch record's text; nothing is written on disk yet. */
  private String launchText(Job job) {
    JobId id = job.id();
    int attempt = job.attempt();
    String name = job.session();
    if (attempt < 1 || name == null) {
      throw new LaunchException("job " + id + " has not been started by the lifecycle (it has no attempt or session).");
    }
    if (!SessionNames.isSafe(name)) {
      throw new LaunchException("job " + id + " has the session name '" + printable(name)
          + "', which is not a safe tmux name (only letters, digits, _ and -, at most " + SessionNames.MAX_LENGTH
          + " characters).");
    }
    String problem = availabilityProblem();
    if (problem != null) {
      throw new RuntimeUnavailableException(problem);
    }
    try {
      String given = job.spec().cwd() == null ? System.getProperty("user.dir") : job.spec().cwd();
      LaunchRecord.check(given, "the working directory");
      Path cwd = Path.of(given).toAbsolutePath().normalize();
      if (!Files.isDirectory(cwd)) {
        throw new LaunchException("the working directory " + cwd + " of job " + id + " does not exist.");
      }
      Map<String, String> env = new LinkedHashMap<>(jobEnvironment);
      env.putAll(job.spec().env());
      return LaunchRecord.of(files.exitFile(id, attempt).toString(), files.tempExitFile(id, attempt).toString(),
          name, cwd.toString(), env, jobUnset, job.spec().argv(), envProgram(job, env)).encode();
    } catch (IllegalArgumentException e) { // also InvalidPathException
      throw new LaunchException("job " + id + " cannot be started: " + e.getMessage(), e);
    }
  }

  /** Checks and repairs the run directory before a launch; returns the run's id. Under the start lock. */
  private String prepareRun() {
    try {
      if (files.damage() != RunFiles.Damage.NONE) {
        throw new RuntimeUnavailableException("the run directory " + files.root() + " was deleted or replaced"
            + " while sessions ran; nothing starts until an observation has found no session of this run alive.");
      }
      // Checked and repaired before every launch: a wrapper changed since the last one never runs.
      return files.prepare();
    } catch (IOException e) {
      throw new LaunchException("the run directory " + files.root() + " cannot be written: " + e.getMessage(), e);
    }
  }

  /** Creates the attempt's launch file (once only) and log file. Under the start lock. */
  private void createFiles(Job job, String launchText) {
    JobId id = job.id();
    int attempt = job.attempt();
    try {
      if (!files.createLaunchFile(id, attempt, launchText)) {
        throw new LaunchException("job " + id + " attempt " + attempt + " was already started (its launch file "
            + files.launchFile(id, attempt) + " exists).");
      }
      files.createLogFile(id, attempt);
    } catch (IOException e) {
      deleteQuietly(files.launchFile(id, attempt));
      throw new LaunchException("the run directory " + files.root() + " cannot be written: " + e.getMessage(), e);
    }
  }

  /** Cleans up after tmux refused {@code job}'s start, and says why; {@code why} is tmux's own line. */
  private RuntimeException launchFailed(Job job, TmuxClient.Result r, String why) {
    JobId id = job.id();
    int attempt = job.attempt();
    if (r.outcome() == TmuxClient.Outcome.EXITED && !why.startsWith("duplicate session")) {
      // A command after new-session failed: end the half-started session (only if it carries our tags).
      stopQuietly(new SessionHandle(id, attempt, job.session()));
    }
    if (r.outcome() != TmuxClient.Outcome.TIMED_OUT) {
      deleteQuietly(files.launchFile(id, attempt));
    }
    if (r.outcome() == TmuxClient.Outcome.NOT_FOUND) {
      return new RuntimeUnavailableException(r.output() + "; install tmux 3.2 or newer.");
    }
    return new LaunchException("tmux could not start session " + job.session() + " for job " + id + ": " + why);
  }

  @Override
  public Observation observeAll() {
    Instant at = clock.instant();
    try {
      String problem = availabilityProblem();
      if (problem != null) {
        return Observation.unknown(at, problem);
      }
      List<List<String>> listPanes = List.of(List.of("list-panes", "-a", "-F", PaneListing.FORMAT));
      TmuxClient.Result r = runPastExitingServer(global(files.recordedSocket()), listPanes);
      Map<SessionHandle, Boolean> panes;
      if (r.succeeded()) {
        Optional<String> runId = files.runId();
        if (runId.isEmpty() && files.runIdFileMissing()) {
          runId = runIdKeptByServer();
        }
        panes = runId.isPresent() ? PaneListing.parse(r.output(), runId.get()) : Map.of();
      } else if (r.noServer() || r.noSessions()) {
        panes = Map.of();
      } else {
        return Observation.unknown(at, reason(r));
      }
      RunFiles.Damage damage = files.damage();
      if (damage != RunFiles.Damage.NONE) {
        return damaged(at, damage, panes);
      }
      // Exit files are read after tmux answered: a session that was gone by then wrote its exit file before it went.
      Map<SessionHandle, Integer> exits = files.exitCodes();
      watchQuietly();
      Map<SessionHandle, SessionStatus> sessions = new HashMap<>();
      panes.forEach((h, alive) -> {
        if (alive) {
          sessions.put(h, SessionStatus.ALIVE);
        }
      });
      exits.forEach((h, code) -> sessions.put(h, SessionStatus.exited(code)));
      return Observation.ok(at, sessions);
    } catch (UntrustedPathException e) {
      return Observation.unknown(at, e.getMessage());
    } catch (IOException e) {
      return Observation.unknown(at, "the run directory " + files.root() + " cannot be read: " + e.getMessage());
    } catch (RuntimeException e) {
      return Observation.unknown(at, "observing tmux failed unexpectedly: " + e);
    }
  }

  /**
   * The run id this run directory's sessions carry, as the server keeps it (a hidden global variable set with every
   * start): for a process that starts while the directory is gone, so a directory created again keeps its id.
   */
  private Optional<String> runIdKeptByServer() {
    TmuxClient.Result r = client.run(global(files.recordedSocket()),
        List.of(List.of("show-environment", "-g", "-h", runIdVariable())));
    String prefix = runIdVariable() + "=";
    String line = r.succeeded() ? r.output().strip() : "";
    if (!line.startsWith(prefix)) {
      return Optional.empty();
    }
    return files.adoptRunId(line.substring(prefix.length()).strip());
  }

  /** The hidden server variable that keeps this run directory's id: named after a hash of its path. */
  private String runIdVariable() {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
          .digest(files.root().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder("LIFELINE_RUN_");
      for (int i = 0; i < 8; i++) {
        sb.append(String.format("%02x", hash[i] & 0xff));
      }
      return sb.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The run directory was deleted or replaced (finding: a finished job whose exit file went with it must not be
   * called lost and run again). While any session of this run is alive, nothing is concluded: its wrapper creates
   * the directory again for its exit file when it ends. When none is alive, the directory is created again with the
   * same run id and socket record; that observation is still UNKNOWN, so the supervisor says so, and the next one
   * reads the exit files written meanwhile.
   */
  private Observation damaged(Instant at, RunFiles.Damage damage, Map<SessionHandle, Boolean> panes)
      throws IOException {
    long alive = panes.values().stream().filter(Boolean::booleanValue).count();
    String what = "the run directory " + files.root() + (damage == RunFiles.Damage.GONE ? " (or part of it) was deleted"
        : " was replaced");
    if (alive > 0) {
      return Observation.unknown(at, what + " while " + alive + " session(s) of this run still run; nothing is"
          + " concluded until they have ended and written their exit codes.");
    }
    String runId;
    synchronized (startLock) {
      runId = files.prepare();
    }
    return Observation.unknown(at, what + "; no session of this run was running, so it was created again with run id "
        + runId + ", and the next observation reads the exit codes written meanwhile.");
  }

  /**
   * Ends the handle's session if it is there and carries this run directory's tags for the handle's job and attempt
   * (checked by tmux itself in the same command, so a session that is not ours is never touched).
   *
   * @throws RuntimeUnavailableException when tmux is absent, does not answer or fails in another way
   */
  @Override
  public void stop(SessionHandle handle) {
    Objects.requireNonNull(handle, "handle");
    if (!SessionNames.isSafe(handle.name())) {
      return;
    }
    Optional<String> runId = files.runId();
    if (runId.isEmpty()) {
      return;
    }
    String target = "=" + handle.name();
    String ours = "#{&&:#{==:#{@lifeline_run}," + runId.get() + "},#{&&:#{==:#{@lifeline_job},"
        + handle.jobId().value() + "},#{==:#{@lifeline_attempt}," + handle.attempt() + "}}}";
    TmuxClient.Result r = client.run(global(files.recordedSocket()),
        List.of(List.of("if-shell", "-F", "-t", target + ":", ours, "kill-session -t " + target)));
    if (r.succeeded() || r.noServer() || r.serverGoneMidway() || r.firstLine().startsWith("can't find session")) {
      return;
    }
    throw new RuntimeUnavailableException(r.outcome() == TmuxClient.Outcome.EXITED
        ? "tmux could not stop session " + handle.name() + ": " + r.firstLine()
        : reason(r));
  }

  @Override
  public boolean awaitChange(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    if (closed) {
      return false;
    }
    ChangeWatcher w = watcher;
    if (w == null) {
      try {
        if (files.damage() == RunFiles.Damage.NONE) {
          synchronized (startLock) {
            files.prepare();
          }
          w = watcher();
        }
      } catch (IOException | RuntimeException e) {
        w = null;
      }
    }
    if (w == null) {
      Thread.sleep(Math.max(0, timeout.toMillis()));
      return false;
    }
    return w.await(timeout);
  }

  /** Stops watching the run directory. Sessions keep running. Idempotent. */
  @Override
  public void close() {
    synchronized (watchLock) {
      closed = true;
      if (watcher != null) {
        watcher.close();
        watcher = null;
      }
    }
  }

  /**
   * Ends this runtime's tmux server and with it every session on it (tagged or not), then removes the socket file
   * tmux leaves behind: for demos and tests. A server that is not running is not an error.
   *
   * @throws RuntimeUnavailableException when tmux is absent or the server could not be ended
   */
  public void killServer() {
    TmuxClient.Result r = client.run(global(files.recordedSocket()), List.of(List.of("kill-server")));
    if (r.succeeded() || r.noServer() || r.serverGoneMidway()) {
      try {
        java.nio.file.Files.deleteIfExists(socketPath());
      } catch (java.io.IOException | SecurityException ignored) {
        // The server is gone; a socket file we cannot remove is only litter.
      }
      return;
    }
    throw new RuntimeUnavailableException(r.outcome() == TmuxClient.Outcome.EXITED
        ? "tmux could not end its server on " + socketPath() + ": " + r.firstLine()
        : reason(r));
  }

  @Override
  public String toString() {
    return "TmuxSessionRuntime[socket=" + socket + ", runDirectory=" + files.root() + "]";
  }

  // ---- internals ------------------------------------------------------------------------------------------------

  /**
   * The commands that start and tag one attempt's session; {@code serverWide} adds the server's run id and wake-up
   * hooks (the same for every session, so a batch sets them once).
   */
  private List<List<String>> startCommands(JobId id, int attempt, String name, String runId, boolean askSocket,
      boolean serverWide) {
    String session = "=" + name;
    String window = session + ":";
    List<List<String>> cmds = new ArrayList<>();
    cmds.add(List.of("new-session", "-d", "-s", name, "--", "/bin/sh", files.wrapper().toString(),
        files.launchFile(id, attempt).toString()));
    cmds.add(List.of("set-option", "-t", window, "@lifeline_run", runId));
    cmds.add(List.of("set-option", "-t", window, "@lifeline_job", Long.toString(id.value())));
    cmds.add(List.of("set-option", "-t", window, "@lifeline_attempt", Integer.toString(attempt)));
    cmds.add(List.of("set-option", "-w", "-t", window, "remain-on-exit", "off"));
    if (serverWide) {
      cmds.add(List.of("set-environment", "-g", "-h", runIdVariable(), runId));
    }
    cmds.add(List.of("pipe-pane", "-t", window, "exec cat >> " + shellFormatQuote(files.logFile(id, attempt))));
    if (hooks && serverWide) {
      // A hidden global variable: not passed to jobs, read by the hook as a shell-quoted format.
      String variable = "LIFELINE_WAKE_" + runId;
      String hookIndex = "[" + (Long.remainderUnsigned(Long.parseUnsignedLong(runId, 16), 900_000L) + 100_000L) + "]";
      String notify = "run-shell -b 'command -p touch #{q:" + variable + "} >/dev/null 2>&1 || true'";
      cmds.add(List.of("set-environment", "-g", "-h", variable, files.wakeFile().toString()));
      cmds.add(List.of("set-hook", "-g", "pane-exited" + hookIndex, notify));
      cmds.add(List.of("set-hook", "-g", "session-closed" + hookIndex, notify));
    }
    if (askSocket) {
      cmds.add(List.of("display-message", "-p", "-t", window, "#{socket_path}"));
    }
    return cmds;
  }

  /**
   * Runs the commands, asking again (up to three times, 5 to 20 ms apart) while the server answers that it exited
   * in the middle of the call: it was shutting down (its last session closed, or it was killed), and the next call
   * gets "no server" or a fresh server.
   */
  private TmuxClient.Result runPastExitingServer(List<String> global, List<List<String>> commands) {
    TmuxClient.Result r = client.run(global, commands);
    for (long pause = 5; r.serverGoneMidway() && pause <= 20; pause *= 2) {
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return r;
      }
      r = client.run(global, commands);
    }
    return r;
  }

  /**
   * {@code path} as one single-quoted shell word, with {@code #} and {@code %} doubled: tmux expands formats
   * ({@code #{..}}) and then strftime sequences ({@code %s}) in a {@code pipe-pane} command.
   */
  static String shellFormatQuote(Path path) {
    return ("'" + path.toString().replace("'", "'\\''") + "'").replace("#", "##").replace("%", "%%");
  }

  private List<String> global(Optional<Path> recordedSocket) {
    return recordedSocket.map(p -> List.of("-f", "/dev/null", "-S", p.toString()))
        .orElseGet(() -> List.of("-f", "/dev/null", "-L", socket));
  }

  /** The recorded socket, unless its directory is gone (after a reboot); then the next start records it anew. */
  private Optional<Path> usableRecordedSocket() {
    return files.recordedSocket().filter(p -> p.getParent() != null && Files.isDirectory(p.getParent()));
  }

  private void recordSocket(String output) {
    String[] lines = output.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    Path path = last.startsWith("/") ? Path.of(last) : expectedSocketPath();
    try {
      files.recordSocket(path);
    } catch (IOException e) {
      // The session runs; observations keep using -L until a later start manages to record the path.
    }
  }

  private Path expectedSocketPath() {
    String base = client.environment().get("TMUX_TMPDIR");
    if (base == null || base.isEmpty()) {
      base = "/tmp";
    }
    Path dir = Path.of(base, "tmux-" + uid());
    try {
      dir = dir.toRealPath();
    } catch (IOException e) {
      dir = dir.toAbsolutePath().normalize();
    }
    return dir.resolve(socket);
  }

  private static long uid() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid();
    } catch (LinkageError | RuntimeException e) {
      try {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
      } catch (IOException | RuntimeException e2) {
        return 0;
      }
    }
  }

  /** Null when tmux is usable (the version is checked once), else the one-sentence reason. */
  private String availabilityProblem() {
    if (version != null) {
      return null;
    }
    TmuxClient.Result r = client.runPlain(List.of("-V"));
    if (r.outcome() == TmuxClient.Outcome.NOT_FOUND) {
      return r.output() + "; install tmux 3.2 or newer.";
    }
    if (!r.succeeded()) {
      return reason(r);
    }
    TmuxVersion v = TmuxVersion.parse(r.output());
    if (v == null) {
      return "'" + client.resolveBinary().map(Path::toString).orElse("tmux") + " -V' did not report a tmux version"
          + " (it printed '" + printable(r.firstLine()) + "').";
    }
    if (!v.supported()) {
      return "tmux " + v.text() + " is too old; Lifeline needs tmux 3.2 or newer.";
    }
    version = v;
    return null;
  }

  private static String reason(TmuxClient.Result r) {
    switch (r.outcome()) {
      case EXITED:
        return "tmux failed: " + r.firstLine();
      case NOT_FOUND:
        return r.output() + "; install tmux 3.2 or newer.";
      default:
        return r.output();
    }
  }

  private ChangeWatcher watcher() throws IOException {
    synchronized (watchLock) {
      if (closed) {
        return null;
      }
      if (watcher == null) {
        watcher = ChangeWatcher.open(files.exits());
      }
      return watcher;
    }
  }

  /** Starts watching as soon as the exit directory exists, so no change after an observation is missed. */
  private void watchQuietly() {
    if (watcher != null || closed || !Files.isDirectory(files.exits())) {
      return;
    }
    try {
      watcher();
    } catch (IOException | RuntimeException e) {
      // awaitChange retries; until then the supervisor's poll is the backstop
    }
  }

  private void stopQuietly(SessionHandle handle) {
    try {
      stop(handle);
    } catch (RuntimeException e) {
      // the launch is reported as failed either way; a leftover tagged session is an orphan the supervisor sees
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the attempt is reported as not started either way
    }
  }

  private static String printable(String s) {
    return Printable.of(s);
  }

  /** The absolute {@code env(1)} the launch uses when it sets or removes variables. */
  private String envProgram(Job job, Map<String, String> env) {
    if (env.isEmpty() && jobUnset.isEmpty()) {
      return null;
    }
    if (ENV_PROGRAM == null) {
      throw new LaunchException("job " + job.id() + " sets or removes environment variables, but no env program was"
          + " found at "
          + String.join(" or ", ENV_CANDIDATES) + ".");
    }
    return ENV_PROGRAM;
  }

  private static String findEnvProgram() {
    for (String candidate : ENV_CANDIDATES) {
      Path p = Path.of(candidate);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return candidate;
      }
    }
    return null;
  }

  /** Builds a {@link TmuxSessionRuntime}; not thread-safe. */
  public static final class Builder {
    private String socket = DEFAULT_SOCKET;
    private Path runDirectory;
    private String tmux = "tmux";
    private Duration commandTimeout = Duration.ofSeconds(5);
    private boolean hooks = true;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final java.util.Set<String> unset = new java.util.LinkedHashSet<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The socket name given to {@code tmux -L} (letters, digits, _ and -); default {@value #DEFAULT_SOCKET}. */
    public Builder socket(String name) {
      Objects.requireNonNull(name, "name");
      if (!SOCKET_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("the socket name '" + printable(name)
            + "' may hold only letters, digits, _ and - (1 to 64 characters).");
      }
      this.socket = name;
      return this;
    }

    /**
     * Where exit files, logs and launch files live (required); the CLI uses {@code <db file name>.runs/}. Its absolute
     * path is handed to tmux (the log pipe, the hooks' wake file), which cannot carry control characters exactly, so
     * a path holding one (a newline, a tab, ESC …) is refused.
     *
     * @throws IllegalArgumentException with one sentence when the path holds a control character
     */
    public Builder runDirectory(Path dir) {
      Objects.requireNonNull(dir, "dir");
      String text = dir.toAbsolutePath().toString();
      if (text.codePoints().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("the run directory '" + printable(text) + "' holds a control character,"
            + " which tmux cannot carry exactly; use a path without one.");
      }
      this.runDirectory = dir;
      return this;
    }

    /** The tmux binary: a name looked up on the PATH (default {@code tmux}) or a path. */
    public Builder tmux(String binary) {
      Objects.requireNonNull(binary, "binary");
      if (binary.isBlank()) {
        throw new IllegalArgumentException("the tmux binary must not be blank.");
      }
      this.tmux = binary;
      return this;
    }

    /** How long one tmux call may take before it counts as failed (UNKNOWN); default 5 s. */
    public Builder commandTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the command timeout must be positive, got " + timeout + ".");
      }
      this.commandTimeout = timeout;
      return this;
    }

    /** Whether to install the tmux hooks that wake {@link TmuxSessionRuntime#awaitChange}; default true. */
    public Builder hooks(boolean on) {
      this.hooks = on;
      return this;
    }

    /**
     * Sets a variable in the environment of the tmux client processes (on top of this JVM's environment, from which
     * {@code TMUX} and {@code TMUX_PANE} are removed) and of every job this runtime starts: a server started by this
     * runtime inherits it, and each launch sets it again (with {@code env(1)}), so a job has it even on a server that
     * another process started with another value. A job's own {@code JobSpec.env} wins. For example
     * {@code TMUX_TMPDIR}, or a {@code PATH} to find tmux on. Undoes an {@link #unsetEnvironment} of the same name.
     *
     * @throws IllegalArgumentException when {@code name} is not a variable name (letters, digits and _, not starting
     *     with a digit), or the value holds a NUL or an unpaired surrogate
     */
    public Builder environment(String name, String value) {
      checkName(name);
      Objects.requireNonNull(value, "value");
      LaunchRecord.check(value, "the environment variable " + name);
      unset.remove(name);
      environment.put(name, value);
      return this;
    }

    /**
     * Takes a variable out of the environment of the tmux client processes and of every job this runtime starts, so
     * the job's process does not have it at all (not even empty): a server started by this runtime does not inherit
     * it, and each launch removes it with {@code env -u NAME}, so a server that another process started with it does
     * not pass it on either. A job's own {@code JobSpec.env} of the same name wins. Undoes an {@link #environment} of
     * the same name.
     *
     * @throws IllegalArgumentException when {@code name} is not a variable name (letters, digits and _, not starting
     *     with a digit)
     */
    public Builder unsetEnvironment(String name) {
      checkName(name);
      environment.remove(name);
      unset.add(name);
      return this;
    }

    private static void checkName(String name) {
      Objects.requireNonNull(name, "name");
      if (!LaunchRecord.isVariableName(name)) {
        throw new IllegalArgumentException("the environment variable name '" + printable(name)
            + "' is not a valid name (letters, digits and _, not starting with a digit).");
      }
    }

    /** The clock observations are stamped with; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @throws IllegalStateException when no run directory was given
     * @throws UntrustedPathException when the run directory exists but is not trustworthy (another user's, writable by
     *     group or others, a link, or holding such a file)
     */
    public TmuxSessionRuntime build() {
      if (runDirectory == null) {
        throw new IllegalStateException("a TmuxSessionRuntime needs a run directory (Builder.runDirectory).");
      }
      return new TmuxSessionRuntime(this);
    }
  }
}
