package dev.lifeline.tmux;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version {@code tmux -V} reports, for the "3.2 or newer" check.
 *
 * @param text what follows "tmux " (for example {@code 3.3a}, {@code next-3.5}, {@code master})
 * @param major the major number, or -1 for a development build that names none
 * @param minor the minor number, or -1 likewise
 */
record TmuxVersion(String text, int major, int minor) {

  /** The oldest tmux this runtime supports: formats with {@code &&}, {@code new-session -e}, reliable hooks. */
  static final int MIN_MAJOR = 3;
  static final int MIN_MINOR = 2;

  private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)");

  /** Parses {@code tmux -V} output; {@code null} when it does not look like tmux at all. */
  static TmuxVersion parse(String output) {
    String line = output.strip();
    if (!line.startsWith("tmux ")) {
      return null;
    }
    String text = line.substring("tmux ".length()).strip();
    Matcher m = NUMBERS.matcher(text);
    if (!m.find()) {
      return new TmuxVersion(text, -1, -1);
    }
    return new TmuxVersion(text, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** True for 3.2 and newer, and for development builds without a number ("master"). */
  boolean supported() {
    if (major < 0) {
      return true;
    }
    return major > MIN_MAJOR || (major == MIN_MAJOR && minor >= MIN_MINOR);
  }
}
