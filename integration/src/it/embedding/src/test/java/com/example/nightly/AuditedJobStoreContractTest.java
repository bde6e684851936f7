package com.example.nightly;

import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.JobStoreContract;

/** The user's own store passes Lifeline's store contract, from the published contract artifact. */
class AuditedJobStoreContractTest extends JobStoreContract {

  @Override
  protected JobStore newStore() {
    return new AuditedJobStore();
  }
}
