package dev.lifeline.supervisor;

import dev.lifeline.Job;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.LaunchException;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import java.util.ArrayList;
import java.util.List;

/** A runtime that records what the store said about the job at the moment each session was started or stopped. */
final class RecordingRuntime implements SessionRuntime {

  private final SessionRuntime delegate;
  private final JobStore store;
  private final List<String> starts = new ArrayList<>();
  private final List<String> stops = new ArrayList<>();

  RecordingRuntime(SessionRuntime delegate, JobStore store) {
    this.delegate = delegate;
    this.store = store;
  }

  @Override
  public SessionHandle start(Job job) throws LaunchException {
    Job stored = store.find(job.id()).orElseThrow();
    starts.add(job.id() + " attempt " + job.attempt() + " stored as " + stored.state() + " attempt " + stored.attempt());
    return delegate.start(job);
  }

  @Override
  public Observation observeAll() {
    return delegate.observeAll();
  }

  @Override
  public void stop(SessionHandle handle) {
    Job stored = store.find(handle.jobId()).orElseThrow();
    stops.add(handle.jobId() + " attempt " + handle.attempt() + " stored as " + stored.state() + " ("
        + stored.failureReason() + ")");
    delegate.stop(handle);
  }

  List<String> startsSeen() {
    return List.copyOf(starts);
  }

  List<String> stopsSeen() {
    return List.copyOf(stops);
  }
}
