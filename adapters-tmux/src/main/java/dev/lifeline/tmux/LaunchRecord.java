package dev.lifeline.tmux;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one attempt runs, as the launch wrapper reads it from the launch file: where to write the exit code, the
 * session name, the working directory and the exec vector (the words the wrapper passes to {@code exec}, nothing
 * else).
 *
 * <p>The job's environment never becomes a shell variable: when the job sets or removes any, the exec vector starts
 * with an absolute {@code env} program, {@code -u NAME} for every variable removed, {@code --} and one
 * {@code NAME=VALUE} word per variable set, so {@code env(1)} takes them out of, or puts them into, the environment
 * of the program it then runs, and no name ({@code n}, {@code cwd}, {@code IFS}, {@code PATH},
 * {@code ENV}, {@code SHELLOPTS}, {@code _} …) can change what the wrapper does. The program is looked up on the
 * job's own {@code PATH} when it sets one (as {@code env(1)} does).
 *
 * <p>Launch file format ({@link #encode}): the line {@value #MAGIC}, then one value per line with {@code \} written
 * as {@code \\} and a newline as {@code \n} (the only two escapes, which {@code printf %b} turns back): the exit
 * file, its temporary name, the session name, the working directory, then every word of the exec vector. Values
 * that cannot reach a program exactly are refused: a NUL character, an unpaired surrogate (no UTF-8 bytes for it),
 * an environment name that is not a portable variable name, or a program name holding {@code =} when the job sets
 * environment variables ({@code env(1)} would read it as one more variable). Immutable.
 *
 * @param exitFile where the wrapper renames the exit code file
 * @param tempExitFile where it writes the exit code first
 * @param session the session name, written into the exit file
 * @param cwd the absolute working directory
 * @param command the exec vector
 */
record LaunchRecord(String exitFile, String tempExitFile, String session, String cwd, List<String> command) {

  /** The first line of every launch file this version writes. */
  static final String MAGIC = "lifeline-launch-v2";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  LaunchRecord {
    Objects.requireNonNull(exitFile, "exitFile");
    Objects.requireNonNull(tempExitFile, "tempExitFile");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(cwd, "cwd");
    command = List.copyOf(command);
  }

  /**
   * The record for a job's argv and environment.
   *
   * @param envProgram the absolute path of {@code env(1)}, used only when {@code env} is not empty
   * @throws IllegalArgumentException with one sentence naming the value that cannot be carried exactly
   */
  static LaunchRecord of(String exitFile, String tempExitFile, String session, String cwd, Map<String, String> env,
      List<String> argv, String envProgram) {
    return of(exitFile, tempExitFile, session, cwd, env, List.of(), argv, envProgram);
  }

  /**
   * The record for a job's argv and environment, with {@code unset} taken out of the program's environment first (a
   * name both removed and set is set).
   *
   * @param envProgram the absolute path of {@code env(1)}, used only when {@code env} or {@code unset} is not empty
   * @throws IllegalArgumentException with one sentence naming the value that cannot be carried exactly
   */
  static LaunchRecord of(String exitFile, String tempExitFile, String session, String cwd, Map<String, String> env,
      java.util.Collection<String> unset, List<String> argv, String envProgram) {
    check(exitFile, "the exit file path");
    check(tempExitFile, "the temporary exit file path");
    check(session, "the session name");
    check(cwd, "the working directory");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("the command is empty.");
    }
    for (int i = 0; i < argv.size(); i++) {
      check(argv.get(i), "argument " + i);
    }
    List<String> command = new ArrayList<>();
    List<String> removed = unset.stream().filter(name -> !env.containsKey(name)).toList();
    if (!env.isEmpty() || !removed.isEmpty()) {
      if (argv.get(0).indexOf('=') >= 0) {
        throw new IllegalArgumentException("the program name '" + Printable.of(argv.get(0)) + "' contains '=',"
            + " which env(1) would read as a variable; give the program without '=' in its name.");
      }
      command.add(Objects.requireNonNull(envProgram, "envProgram"));
      for (String name : removed) {
        if (!isVariableName(name)) {
          throw new IllegalArgumentException("the environment variable name '" + Printable.of(name)
              + "' is not a valid name (letters, digits and _, not starting with a digit).");
        }
        command.add("-u");
        command.add(name);
      }
      command.add("--");
      for (Map.Entry<String, String> e : env.entrySet()) {
        if (!ENV_NAME.matcher(e.getKey()).matches()) {
          throw new IllegalArgumentException("the environment variable name '" + Printable.of(e.getKey())
              + "' is not a valid name (letters, digits and _, not starting with a digit).");
        }
        check(e.getValue(), "the environment variable " + e.getKey());
        command.add(e.getKey() + "=" + e.getValue());
      }
    }
    command.addAll(argv);
    return new LaunchRecord(exitFile, tempExitFile, session, cwd, command);
  }

  /** Whether {@code name} is a portable environment variable name (letters, digits and _, not starting with a digit). */
  static boolean isVariableName(String name) {
    return ENV_NAME.matcher(name).matches();
  }

  /** The launch file's text. */
  String encode() {
    StringBuilder sb = new StringBuilder(MAGIC).append('\n');
    for (String value : values()) {
      sb.append(encodeValue(value)).append('\n');
    }
    return sb.toString();
  }

  /**
   * Reads a launch file the way the wrapper does.
   *
   * @throws IllegalArgumentException when {@code text} is not a launch file of this version
   */
  static LaunchRecord decode(String text) {
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("a launch file ends with a newline.");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 6 || !lines[0].equals(MAGIC)) {
      throw new IllegalArgumentException("not a " + MAGIC + " launch file.");
    }
    List<String> values = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      values.add(decodeValue(lines[i]));
    }
    return new LaunchRecord(values.get(0), values.get(1), values.get(2), values.get(3),
        values.subList(4, values.size()));
  }

  /** One value on one line: {@code \} becomes {@code \\}, a newline becomes {@code \n}. */
  static String encodeValue(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** The inverse of {@link #encodeValue}: what {@code printf '%b'} makes of a line holding only those escapes. */
  static String decodeValue(String line) {
    StringBuilder sb = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
      if (next == '\\') {
        sb.append('\\');
      } else if (next == 'n') {
        sb.append('\n');
      } else {
        throw new IllegalArgumentException("a launch file line holds an escape other than \\\\ and \\n.");
      }
      i++;
    }
    return sb.toString();
  }

  private List<String> values() {
    List<String> values = new ArrayList<>(List.of(exitFile, tempExitFile, session, cwd));
    values.addAll(command);
    return values;
  }

  /** Refuses what no program can receive exactly: NUL, and unpaired surrogates (they have no UTF-8 bytes). */
  static void check(String value, String what) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\0') {
        throw new IllegalArgumentException(what + " contains a NUL character, which no program can receive.");
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(what + " contains an unpaired UTF-16 surrogate (at index " + i
            + "), which has no UTF-8 bytes to pass on.");
      }
    }
  }
}
