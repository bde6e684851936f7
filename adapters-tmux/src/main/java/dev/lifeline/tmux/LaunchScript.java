package dev.lifeline.tmux;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The small {@code /bin/sh} wrapper every session runs, and the per-attempt launch file it reads.
 *
 * <p>The job's command, arguments, environment and working directory never pass through tmux's command parser (which
 * splits at arguments ending in {@code ;} and limits a command line to about 16 KiB) and never become shell code:
 * they are written to the launch file, one value per line with {@code \} written as {@code \\} and a newline as
 * {@code \n}, and the wrapper reads them back into {@code "$@"} and runs {@code exec "$@"} in a subshell, so the
 * program receives them byte for byte. When the program ends, the wrapper writes its exit code and the session name
 * to a temporary file and renames it onto the exit file: the exit file appears complete or not at all. Stateless.
 */
final class LaunchScript {

  /** The wrapper's file name in the run directory; a new wrapper text gets a new version number. */
  static final String FILE_NAME = "lifeline-launch-v1.sh";

  /** The wrapper's text. */
  static final String TEXT = String.join("\n",
      "# Lifeline launch wrapper, written by dev.lifeline.tmux.TmuxSessionRuntime. Do not edit.",
      "# Usage: sh " + FILE_NAME + " LAUNCH_FILE",
      "# LAUNCH_FILE holds one value per line, with \\ written as \\\\ and a newline as \\n: the exit file, its",
      "# temporary name, the session name, the working directory, a count N, N lines NAME=VALUE for the environment,",
      "# then the command and its arguments. Values are only assigned and passed on as \"$@\", never run as code.",
      "dec() {",
      "  case $1 in",
      "    *\\\\*) v=$(printf '%bx' \"$1\"); v=${v%x} ;;",
      "    *) v=$1 ;;",
      "  esac",
      "}",
      "{",
      "  IFS= read -r l; dec \"$l\"; exit_file=$v",
      "  IFS= read -r l; dec \"$l\"; temp_file=$v",
      "  IFS= read -r l; dec \"$l\"; session=$v",
      "  IFS= read -r l; dec \"$l\"; cwd=$v",
      "  set --",
      "  while IFS= read -r l; do dec \"$l\"; set -- \"$@\" \"$v\"; done",
      "} < \"$1\" || exit 127",
      "trap : INT QUIT",
      "(",
      "  n=$1; shift",
      "  while [ \"$n\" -gt 0 ]; do export \"$1\"; shift; n=$((n - 1)); done",
      "  cd \"$cwd\" || exit 126",
      "  exec \"$@\"",
      ")",
      "code=$?",
      "printf '%s\\n%s\\n' \"$code\" \"$session\" > \"$temp_file\" && command -p mv -f \"$temp_file\" \"$exit_file\"",
      "exit \"$code\"",
      "");

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private LaunchScript() {}

  /**
   * The launch file's text for one attempt.
   *
   * @throws IllegalArgumentException with a one-sentence message when a value cannot be passed to a program (a NUL
   *     character, or an environment name that is not a shell variable name)
   */
  static String launchFile(String exitFile, String tempFile, String session, String cwd, Map<String, String> env,
      List<String> argv) {
    StringBuilder sb = new StringBuilder();
    line(sb, exitFile, "the exit file path");
    line(sb, tempFile, "the temporary exit file path");
    line(sb, session, "the session name");
    line(sb, cwd, "the working directory");
    line(sb, Integer.toString(env.size()), "the environment size");
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException(
            "the environment variable name '" + e.getKey() + "' is not a valid name (letters, digits, _).");
      }
      line(sb, e.getKey() + "=" + e.getValue(), "the environment variable " + e.getKey());
    }
    for (int i = 0; i < argv.size(); i++) {
      line(sb, argv.get(i), "argument " + i);
    }
    return sb.toString();
  }

  /** One value on one line: {@code \} becomes {@code \\}, a newline becomes {@code \n}. */
  static String encode(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static void line(StringBuilder sb, String value, String what) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " contains a NUL character, which no program can receive.");
    }
    sb.append(encode(value)).append('\n');
  }
}
