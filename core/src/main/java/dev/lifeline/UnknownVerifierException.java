package dev.lifeline;

import java.util.Set;
import java.util.TreeSet;

/**
 * A job names a {@link VerifierSpec.Custom} verifier that is not registered on the {@link Lifecycle}
 * ({@link Lifecycle.Builder#verifier}). Thrown by {@code submit} before anything is written. Immutable.
 */
public final class UnknownVerifierException extends LifelineException {

  /** The name the spec asked for. */
  private final String verifier;
  /** The names that are registered. */
  private final Set<String> registered;

  /**
   * A spec naming an unregistered verifier.
   *
   * @param verifier the name the spec asked for
   * @param registered the names that are registered
   */
  public UnknownVerifierException(String verifier, Set<String> registered) {
    super("No verifier named '" + verifier + "' is registered"
        + (registered.isEmpty() ? " (none are)." : " (registered: " + String.join(", ", new TreeSet<>(registered))
        + ")."));
    this.verifier = verifier;
    this.registered = Set.copyOf(registered);
  }

  /**
   * The name the job's spec asked for.
   *
   * @return the name
   */
  public String verifier() {
    return verifier;
  }

  /**
   * The names that are registered.
   *
   * @return the registered names
   */
  public Set<String> registered() {
    return registered;
  }
}
