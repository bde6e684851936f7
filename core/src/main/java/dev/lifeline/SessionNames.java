package dev.lifeline;

/**
 * Derives a session name from a job's name, id and attempt: unique by construction (the id and attempt end it),
 * safe for tmux targets (only {@code A-Z a-z 0-9 _ -}; no {@code .}, {@code :}, whitespace or control characters)
 * and at most {@value #MAX_LENGTH} characters. Thread-safe (stateless).
 */
public final class SessionNames {

  /** The longest name produced. */
  public static final int MAX_LENGTH = 64;

  private SessionNames() {}

  /**
   * For example {@code build-docs-42-1} for job 42 named "build docs", attempt 1.
   *
   * @param id the job
   * @param jobName its name (any text; {@code null} allowed)
   * @param attempt the attempt
   * @return a safe, bounded session name ending in {@code -ID-ATTEMPT}
   */
  public static String of(JobId id, String jobName, int attempt) {
    String suffix = "-" + id.value() + "-" + attempt;
    StringBuilder base = new StringBuilder();
    String name = jobName == null ? "" : jobName;
    boolean lastWasDash = false;
    for (int i = 0; i < name.length() && base.length() < MAX_LENGTH - suffix.length(); ) {
      int cp = name.codePointAt(i);
      i += Character.charCount(cp);
      boolean ok = cp < 128 && (Character.isLetterOrDigit(cp) || cp == '_' || cp == '-');
      if (ok) {
        base.append((char) cp);
        lastWasDash = cp == '-';
      } else if (!lastWasDash && base.length() > 0) {
        base.append('-');
        lastWasDash = true;
      }
    }
    while (base.length() > 0 && base.charAt(base.length() - 1) == '-') {
      base.setLength(base.length() - 1);
    }
    if (base.length() == 0) {
      base.append("job");
    }
    return base + suffix;
  }

  /**
   * True when {@code name} uses only the characters {@link #of} produces and is not too long.
   *
   * @param name the name
   * @return whether it is safe
   */
  public static boolean isSafe(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'))) {
        return false;
      }
    }
    return true;
  }
}
