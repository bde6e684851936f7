package dev.lifeline.testing;

import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.JobStoreContract;

/** The in-memory store passes the store contract. */
class InMemoryJobStoreTest extends JobStoreContract {
  @Override
  protected JobStore newStore() {
    return new InMemoryJobStore();
  }
}
