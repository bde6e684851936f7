package dev.lifeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to run: an immutable description of a job, stored losslessly.
 *
 * <p>Every value is checked when the spec is made, so no job can hold one a supervisor could not carry out: the
 * ranges are the constants below (the CLI refuses the same ranges), environment names are POSIX names
 * ({@code [A-Za-z_][A-Za-z0-9_]*}), no text holds a NUL character (no program could receive it) or an unpaired UTF-16
 * surrogate (it has no UTF-8 bytes to pass on), and when {@code env} is not empty the command ({@code argv[0]}) holds
 * no {@code =} (the job then runs through {@code env(1)}, which would read it as one more variable). A refused value
 * throws {@link InvalidJobSpecException} naming the field. Whether {@code cwd} exists is not checked here (it may be
 * created before the job starts); {@code lifeline submit} checks it.
 *
 * @param name a human name (any text; sessions derive a sanitised name from it)
 * @param argv the command and its arguments, run exactly as given (no shell)
 * @param cwd the working directory, or {@code null} for the supervisor's
 * @param env extra environment variables
 * @param priority higher runs sooner, {@value #MIN_PRIORITY} to {@value #MAX_PRIORITY}
 * @param maxAttempts how many attempts RETRY may lead to, 1 to {@value #MAX_ATTEMPTS}
 * @param timeout how long an attempt may stay PROCESSING or VERIFICATION (1s to 365d), or {@code null} for no limit
 * @param verifiers what must hold after exit 0 before the job is COMPLETED
 * @param after the jobs that must be COMPLETED before this one starts (distinct, in the order given; each must exist
 *     when the job is submitted, so no cycle can form)
 * @param group the group the job belongs to ({@value #DEFAULT_GROUP} unless given): 1 to 64 letters, digits,
 *     {@code .}, {@code _} or {@code -}
 * @param notBefore the job's first attempt does not start before this instant ({@code null}: at once), kept to the
 *     millisecond
 * @param hooks the job's own notifications: each change that matches one writes a {@link Delivery} in the same
 *     transaction (at most {@value #MAX_HOOKS})
 */
public record JobSpec(
    String name,
    List<String> argv,
    String cwd,
    Map<String, String> env,
    int priority,
    int maxAttempts,
    Duration timeout,
    List<VerifierSpec> verifiers,
    List<JobId> after,
    String group,
    java.time.Instant notBefore,
    List<JobHook> hooks) {

  /** The lowest {@link #priority()}. */
  public static final int MIN_PRIORITY = -1_000_000;
  /** The highest {@link #priority()}. */
  public static final int MAX_PRIORITY = 1_000_000;
  /** The most {@link #maxAttempts()} a job may have (the least is 1). */
  public static final int MAX_ATTEMPTS = 1000;
  /** The shortest {@link #timeout()}, and the shortest timeout of a {@link VerifierSpec.Command}. */
  public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
  /** The longest {@link #timeout()}, and the longest timeout of a {@link VerifierSpec.Command}. */
  public static final Duration MAX_TIMEOUT = Duration.ofDays(365);
  /** The longest {@link #name()}, in UTF-16 code units. */
  public static final int MAX_NAME_LENGTH = 1000;

  /** The group of a job that names none. */
  public static final String DEFAULT_GROUP = "default";
  /** The most jobs one job may wait for ({@link #after()}). */
  public static final int MAX_AFTER = 1000;
  /** The most hooks one job may have ({@link #hooks()}). */
  public static final int MAX_HOOKS = 100;

  private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * @param name a human name (any text; sessions derive a sanitised name from it)
   * @param argv the command and its arguments, run exactly as given (no shell)
   * @param cwd the working directory, or {@code null} for the supervisor's
   * @param env extra environment variables
   * @param priority higher runs sooner, {@value #MIN_PRIORITY} to {@value #MAX_PRIORITY}
   * @param maxAttempts how many attempts RETRY may lead to, 1 to {@value #MAX_ATTEMPTS}
   * @param timeout how long an attempt may stay PROCESSING or VERIFICATION (1s to 365d), or {@code null} for no limit
   * @param verifiers what must hold after exit 0 before the job is COMPLETED
   * @param after the jobs that must be COMPLETED first ({@code null}: none); repeated ids count once
   * @param group the job's group ({@code null}: {@value #DEFAULT_GROUP})
   * @param notBefore the first attempt's earliest start, or {@code null}
   * @param hooks the job's own hooks ({@code null}: none)
   * @throws InvalidJobSpecException when a value is out of range or cannot be carried to a process
   * @throws NullPointerException when {@code name} or {@code argv} is null
   */
  public JobSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(argv, "argv");
    text("name", name);
    if (name.length() > MAX_NAME_LENGTH) {
      throw new InvalidJobSpecException("name", "The job name is " + name.length() + " characters long; at most "
          + MAX_NAME_LENGTH + " are allowed.");
    }
    if (argv.isEmpty()) {
      throw new InvalidJobSpecException("argv", "A job needs a command: argv is empty.");
    }
    for (int i = 0; i < argv.size(); i++) {
      if (argv.get(i) == null) {
        throw new InvalidJobSpecException("argv[" + i + "]", "argv[" + i + "] is null.");
      }
      text("argv[" + i + "]", argv.get(i));
    }
    argv = List.copyOf(argv);
    if (argv.get(0).isBlank()) {
      throw new InvalidJobSpecException("argv[0]", "The command (argv[0]) must not be blank.");
    }
    if (cwd != null) {
      if (cwd.isBlank()) {
        throw new InvalidJobSpecException("cwd", "The working directory (cwd) must not be blank; leave it null for "
            + "the supervisor's.");
      }
      text("cwd", cwd);
    }
    env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    for (Map.Entry<String, String> e : env.entrySet()) {
      checkEnvName(e.getKey());
      if (e.getValue() == null) {
        throw new InvalidJobSpecException("env", "The environment variable " + e.getKey() + " has no value (null).");
      }
      text("env", e.getValue());
    }
    if (!env.isEmpty() && argv.get(0).indexOf('=') >= 0) {
      throw new InvalidJobSpecException("argv[0]", "The command '" + printable(argv.get(0)) + "' contains '=', "
          + "which env(1) would read as a variable when the job sets environment variables; give the program "
          + "without '=' in its name.");
    }
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new InvalidJobSpecException("priority", "The priority must be between " + MIN_PRIORITY + " and "
          + MAX_PRIORITY + ", got " + priority + ".");
    }
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
      throw new InvalidJobSpecException("maxAttempts", "maxAttempts must be between 1 and " + MAX_ATTEMPTS
          + ", got " + maxAttempts + ".");
    }
    if (timeout != null) {
      checkTimeout("timeout", timeout);
    }
    verifiers = verifiers == null ? List.of() : List.copyOf(verifiers);
    for (VerifierSpec v : verifiers) {
      if (v instanceof VerifierSpec.Command c) {
        text("verifiers", c.command());
        checkTimeout("verifiers", c.timeout());
      } else if (v instanceof VerifierSpec.FileExists f) {
        text("verifiers", f.path());
      } else if (v instanceof VerifierSpec.Custom c) {
        text("verifiers", c.name());
        text("verifiers", c.argument());
      }
    }
    if (after == null) {
      after = List.of();
    } else {
      java.util.LinkedHashSet<JobId> distinct = new java.util.LinkedHashSet<>();
      for (JobId id : after) {
        if (id == null) {
          throw new InvalidJobSpecException("after", "A dependency (after) is null.");
        }
        distinct.add(id);
      }
      if (distinct.size() > MAX_AFTER) {
        throw new InvalidJobSpecException("after", "A job may wait for at most " + MAX_AFTER + " others, got "
            + distinct.size() + ".");
      }
      after = List.copyOf(distinct);
    }
    group = group == null ? DEFAULT_GROUP : group;
    checkGroupName(group);
    // stored as epoch milliseconds, like every instant (so a spec reads back equal)
    notBefore = notBefore == null ? null : notBefore.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    hooks = hooks == null ? List.of() : List.copyOf(hooks);
    if (hooks.size() > MAX_HOOKS) {
      throw new InvalidJobSpecException("hooks", "A job may have at most " + MAX_HOOKS + " hooks, got "
          + hooks.size() + ".");
    }
  }

  /**
   * The spec of schema version 4, before notifications: no hooks.
   *
   * @param name a human name
   * @param argv the command and its arguments
   * @param cwd the working directory, or {@code null}
   * @param env extra environment variables
   * @param priority higher runs sooner
   * @param maxAttempts how many attempts RETRY may lead to
   * @param timeout how long an attempt may take, or {@code null}
   * @param verifiers what must hold after exit 0
   * @param after the jobs that must be COMPLETED first, or {@code null}
   * @param group the job's group, or {@code null}
   * @param notBefore the first attempt's earliest start, or {@code null}
   * @throws InvalidJobSpecException when a value is out of range or cannot be carried to a process
   */
  public JobSpec(String name, List<String> argv, String cwd, Map<String, String> env, int priority, int maxAttempts,
      Duration timeout, List<VerifierSpec> verifiers, List<JobId> after, String group, java.time.Instant notBefore) {
    this(name, argv, cwd, env, priority, maxAttempts, timeout, verifiers, after, group, notBefore, List.of());
  }

  /**
   * The spec of 0.1, before workflows: no dependencies, the default group, no delayed start.
   *
   * @param name a human name
   * @param argv the command and its arguments
   * @param cwd the working directory, or {@code null}
   * @param env extra environment variables
   * @param priority higher runs sooner
   * @param maxAttempts how many attempts RETRY may lead to
   * @param timeout how long an attempt may take, or {@code null}
   * @param verifiers what must hold after exit 0
   * @throws InvalidJobSpecException when a value is out of range or cannot be carried to a process
   */
  public JobSpec(String name, List<String> argv, String cwd, Map<String, String> env, int priority, int maxAttempts,
      Duration timeout, List<VerifierSpec> verifiers) {
    this(name, argv, cwd, env, priority, maxAttempts, timeout, verifiers, List.of(), DEFAULT_GROUP, null, List.of());
  }

  /**
   * Checks a group name the way the constructor does.
   *
   * @param group the name to check
   * @throws InvalidJobSpecException (field {@code group}) when it is not 1 to 64 letters, digits, {@code .},
   *     {@code _} or {@code -}
   */
  public static void checkGroupName(String group) {
    if (group == null || !GROUP_NAME.matcher(group).matches()) {
      throw new InvalidJobSpecException("group", "The group name '" + printable(group) + "' is not valid: use 1 to "
          + "64 letters, digits, '.', '_' or '-'.");
    }
  }

  /**
   * Checks an environment variable name the way the constructor does.
   *
   * @param name the name to check
   * @throws InvalidJobSpecException (field {@code env}) when {@code name} is not a POSIX name
   */
  public static void checkEnvName(String name) {
    if (name == null || !ENV_NAME.matcher(name).matches()) {
      throw new InvalidJobSpecException("env", "The environment variable name '" + printable(name)
          + "' is not a valid name: it must be a letter or _ followed by letters, digits or _.");
    }
  }

  private static void checkTimeout(String field, Duration d) {
    if (d.compareTo(MIN_TIMEOUT) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
      throw new InvalidJobSpecException(field, (field.equals("timeout") ? "The timeout" : "A verify command's timeout")
          + " must be between 1s and 365d, got " + d + ".");
    }
  }

  static void text(String field, String value) {
    if (value == null) {
      return;
    }
    if (value.indexOf('\0') >= 0) {
      throw new InvalidJobSpecException(field, "The " + field + " holds a NUL character, which no program can "
          + "receive.");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidJobSpecException(field, "The " + field + " holds an unpaired UTF-16 surrogate (at index " + i
            + "), which has no UTF-8 bytes to pass on.");
      }
    }
  }

  /** {@code s} with control characters written as escapes, for a message. */
  static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        sb.append(String.format("\\x%02x", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.toString();
  }

  /**
   * A builder with name "job", priority 0, one attempt, no timeout and no verifiers.
   *
   * @param argv the command and its arguments, run exactly as given
   * @return a new builder
   */
  public static Builder builder(List<String> argv) {
    return new Builder(argv);
  }

  /**
   * A builder with name "job", priority 0, one attempt, no timeout and no verifiers.
   *
   * @param argv the command and its arguments, run exactly as given
   * @return a new builder
   */
  public static Builder builder(String... argv) {
    return new Builder(List.of(argv));
  }

  /** Mutable builder for {@link JobSpec}; not thread-safe. */
  public static final class Builder {
    private String name = "job";
    private final List<String> argv;
    private String cwd;
    private final Map<String, String> env = new LinkedHashMap<>();
    private int priority;
    private int maxAttempts = 1;
    private Duration timeout;
    private final List<VerifierSpec> verifiers = new ArrayList<>();
    private final List<JobId> after = new ArrayList<>();
    private final List<JobHook> hooks = new ArrayList<>();
    private String group = DEFAULT_GROUP;
    private java.time.Instant notBefore;

    private Builder(List<String> argv) {
      this.argv = List.copyOf(argv);
    }

    /**
     * A human name (default "job").
     *
     * @param name any text
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The working directory (default: the supervisor's).
     *
     * @param cwd the directory, or {@code null}
     * @return this builder
     */
    public Builder cwd(String cwd) {
      this.cwd = cwd;
      return this;
    }

    /**
     * Adds an environment variable.
     *
     * @param key a POSIX name
     * @param value its value
     * @return this builder
     */
    public Builder env(String key, String value) {
      env.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Higher runs sooner (default 0).
     *
     * @param priority {@value JobSpec#MIN_PRIORITY} to {@value JobSpec#MAX_PRIORITY}
     * @return this builder
     */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /**
     * How many attempts RETRY may lead to (default 1).
     *
     * @param maxAttempts 1 to {@value JobSpec#MAX_ATTEMPTS}
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * How long an attempt may take (default: no limit).
     *
     * @param timeout 1 s to 365 days, or {@code null}
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Adds a verifier that must pass after exit 0 before the job is COMPLETED.
     *
     * @param verifier what to check
     * @return this builder
     */
    public Builder verify(VerifierSpec verifier) {
      verifiers.add(Objects.requireNonNull(verifier, "verifier"));
      return this;
    }

    /**
     * Adds jobs that must be COMPLETED before this one starts.
     *
     * @param ids the jobs to wait for
     * @return this builder
     */
    public Builder after(JobId... ids) {
      for (JobId id : ids) {
        after.add(Objects.requireNonNull(id, "id"));
      }
      return this;
    }

    /**
     * The job's group (default {@value JobSpec#DEFAULT_GROUP}).
     *
     * @param group 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}
     * @return this builder
     */
    public Builder group(String group) {
      this.group = Objects.requireNonNull(group, "group");
      return this;
    }

    /**
     * The first attempt does not start before this instant (default: at once).
     *
     * @param notBefore the instant, or {@code null}
     * @return this builder
     */
    public Builder notBefore(java.time.Instant notBefore) {
      this.notBefore = notBefore;
      return this;
    }

    /**
     * Adds a hook of the job's own (repeatable; kept in the order given).
     *
     * @param on which changes call it
     * @param target what it calls
     * @return this builder
     */
    public Builder hook(HookTrigger on, HookTarget target) {
      hooks.add(new JobHook(on, target));
      return this;
    }

    /**
     * Adds a hook called when the job ends ({@link HookTrigger#FINISH}).
     *
     * @param target what it calls
     * @return this builder
     */
    public Builder onFinish(HookTarget target) {
      return hook(HookTrigger.FINISH, target);
    }

    /**
     * @throws InvalidJobSpecException when a value is out of range or cannot be carried to a process
     *
     * @return the checked spec
     */
    public JobSpec build() {
      return new JobSpec(name, argv, cwd, env, priority, maxAttempts, timeout, verifiers, after, group, notBefore,
          hooks);
    }
  }
}
