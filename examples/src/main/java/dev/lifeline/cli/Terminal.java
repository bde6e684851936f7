package dev.lifeline.cli;

import dev.lifeline.JobState;
import java.util.Map;

/**
 * What stdout is: a terminal (live views, colour) or a pipe (plain lines). Colour is off with {@code --no-color},
 * with a non-empty {@code NO_COLOR} variable, and whenever stdout is not a terminal. Immutable.
 *
 * @param interactive stdout is a terminal
 * @param color ANSI colours may be written
 */
record Terminal(boolean interactive, boolean color) {

  static final String RESET = "\u001b[0m";
  static final String BOLD = "\u001b[1m";
  static final String DIM = "\u001b[2m";
  static final String RED = "\u001b[31m";
  static final String GREEN = "\u001b[32m";
  static final String YELLOW = "\u001b[33m";
  static final String BLUE = "\u001b[34m";
  static final String CYAN = "\u001b[36m";

  /**
   * Decides from the flag, the environment and stdout. The launcher passes {@code -Dlifeline.tty=1|0} from
   * {@code [ -t 1 ]}; without it, a JVM console stands for a terminal.
   */
  static Terminal detect(boolean noColorFlag, Map<String, String> env) {
    String tty = System.getProperty("lifeline.tty");
    boolean interactive = tty != null ? tty.equals("1") : System.console() != null;
    return decide(interactive, noColorFlag, env);
  }

  static Terminal decide(boolean interactive, boolean noColorFlag, Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    boolean color = interactive && !noColorFlag && (noColor == null || noColor.isEmpty());
    return new Terminal(interactive, color);
  }

  String paint(String text, String ansi) {
    return color && ansi != null ? ansi + text + RESET : text;
  }

  /** The colour a state is painted in. */
  static String colorOf(JobState state) {
    return switch (state) {
      case QUEUED -> BLUE;
      case PROCESSING -> CYAN;
      case VERIFICATION -> YELLOW;
      case COMPLETED -> GREEN;
      case FAILED -> RED;
    };
  }

  String state(JobState state) {
    return paint(state.name(), colorOf(state));
  }
}
