package dev.lifeline.bench.supervisor;

import dev.lifeline.Job;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;

/**
 * A runtime with its events switched off: everything goes to the wrapped runtime except {@code awaitChange}, which
 * keeps the interface's default (no wake-ups), so a supervisor falls back to its poll interval. Thread-safe if the
 * wrapped runtime is.
 */
final class PollOnlyRuntime implements SessionRuntime {

  private final SessionRuntime runtime;

  PollOnlyRuntime(SessionRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public SessionHandle start(Job job) {
    return runtime.start(job);
  }

  @Override
  public Observation observeAll() {
    return runtime.observeAll();
  }

  @Override
  public void stop(SessionHandle handle) {
    runtime.stop(handle);
  }

  @Override
  public void close() {
    runtime.close();
  }
}
