package dev.lifeline.supervisor;

import dev.lifeline.Job;
import dev.lifeline.spi.LaunchException;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;

/** A runtime whose sessions can be made to survive a stop, as a hung tmux server might. */
final class StubbornRuntime implements SessionRuntime {

  private final SessionRuntime delegate;
  private volatile boolean ignoreStops;

  StubbornRuntime(SessionRuntime delegate) {
    this.delegate = delegate;
  }

  void ignoreStops(boolean ignore) {
    this.ignoreStops = ignore;
  }

  @Override
  public SessionHandle start(Job job) throws LaunchException {
    return delegate.start(job);
  }

  @Override
  public Observation observeAll() {
    return delegate.observeAll();
  }

  @Override
  public void stop(SessionHandle handle) {
    if (!ignoreStops) {
      delegate.stop(handle);
    }
  }
}
