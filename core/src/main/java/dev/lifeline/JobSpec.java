package dev.lifeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: an immutable description of a job, stored losslessly.
 *
 * @param name a human name (any text; sessions derive a sanitised name from it)
 * @param argv the command and its arguments, run exactly as given (no shell)
 * @param cwd the working directory, or {@code null} for the supervisor's
 * @param env extra environment variables
 * @param priority higher runs sooner
 * @param maxAttempts how many attempts RETRY may lead to, at least 1
 * @param timeout how long an attempt may stay PROCESSING or VERIFICATION, or {@code null} for no limit
 * @param verifiers what must hold after exit 0 before the job is COMPLETED
 */
public record JobSpec(
    String name,
    List<String> argv,
    String cwd,
    Map<String, String> env,
    int priority,
    int maxAttempts,
    Duration timeout,
    List<VerifierSpec> verifiers) {

  public JobSpec {
    Objects.requireNonNull(name, "name");
    argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a job needs a command: argv is empty");
    }
    env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    verifiers = verifiers == null ? List.of() : List.copyOf(verifiers);
  }

  /** A builder with name "job", priority 0, one attempt, no timeout and no verifiers. */
  public static Builder builder(List<String> argv) {
    return new Builder(argv);
  }

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

    private Builder(List<String> argv) {
      this.argv = List.copyOf(argv);
    }

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder cwd(String cwd) {
      this.cwd = cwd;
      return this;
    }

    public Builder env(String key, String value) {
      env.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder verify(VerifierSpec verifier) {
      verifiers.add(Objects.requireNonNull(verifier, "verifier"));
      return this;
    }

    public JobSpec build() {
      return new JobSpec(name, argv, cwd, env, priority, maxAttempts, timeout, verifiers);
    }
  }
}
