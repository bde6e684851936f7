package dev.lifeline.internal.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.JobStoreContract;
import dev.lifeline.spi.Lease;
import dev.lifeline.spi.UnreadableRow;
import dev.lifeline.testing.InMemoryJobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The planning store keeps the store contract over what it records (it passes {@link JobStoreContract} on an empty
 * real store), reads through to the real store, and never writes to it.
 */
class PlanningStoreTest extends JobStoreContract {

  @Override
  protected JobStore newStore() {
    return new PlanningStore(new InMemoryJobStore());
  }

  private static JobSpec spec(String name, int priority) {
    return JobSpec.builder("echo", name).name(name).priority(priority).build();
  }

  private static Job started(Job queued) {
    Job next = queued.toBuilder().state(JobState.PROCESSING).attempt(1).session(name(queued)).startedAt(T0)
        .updatedAt(T0).version(queued.version() + 1).build();
    return next;
  }

  private static String name(Job job) {
    return dev.lifeline.SessionNames.of(job.id(), job.name(), 1);
  }

  private static Transition startRow(Job job) {
    return new Transition(job.id(), 1, JobState.QUEUED, JobState.PROCESSING, JobEvent.START, null, null, "plan", T0);
  }

  @Test
  void readsGoThroughAndWritesStayInThePlan() {
    InMemoryJobStore real = new InMemoryJobStore();
    Job a = real.insert(spec("a", 0), null, T0).job();
    Job b = real.insert(spec("b", 0), null, T0).job();
    PlanningStore plan = new PlanningStore(real);

    assertThat(plan.compareAndSet(a, started(a), startRow(a))).isTrue();

    assertThat(real.find(a.id())).contains(a);
    assertThat(real.history(a.id())).hasSize(1);
    assertThat(plan.find(a.id())).contains(started(a));
    assertThat(plan.history(a.id())).hasSize(2);
    assertThat(plan.list(JobQuery.inStates(JobState.QUEUED))).containsExactly(b);
    assertThat(plan.list(JobQuery.inStates(JobState.PROCESSING))).containsExactly(started(a));
    assertThat(plan.counts()).containsEntry(JobState.QUEUED, 1L).containsEntry(JobState.PROCESSING, 1L);
    assertThat(real.counts()).containsEntry(JobState.QUEUED, 2L).containsEntry(JobState.PROCESSING, 0L);
    assertThat(plan.recordedRows()).containsOnlyKeys(a.id());
  }

  @Test
  void aClaimInThePlanFollowsTheRealStoresOrderAndClaimsNothingReal() {
    InMemoryJobStore real = new InMemoryJobStore();
    real.insert(spec("low", 0), null, T0);
    Job high = real.insert(spec("high", 5), null, T0).job();
    PlanningStore plan = new PlanningStore(real);

    Optional<Job> claimed = plan.claimNext(T0, 10,
        (candidate, running) -> Optional.of(new JobStore.Change(started(candidate), startRow(candidate))));

    assertThat(claimed).map(Job::id).contains(high.id());
    assertThat(real.find(high.id())).map(Job::state).contains(JobState.QUEUED);
  }

  @Test
  void aRealRowThatDoesNotDecodeIsReportedAndSkipped() {
    InMemoryJobStore real = new InMemoryJobStore();
    var bad = real.plantUnreadableRow(JobState.QUEUED, "argv is not JSON");
    Job good = real.insert(spec("good", 0), null, T0).job();
    List<UnreadableRow> told = new ArrayList<>();

    List<Job> read = new PlanningStore(real).listReadable(JobQuery.inStates(JobState.QUEUED), told::add);

    assertThat(read).containsExactly(good);
    assertThat(told).containsExactly(new UnreadableRow(bad, "argv is not JSON"));
  }

  @Test
  void theLeaseIsReadThroughAndNeverTakenForReal() {
    InMemoryJobStore real = new InMemoryJobStore();
    Lease held = real.leases().tryAcquire(new Lease("a", "h", 1, T0, T0), T0, Duration.ofSeconds(30), l -> false)
        .orElseThrow();
    PlanningStore plan = new PlanningStore(real);

    assertThat(plan.leases().current()).contains(held);
    plan.leases().release("a");
    plan.leases().tryAcquire(new Lease("b", "h", 2, T0, T0), T0, Duration.ofSeconds(30), l -> false);
    plan.leases().recordPass("b", T0, "a problem");

    assertThat(plan.leases().current()).map(Lease::holder).contains("b");
    assertThat(real.leases().current()).contains(held);
    assertThat(real.leases().lastPass()).isEmpty();
  }
}
