package dev.lifeline.cli;

import dev.lifeline.Transition;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.Notice;
import dev.lifeline.event.TransitionEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What {@code run} prints: one line per committed transition and per notice, to the console (unless a live view
 * shows them) and appended to the {@code --log} file. Names, details and messages are made {@link Printable}, so a
 * record is always one line and holds no control character. A log file that cannot be opened or written is reported once on
 * stderr and then left alone; the console keeps every line. Thread-safe (listeners are called from the supervisor's
 * threads).
 */
final class RunOutput implements LifelineListener, AutoCloseable {

  private static final int RECENT = 12;

  private final PrintWriter console;
  private final PrintWriter err;
  private final Terminal term;
  private final boolean quietConsole;
  private final Path logPath;
  private final Deque<String> recent = new ArrayDeque<>();
  private BufferedWriter log;
  private boolean logFailed;

  /**
   * @param quietConsole a live view shows the lines instead of the console
   * @param logPath the {@code --log} file, or {@code null}
   */
  RunOutput(PrintWriter console, PrintWriter err, Terminal term, boolean quietConsole, Path logPath) {
    this.console = console;
    this.err = err;
    this.term = term;
    this.quietConsole = quietConsole;
    this.logPath = logPath;
    if (logPath != null) {
      try {
        Path parent = logPath.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
          throw new IOException("its directory " + parent + " does not exist");
        }
        if (isNamedPipeOrSocket(logPath)) {
          // Opening a FIFO for writing waits for a reader: run would hang before its first pass.
          throw new IOException("it is a FIFO or socket, not a file");
        }
        log = Files.newBufferedWriter(logPath, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      } catch (IOException | RuntimeException e) {
        logFailed(e);
      }
    }
  }

  /**
   * Whether {@code path} is, through its links, a named pipe or socket on a file system. A {@code /dev/stderr} that
   * leads to an anonymous pipe ({@code pipe:[n]}, which has a reader) does not resolve and is allowed.
   */
  static boolean isNamedPipeOrSocket(Path path) {
    try {
      Path real = path.toRealPath();
      Object mode = Files.getAttribute(real, "unix:mode");
      int type = ((Integer) mode) & 0170000;
      return type == 0010000 || type == 0140000;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
      return false;
    }
  }

  @Override
  public void onTransition(TransitionEvent e) {
    Transition t = e.transition();
    String why = t.reason() != null ? " " + t.reason() + (t.detail() != null ? ": " + Printable.of(t.detail()) : "")
        : t.detail() != null ? " (" + Printable.of(t.detail()) + ")" : "";
    String at = t.at().truncatedTo(ChronoUnit.MILLIS).toString();
    String name = Printable.of(e.job().name());
    String plain = at + " job " + t.jobId() + " " + name + " " + t.event() + " "
        + (t.from() == null ? "" : t.from() + " -> ") + t.to() + " attempt " + t.attempt() + why;
    String painted = term.paint(at, Terminal.DIM) + " job " + t.jobId() + " " + name + " "
        + t.event() + " " + (t.from() == null ? "" : term.state(t.from()) + " -> ") + term.state(t.to())
        + " attempt " + t.attempt() + why;
    emit(plain, painted);
  }

  @Override
  public void onNotice(Notice n) {
    String at = n.at().truncatedTo(ChronoUnit.MILLIS).toString();
    String message = Printable.of(n.message());
    String plain = at + " notice: " + message;
    emit(plain, term.paint(at, Terminal.DIM) + " " + term.paint("notice:", Terminal.YELLOW) + " " + message);
  }

  /** A line that is neither a transition nor a notice (start, stop), to the console and the log. */
  synchronized void info(String line) {
    String safe = Printable.of(line);
    console.println(safe);
    console.flush();
    writeLog(safe);
  }

  private synchronized void emit(String plain, String painted) {
    recent.addLast(painted);
    while (recent.size() > RECENT) {
      recent.removeFirst();
    }
    if (!quietConsole) {
      console.println(painted);
      console.flush();
    }
    writeLog(plain);
  }

  /** The latest lines, oldest first, for a live view. */
  synchronized List<String> recent() {
    return new ArrayList<>(recent);
  }

  private void writeLog(String line) {
    if (log == null) {
      return;
    }
    try {
      log.write(line);
      log.newLine();
      log.flush();
    } catch (IOException e) {
      logFailed(e);
    }
  }

  private void logFailed(Exception e) {
    if (!logFailed) {
      logFailed = true;
      err.println(Printable.of("Cannot write the log " + logPath + " (" + (e.getMessage() == null
          ? e.getClass().getSimpleName() : e.getMessage()) + "); logging to the console only."));
      err.flush();
    }
    if (log != null) {
      try {
        log.close();
      } catch (IOException ignored) {
        // Already failed; said so once.
      }
      log = null;
    }
  }

  @Override
  public synchronized void close() {
    if (log != null) {
      try {
        log.close();
      } catch (IOException e) {
        logFailed(e);
      }
      log = null;
    }
  }
}
