package dev.lifeline;

import java.util.Objects;

/**
 * What {@link Lifecycle#importJob} did: the job as it stands, and whether this call brought it in. Immutable.
 *
 * @param job the job: the one imported now, or the one an earlier import with the same key brought in
 * @param created {@code true} when this call wrote it, {@code false} when its key was already used (nothing written)
 */
public record ImportedJob(Job job, boolean created) {

  /**
   * @param job the job
   * @param created whether this call wrote it
   * @throws NullPointerException when {@code job} is {@code null}
   */
  public ImportedJob {
    Objects.requireNonNull(job, "job");
  }
}
