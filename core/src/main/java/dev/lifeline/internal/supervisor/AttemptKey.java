package dev.lifeline.internal.supervisor;

import dev.lifeline.Job;
import dev.lifeline.JobId;

/** The key of every side effect: one attempt of one job. */
record AttemptKey(JobId jobId, int attempt) {
  static AttemptKey of(Job job) {
    return new AttemptKey(job.id(), job.attempt());
  }
}
