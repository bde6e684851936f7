package dev.lifeline.testing;

import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.JobStoreContract;
import java.util.Optional;

/** The in-memory store passes the store contract, its wake-up rules checked through a sharing instance. */
class InMemoryJobStoreTest extends JobStoreContract {
  @Override
  protected JobStore newStore() {
    return new InMemoryJobStore();
  }

  @Override
  protected Optional<JobStore> sameDataStore() {
    return Optional.of(((InMemoryJobStore) store).sharingInstance());
  }
}
