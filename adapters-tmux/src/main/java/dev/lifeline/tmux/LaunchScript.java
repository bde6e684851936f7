package dev.lifeline.tmux;

/**
 * The small {@code /bin/sh} wrapper every session runs.
 *
 * <p>The job's command, arguments, environment and working directory never pass through tmux's command parser (which
 * splits at arguments ending in {@code ;} and limits a command line to about 16 KiB) and never become shell code or
 * shell variables: {@link LaunchRecord} writes them to the launch file, and the wrapper reads its five fixed values
 * into its own variables and every further line into {@code "$@"}, changes to the working directory in a subshell
 * and runs {@code exec "$@"} there. The job's environment is in {@code "$@"} as the arguments of {@code env(1)}, so
 * no variable name can change the wrapper. When the program ends, the wrapper (with umask 077) writes its exit code
 * and the session name to a temporary file and renames it onto the exit file, so the exit file appears complete or
 * not at all; a run directory deleted meanwhile is created again (owner-only) for it. Stateless.
 */
final class LaunchScript {

  /** The wrapper's file name in the run directory; a new wrapper text gets a new version number. */
  static final String FILE_NAME = "lifeline-launch-v2.sh";

  /** The wrapper's text. */
  static final String TEXT = String.join("\n",
      "# Lifeline launch wrapper, written by dev.lifeline.tmux.TmuxSessionRuntime. Do not edit.",
      "# Usage: sh " + FILE_NAME + " LAUNCH_FILE",
      "# LAUNCH_FILE: the line " + LaunchRecord.MAGIC + ", then one value per line with \\ written as \\\\ and a",
      "# newline as \\n: the exit file, its temporary name, the session name, the working directory, then the words",
      "# to exec (env(1) with NAME=VALUE words when the job sets variables, then the command and its arguments).",
      "# Values are only read and passed on as \"$@\", never run as code or made shell variables.",
      "dec() {",
      "  case $1 in",
      "    *\\\\*) v=$(printf '%bx' \"$1\"); v=${v%x} ;;",
      "    *) v=$1 ;;",
      "  esac",
      "}",
      "{",
      "  IFS= read -r l && [ \"$l\" = " + LaunchRecord.MAGIC + " ] || exit 127",
      "  IFS= read -r l; dec \"$l\"; exit_file=$v",
      "  IFS= read -r l; dec \"$l\"; temp_file=$v",
      "  IFS= read -r l; dec \"$l\"; session=$v",
      "  IFS= read -r l; dec \"$l\"; cwd=$v",
      "  set --",
      "  while IFS= read -r l; do dec \"$l\"; set -- \"$@\" \"$v\"; done",
      "} < \"$1\" || exit 127",
      "[ $# -gt 0 ] || exit 127",
      "trap : INT QUIT",
      "(",
      "  cd \"$cwd\" || exit 126",
      "  exec \"$@\"",
      ")",
      "code=$?",
      "umask 077",
      "[ -d \"${exit_file%/*}\" ] && [ -d \"${temp_file%/*}\" ] ||"
          + " command -p mkdir -p \"${exit_file%/*}\" \"${temp_file%/*}\" 2>/dev/null",
      "printf '%s\\n%s\\n' \"$code\" \"$session\" > \"$temp_file\" && command -p mv -f \"$temp_file\" \"$exit_file\"",
      "exit \"$code\"",
      "");

  private LaunchScript() {}
}
