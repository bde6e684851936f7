package dev.lifeline;

import java.time.Duration;
import java.util.Objects;

/**
 * A verifier as data, stored with the job, so that any process can run it. The supervisor turns each spec into a
 * {@link dev.lifeline.spi.Verifier}: the built-ins below, or a custom one registered by name on the lifecycle. A value
 * no verifier may hold (a blank command or path, a timeout that is not positive) throws
 * {@link InvalidJobSpecException} (field {@code verifiers}); the ranges are checked by {@link JobSpec}. The records are
 * immutable and thread-safe.
 */
public sealed interface VerifierSpec {

  /** Passes when {@code command} run by {@code /bin/sh -c} in the job's cwd exits 0 within {@code timeout}. */
  record Command(String command, Duration timeout) implements VerifierSpec {
    /**
     * Checks the command is not blank; a {@code null} timeout becomes 5 minutes.
     *
     * @param command the shell command (not blank)
     * @param timeout how long it may run ({@code null}: 5 minutes)
     * @throws IllegalArgumentException when the command is blank or the timeout is not positive
     */
    public Command {
      Objects.requireNonNull(command, "command");
      if (command.isBlank()) {
        throw new InvalidJobSpecException("verifiers", "A verify command must not be blank.");
      }
      timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
      if (timeout.isNegative() || timeout.isZero()) {
        throw new InvalidJobSpecException("verifiers", "A verify command's timeout must be positive, got " + timeout
            + ".");
      }
    }
  }

  /** Passes when {@code path} (resolved against the job's cwd when relative) exists. */
  record FileExists(String path) implements VerifierSpec {
    /**
     * Checks the path is not blank.
     *
     * @param path the file that must exist (not blank)
     * @throws IllegalArgumentException when the path is blank
     */
    public FileExists {
      Objects.requireNonNull(path, "path");
      if (path.isBlank()) {
        throw new InvalidJobSpecException("verifiers", "A verify file path must not be blank.");
      }
    }
  }

  /** Waits for an operator: {@code approve} fires PASS, {@code reject} fires REJECT. */
  record Approval() implements VerifierSpec {}

  /**
   * A verifier registered on the lifecycle ({@link Lifecycle.Builder#verifier}) under {@code name}, given
   * {@code argument}; {@code submit} refuses a job naming one that is not registered.
   */
  record Custom(String name, String argument) implements VerifierSpec {
    /**
     * Checks the name is present; a {@code null} argument becomes empty.
     *
     * @param name the registered verifier's name
     * @param argument what it is given ({@code null}: empty)
     * @throws NullPointerException when a required field is {@code null}
     */
    public Custom {
      Objects.requireNonNull(name, "name");
      argument = argument == null ? "" : argument;
    }
  }
}
