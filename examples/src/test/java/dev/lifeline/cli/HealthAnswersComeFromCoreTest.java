package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.EventContext;
import dev.lifeline.HealthProblem;
import dev.lifeline.HealthQuery;
import dev.lifeline.HealthReport;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.LifelineView;
import dev.lifeline.TransitionException;
import dev.lifeline.spi.Lease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The CLI holds no health rule: over seeded random store states, what {@code health --json} answers (health, problems,
 * counts, stuck jobs, lease, last pass, orphans, held-back jobs, exit code) equals the core view's report on the same
 * store, runtime and clock.
 */
class HealthAnswersComeFromCoreTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JobEvent[] MOVES = {JobEvent.EXITED, JobEvent.PASS, JobEvent.REJECT, JobEvent.CANCEL,
      JobEvent.RETRY};
  private static final String[] STUCK_AFTER = {"1m", "10m", "1h"};

  @Test
  void healthJsonEqualsTheViewsReportOverRandomStoreStates() throws Exception {
    int unhealthy = 0;
    int withOrphans = 0;
    int withHeldBack = 0;
    for (long seed = 1; seed <= 60; seed++) {
      Random random = new Random(seed);
      Cli cli = new Cli();
      randomState(cli, random);
      String stuckAfter = STUCK_AFTER[random.nextInt(STUCK_AFTER.length)];

      Cli.Result r = cli.run("health", "--json", "--stuck-after", stuckAfter);
      HealthReport core = LifelineView.builder().store(cli.wiring.store).runtime(cli.wiring.runtime)
          .clock(cli.wiring.clock).build()
          .health(HealthQuery.defaults().withStuckAfter(DurationConverter.parse(stuckAfter)));

      String what = "seed " + seed + ": " + r.out() + r.err();
      assertSameAnswers(what, r, core);
      unhealthy += core.healthy() ? 0 : 1;
      withOrphans += core.sessions().orphans().isEmpty() ? 0 : 1;
      withHeldBack += core.heldBack().isEmpty() ? 0 : 1;
    }
    // the states were varied enough to mean something
    assertThat(unhealthy).isBetween(5, 55);
    assertThat(withOrphans).isGreaterThan(5);
    assertThat(withHeldBack).isGreaterThan(5);
  }

  /** health --json's answers (and its exit code) are the view's report, field by field. */
  static void assertSameAnswers(String what, Cli.Result r, HealthReport core) throws IOException {
    assertSameAnswers(what, r, core, m -> m);
  }

  /**
   * As above, comparing problem sentences after {@code sentence} (a run on the system clock, where the CLI and the
   * view look a few milliseconds apart, compares them without their ages).
   */
  static void assertSameAnswers(String what, Cli.Result r, HealthReport core, UnaryOperator<String> sentence)
      throws IOException {
    JsonNode h = JSON.readTree(r.out());
    assertThat(r.code()).as(what).isEqualTo(core.healthy() ? ExitCodes.OK : ExitCodes.UNHEALTHY);
    assertThat(h.get("healthy").asBoolean()).as(what).isEqualTo(core.healthy());
    assertThat(texts(h.get("problems")).stream().map(sentence).toList()).as(what)
        .isEqualTo(core.problems().stream().map(HealthProblem::message).map(sentence).toList());
    for (JobState s : JobState.values()) {
      assertThat(h.get("counts").get(s.name()).asLong()).as(what).isEqualTo(core.counts().get(s));
    }
    assertThat(longs(h.get("stuck"), "id")).as(what)
        .isEqualTo(core.stuck().stream().map(j -> j.id().value()).toList());
    assertThat(h.get("lease").isNull()).as(what).isEqualTo(core.lease().isEmpty());
    core.lease().ifPresent(l -> {
      assertThat(h.get("lease").get("holder").asText()).isEqualTo(l.holder());
      assertThat(h.get("lease").get("stale").asBoolean()).as(what).isEqualTo(l.stale());
    });
    assertThat(h.get("lastPass").isNull()).as(what).isEqualTo(core.lastPass().isEmpty());
    core.lastPass().ifPresent(p ->
        assertThat(h.get("lastPass").get("consecutiveFailures").asInt()).isEqualTo(p.consecutiveFailures()));
    assertThat(h.get("runtime").get("healthy").asBoolean()).isEqualTo(core.sessions().observed());
    assertThat(StreamSupport.stream(h.get("orphans").spliterator(), false)
        .map(o -> o.get("session").asText() + ": " + o.get("why").asText()).toList()).as(what)
        .isEqualTo(core.sessions().orphans().stream().map(o -> o.session() + ": " + o.why()).toList());
    assertThat(StreamSupport.stream(h.get("heldBack").spliterator(), false)
        .map(o -> o.get("jobId").asLong() + ":" + o.get("reason").asText()).toList()).as(what)
        .isEqualTo(core.heldBack().stream().map(b -> b.job().id().value() + ":" + b.reason()).toList());
  }

  /** Jobs in every state, a clock moved on, maybe a lease (fresh or stale), failed passes and stray sessions. */
  private static void randomState(Cli cli, Random random) {
    Lifecycle lifecycle = cli.wiring.lifecycle();
    int jobs = random.nextInt(9);
    for (int i = 0; i < jobs; i++) {
      lifecycle.submit(JobSpec.builder("true").priority(random.nextInt(3)).maxAttempts(1 + random.nextInt(3))
          .build());
      cli.wiring.clock.advance(Duration.ofSeconds(random.nextInt(600)));
    }
    for (int i = 0; i < jobs * 2; i++) {
      if (random.nextInt(3) == 0) {
        lifecycle.startNext(1 + random.nextInt(6));
      } else if (jobs > 0) {
        JobId id = JobId.of(1 + random.nextInt(jobs));
        JobEvent event = MOVES[random.nextInt(MOVES.length)];
        EventContext context = event == JobEvent.EXITED ? EventContext.exitCode(random.nextInt(2))
            : event == JobEvent.REJECT ? EventContext.detail("no") : EventContext.none();
        try {
          lifecycle.fire(id, event, context);
        } catch (TransitionException refused) {
          // not allowed from where the job is: the state stays as it is
        }
      }
      cli.wiring.clock.advance(Duration.ofSeconds(random.nextInt(1200)));
    }
    int lease = random.nextInt(3);
    if (lease > 0) {
      Instant beat = cli.wiring.clock.instant();
      cli.wiring.store.leases().tryAcquire(new Lease("host:1", "host", 1, beat, beat), beat, Duration.ofSeconds(30),
          l -> false);
      for (int i = random.nextInt(5); i > 0; i--) {
        cli.wiring.store.leases().recordPass("host:1", beat, "pass " + i + " failed");
      }
      if (lease == 2) {
        cli.wiring.clock.advance(Duration.ofMinutes(1 + random.nextInt(10)));
      }
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      long id = 1 + random.nextInt(jobs + 2);
      int attempt = 1 + random.nextInt(2);
      cli.wiring.runtime.addForeignTaggedSession(JobId.of(id), attempt, "stray-" + id + "-" + attempt);
    }
    for (Job j : lifecycle.list(java.util.Set.of(JobState.PROCESSING), 100)) {
      if (random.nextBoolean()) {
        cli.wiring.runtime.addForeignTaggedSession(j.id(), j.attempt(), j.session());  // its own session, alive
      }
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<Long> longs(JsonNode array, String field) {
    List<Long> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asLong()));
    return out;
  }

  @Test
  void theHealthAndReconcileCommandsImportNoPortAndNoInternal() throws IOException {
    Path cli = Path.of("src/main/java/dev/lifeline/cli");
    for (String file : List.of("HealthCommand.java", "ReconcileCommand.java")) {
      List<String> imports = Files.readAllLines(cli.resolve(file)).stream().filter(l -> l.startsWith("import "))
          .toList();
      assertThat(imports).as(file).isNotEmpty()
          .noneMatch(l -> l.startsWith("import dev.lifeline.spi.") || l.startsWith("import dev.lifeline.internal."));
    }
  }
}
