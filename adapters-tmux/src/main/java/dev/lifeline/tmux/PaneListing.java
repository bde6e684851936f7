package dev.lifeline.tmux;

import dev.lifeline.JobId;
import dev.lifeline.SessionNames;
import dev.lifeline.spi.SessionHandle;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the output of one {@code list-panes -a -F FORMAT}: which sessions tagged by this run directory have a live
 * pane. Lines of sessions without the three tags, tagged by another run directory, with malformed tags or with a name
 * Lifeline would not produce are skipped, so untagged sessions are never reported. Stateless.
 */
final class PaneListing {

  /** The format: run, job and attempt tags, whether the pane is dead, then the session name (may hold anything). */
  static final String FORMAT = "#{@lifeline_run}|#{@lifeline_job}|#{@lifeline_attempt}|#{pane_dead}|#{session_name}";

  private PaneListing() {}

  /**
   * Every session in {@code output} tagged with {@code runId}, with true when at least one of its panes is alive (a
   * pane kept after its process ended, under {@code remain-on-exit}, is not).
   */
  static Map<SessionHandle, Boolean> parse(String output, String runId) {
    Map<SessionHandle, Boolean> sessions = new HashMap<>();
    for (String line : output.split("\n")) {
      String[] f = line.split("\\|", 5);
      if (f.length != 5 || !f[0].equals(runId) || !SessionNames.isSafe(f[4])) {
        continue;
      }
      SessionHandle handle;
      try {
        long job = Long.parseLong(f[1]);
        int attempt = Integer.parseInt(f[2]);
        if (job <= 0 || attempt < 1) {
          continue;
        }
        handle = new SessionHandle(JobId.of(job), attempt, f[4]);
      } catch (NumberFormatException e) {
        continue;
      }
      boolean alive = "0".equals(f[3]);
      sessions.merge(handle, alive, Boolean::logicalOr);
    }
    return sessions;
  }
}
