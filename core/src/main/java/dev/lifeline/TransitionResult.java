package dev.lifeline;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one {@link TransitionRequest} of a {@link Lifecycle#fireAll} batch: the committed change, or the
 * reason it was not written, exactly as {@link Lifecycle#fire(Job, JobEvent, EventContext)} would have thrown it
 * (a refusal, an event the table does not allow, a guard that threw, or a lost race). Immutable.
 *
 * @param request what was asked
 * @param change the job as written and its history row; {@code null} when nothing was written
 * @param failure why nothing was written; {@code null} when {@code change} was committed
 */
public record TransitionResult(TransitionRequest request, JobChange change, TransitionException failure) {

  /**
   * Checks that exactly one of {@code change} and {@code failure} is present.
   *
   * @param request what was asked
   * @param change the committed change, or {@code null}
   * @param failure why nothing was written, or {@code null}
   * @throws NullPointerException when {@code request} is {@code null}
   * @throws IllegalArgumentException when both or neither of {@code change} and {@code failure} are given
   */
  public TransitionResult {
    Objects.requireNonNull(request, "request");
    if ((change == null) == (failure == null)) {
      throw new IllegalArgumentException("a result holds either a change or a failure, not "
          + (change == null ? "neither" : "both"));
    }
  }

  /**
   * Whether the change was committed.
   *
   * @return {@code true} when {@link #change()} was written
   */
  public boolean committed() {
    return change != null;
  }

  /**
   * The committed change, if any.
   *
   * @return the change, or empty when nothing was written
   */
  public Optional<JobChange> committedChange() {
    return Optional.ofNullable(change);
  }
}
