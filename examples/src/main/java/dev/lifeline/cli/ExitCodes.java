package dev.lifeline.cli;

import dev.lifeline.ConcurrentTransitionException;
import dev.lifeline.InvalidJobSpecException;
import dev.lifeline.JobNotFoundException;
import dev.lifeline.LifelineException;
import dev.lifeline.RuntimeUnavailableException;
import dev.lifeline.StoreException;
import dev.lifeline.TransitionException;
import dev.lifeline.UntrustedPathException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The exit codes of README, "Exit codes", and the one place that maps exceptions to them and prints the one-sentence error.
 *
 * <ul>
 *   <li>{@link TransitionException} (no edge, a guard refused, or a guard threw): 3, except a lost race
 *       ({@link ConcurrentTransitionException}), which is 1: operator commands re-read the job and try once more
 *       before they give up, so a race that still loses is an error, not a refusal.
 *   <li>{@link JobNotFoundException}: 4. {@link StoreException} of every kind, including a missing database file
 *       for a read: 5 (the store cannot serve; "not found" is kept for jobs, so a script can tell a vanished job
 *       from a wrong {@code --db}). {@link UntrustedPathException} (a run directory or file another user could have
 *       planted): 5 as well.
 *   <li>{@link InvalidJobSpecException} (a value no job may hold, refused by {@code JobSpec}): 2, as a parse error.
 *   <li>{@link RuntimeUnavailableException}: 7. Anything else: 1.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class ExitCodes implements IExitCodeExceptionMapper, IExecutionExceptionHandler,
    IParameterExceptionHandler {

  public static final int OK = 0;
  public static final int ERROR = 1;
  public static final int USAGE = 2;
  public static final int REFUSED = 3;
  public static final int NOT_FOUND = 4;
  public static final int STORE = 5;
  public static final int UNHEALTHY = 6;
  public static final int TMUX = 7;
  /** {@code lifeline wait}: the timeout elapsed first (as timeout(1) exits). */
  public static final int TIMED_OUT = 124;

  @Override
  public int getExitCode(Throwable t) {
    if (t instanceof UserException u) {
      return u.exitCode();
    }
    if (t instanceof ParameterException || t instanceof InvalidJobSpecException
        || t instanceof dev.lifeline.UnknownVerifierException) {
      return USAGE;
    }
    if (t instanceof ConcurrentTransitionException) {
      return ERROR;
    }
    if (t instanceof TransitionException) {
      return REFUSED;
    }
    if (t instanceof JobNotFoundException) {
      return NOT_FOUND;
    }
    if (t instanceof StoreException || t instanceof UntrustedPathException) {
      return STORE;
    }
    if (t instanceof RuntimeUnavailableException) {
      return TMUX;
    }
    return ERROR;
  }

  /** The sentence printed for {@code t}: a Lifeline message as is, anything else named and pointed at --debug. */
  public static String sentence(Throwable t) {
    if (t instanceof LifelineException || t instanceof UserException) {
      String m = t.getMessage();
      if (m != null && !m.isBlank()) {
        return m.strip();
      }
    }
    String m = t.getMessage();
    return "Unexpected error: " + t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m.strip()
        + ")") + "; run again with --debug for the stack trace.";
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    err.println(Printable.of(sentence(ex)));
    if (isDebug(cl)) {
      printTrace(err, ex);
    }
    err.flush();
    return getExitCode(ex);
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    String m = ex.getMessage() == null ? "invalid arguments" : ex.getMessage().strip();
    if (!m.endsWith(".")) {
      m = m + ".";
    }
    if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      m = m + " Did you mean " + String.join(" or ", u.getSuggestions()) + "?";
    }
    err.println(Printable.of(m) + " Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
    if (isDebug(cl)) {
      printTrace(err, ex);
    }
    err.flush();
    return USAGE;
  }

  /**
   * {@code --debug}'s stack trace: each exception of the cause chain on one {@link Printable} line, then its frames
   * indented with spaces, so a hostile message can neither split its line nor drive the terminal. (Suppressed
   * exceptions are left out.)
   */
  static void printTrace(PrintWriter err, Throwable t) {
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    String prefix = "";
    for (Throwable e = t; e != null && seen.add(e); e = e.getCause()) {
      err.println(prefix + Printable.of(e.toString()));
      for (StackTraceElement frame : e.getStackTrace()) {
        err.println("    at " + Printable.of(frame.toString()));
      }
      prefix = "Caused by: ";
    }
  }

  private static boolean isDebug(CommandLine cl) {
    Object root = cl.getCommandSpec().root().userObject();
    return root instanceof LifelineCommand lc && lc.debug();
  }
}
