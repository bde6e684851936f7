package dev.lifeline.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClaimOrderTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  static Job queued(long id, int priority, Instant createdAt) {
    return Job.queued(JobId.of(id), JobSpec.builder("true").priority(priority).build(), null, createdAt);
  }

  private static Job notBefore(Job j, Instant notBefore) {
    return new Job(j.id(), j.spec(), j.state(), j.attempt(), j.session(), j.owner(), j.exitCode(), j.failureReason(),
        j.failureDetail(), notBefore, j.idempotencyKey(), j.createdAt(), j.startedAt(), j.finishedAt(), j.updatedAt(),
        j.version());
  }

  private static List<Long> ids(List<Job> jobs) {
    return jobs.stream().map(j -> j.id().value()).toList();
  }

  @Test
  void higherPriorityComesFirstWhateverItsAge() {
    List<Job> jobs = new ArrayList<>(List.of(queued(1, 0, T), queued(2, 5, T.plusSeconds(60)), queued(3, -1, T)));

    jobs.sort(ClaimOrder.comparator());

    assertThat(ids(jobs)).containsExactly(2L, 1L, 3L);
  }

  @Test
  void atEqualPriorityTheOlderJobComesFirstEvenWithAHigherId() {
    List<Job> jobs = new ArrayList<>(List.of(queued(1, 0, T.plusSeconds(1)), queued(2, 0, T)));

    jobs.sort(ClaimOrder.comparator());

    assertThat(ids(jobs)).containsExactly(2L, 1L);
  }

  @Test
  void creationTimesInTheSameMillisecondTieAndTheLowerIdWins() {
    // A store keeps epoch milliseconds; a sub-millisecond difference must not order jobs differently in memory.
    List<Job> jobs = new ArrayList<>(List.of(queued(1, 0, T.plusNanos(900_000)), queued(2, 0, T.plusNanos(100_000))));

    jobs.sort(ClaimOrder.comparator());

    assertThat(ids(jobs)).containsExactly(1L, 2L);
  }

  @Test
  void theOrderIsTheSqlOrderByPriorityDescCreatedAtIdOverRandomJobs() {
    Random random = new Random(12);
    List<Job> jobs = new ArrayList<>();
    for (long id = 1; id <= 300; id++) {
      jobs.add(queued(id, random.nextInt(3) - 1, T.plusMillis(random.nextInt(20)).plusNanos(random.nextInt(999_999))));
    }
    List<Job> expected = new ArrayList<>(jobs);
    expected.sort((a, b) -> {   // the SQL: ORDER BY priority DESC, created_at (epoch ms), id
      int c = Integer.compare(b.spec().priority(), a.spec().priority());
      if (c == 0) {
        c = Long.compare(a.createdAt().toEpochMilli(), b.createdAt().toEpochMilli());
      }
      return c != 0 ? c : Long.compare(a.id().value(), b.id().value());
    });
    Collections.shuffle(jobs, random);

    jobs.sort(ClaimOrder.comparator());

    assertThat(ids(jobs)).isEqualTo(ids(expected));
  }

  @Test
  void aQueuedJobWithoutNotBeforeIsACandidate() {
    assertThat(ClaimOrder.isCandidate(queued(1, 0, T), T)).isTrue();
  }

  @Test
  void aNotBeforeInTheFutureHoldsTheJobBackAndOneNotAfterNowDoesNot() {
    Job later = notBefore(queued(1, 0, T), T.plusSeconds(1));
    Job now = notBefore(queued(2, 0, T), T);

    assertThat(ClaimOrder.isCandidate(later, T)).isFalse();
    assertThat(ClaimOrder.notBeforeIsAfter(later, T)).isTrue();
    assertThat(ClaimOrder.isCandidate(now, T)).isTrue();
    assertThat(ClaimOrder.isCandidate(later, T.plusSeconds(1))).isTrue();
  }

  @Test
  void notBeforeIsComparedAtMillisecondsAsTheStoreDoes() {
    Job j = notBefore(queued(1, 0, T), T.plusNanos(500_000));

    assertThat(ClaimOrder.isCandidate(j, T)).isTrue();
  }

  @Test
  void aFarFutureNotBeforeNeverOverflows() {
    Job j = notBefore(queued(1, 0, T), Instant.MAX);

    assertThat(ClaimOrder.isCandidate(j, T)).isFalse();
  }

  @Test
  void onlyQueuedJobsAreCandidates() {
    Job j = queued(1, 0, T);
    Job processing = new Job(j.id(), j.spec(), JobState.PROCESSING, 1, "s", null, null, null, null, null, null,
        T, T, null, T, 1);

    assertThat(ClaimOrder.isCandidate(processing, T)).isFalse();
  }
}
