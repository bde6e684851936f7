package dev.lifeline.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.Backoff;
import dev.lifeline.Delivery;
import dev.lifeline.FailureReason;
import dev.lifeline.HookTarget;
import dev.lifeline.HookTrigger;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.JobStore;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Notifications through the outbox: written with the transition, delivered after commit, at least once. */
class NotificationTest {

  private static final HookTarget DONE = HookTarget.command("notify-done", "a b");

  private static JobSpec hooked(String name) {
    return JobSpec.builder("run", name).name(name).onFinish(DONE).build();
  }

  /** Starts {@code id}, ends its session with {@code code} and lets the passes carry it as far as they go. */
  private static void runTo(LifecycleHarness h, JobId id, int code) {
    h.tick();
    h.endSession(id, code);
    h.tick(2);
  }

  @Test
  void aFinishHookIsDeliveredOnceAfterTheJobCompleted() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(hooked("build")).id();

    h.tick();
    assertThat(h.hookTries()).as("nothing has finished").isEmpty();
    h.endSession(id, 0);
    h.tick(3);

    h.expectState(id, JobState.COMPLETED);
    assertThat(h.hookTries()).hasSize(1);
    Delivery tried = h.hookTries().get(0);
    assertThat(tried.jobId()).isEqualTo(id);
    assertThat(tried.state()).isEqualTo(JobState.COMPLETED);
    assertThat(tried.target()).isEqualTo(DONE);
    assertThat(tried.exitCode()).isZero();
    assertThat(h.deliveries(id)).singleElement().satisfies(d -> {
      assertThat(d.id()).isEqualTo(tried.id());
      assertThat(d.status()).isEqualTo(Delivery.Status.DELIVERED);
      assertThat(d.tries()).isEqualTo(1);
      assertThat(d.finishedAt()).isEqualTo(h.clock().instant());
    });
  }

  @Test
  void aFailingHookIsTriedAgainWithBackoffAndThenGivenUp() {
    LifecycleHarness h = LifecycleHarness.builder()
        .supervisor(s -> s.hookRetries(3, Backoff.exponential(Duration.ofSeconds(10), Duration.ofMinutes(1))))
        .build();
    h.failHooks("the hook command notify-done exited with code 1");
    JobId id = h.submit(hooked("flaky")).id();

    runTo(h, id, 0);
    assertThat(h.hookTries()).hasSize(1);
    assertThat(h.deliveries(id)).singleElement().satisfies(d -> {
      assertThat(d.status()).isEqualTo(Delivery.Status.PENDING);
      assertThat(d.tries()).isEqualTo(1);
      assertThat(d.lastError()).isEqualTo("the hook command notify-done exited with code 1");
      assertThat(d.nextAt()).isEqualTo(h.clock().instant().plusSeconds(10));
    });

    h.advance(Duration.ofSeconds(9)).tick();
    assertThat(h.hookTries()).as("not due yet").hasSize(1);
    h.advance(Duration.ofSeconds(1)).tick();
    assertThat(h.hookTries()).hasSize(2);
    assertThat(h.deliveries(id).get(0).nextAt()).as("the wait doubles").isEqualTo(h.clock().instant().plusSeconds(20));
    h.advance(Duration.ofSeconds(20)).tick();
    h.advance(Duration.ofMinutes(5)).tick(3);

    assertThat(h.hookTries()).hasSize(3).extracting(Delivery::id).containsOnly(h.hookTries().get(0).id());
    assertThat(h.deliveries(id)).singleElement().satisfies(d -> {
      assertThat(d.status()).isEqualTo(Delivery.Status.FAILED);
      assertThat(d.tries()).isEqualTo(3);
      assertThat(d.finishedAt()).isNotNull();
    });
    assertThat(h.notices(Notice.DeliveryFailed.class)).extracting(Notice.DeliveryFailed::tries,
        Notice.DeliveryFailed::givenUp).containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, false), org.assertj.core.groups.Tuple.tuple(2, false),
            org.assertj.core.groups.Tuple.tuple(3, true));
    assertThat(h.store().outbox().counts().failed()).isEqualTo(1);
    h.expectState(id, JobState.COMPLETED);
  }

  @Test
  void aHookThatRecoversIsDeliveredOnItsNextTry() {
    LifecycleHarness h = LifecycleHarness.create();
    h.failHooks("connection refused");
    JobId id = h.submit(hooked("x")).id();
    runTo(h, id, 0);

    h.failHooks(null).advance(Duration.ofSeconds(1)).tick();

    assertThat(h.deliveries(id)).extracting(Delivery::status, Delivery::tries, Delivery::lastError)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Delivery.Status.DELIVERED, 2, "connection refused"));
  }

  @Test
  void aSupervisorThatDiesMidDeliveryLeavesItPendingAndTheNextDeliversTheSameId() {
    AtomicBoolean dropTasks = new AtomicBoolean(true);
    Executor firstDies = task -> {
      if (!dropTasks.get()) {
        task.run();
      }
    };
    LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.hookExecutor(firstDies)).build();
    JobId id = h.submit(hooked("x")).id();
    runTo(h, id, 0);
    assertThat(h.hookTries()).isEmpty();
    assertThat(h.deliveries(id)).extracting(Delivery::status).containsExactly(Delivery.Status.PENDING);

    dropTasks.set(false);
    h.restartSupervisor();
    h.tick();

    assertThat(h.hookTries()).singleElement().extracting(Delivery::id).isEqualTo(h.deliveries(id).get(0).id());
    assertThat(h.deliveries(id)).extracting(Delivery::status).containsExactly(Delivery.Status.DELIVERED);
  }

  @Test
  void aSlowHookNeverHoldsUpThePassAndIsNotTriedTwiceWhileInFlight() {
    Deque<Runnable> held = new ArrayDeque<>();
    LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.hookExecutor(held::add).maxConcurrent(1))
        .build();
    JobId first = h.submit(hooked("first")).id();
    JobId second = h.submit(JobSpec.builder("run", "second").build()).id();
    runTo(h, first, 0);

    h.tick(3);

    assertThat(held).as("one task for the one delivery, however many passes ran").hasSize(1);
    assertThat(h.job(second).state()).as("the pass went on while the hook ran").isEqualTo(JobState.PROCESSING);
    held.poll().run();
    h.tick();
    assertThat(held).isEmpty();
    assertThat(h.hookTries()).hasSize(1);
    assertThat(h.deliveries(first)).extracting(Delivery::status).containsExactly(Delivery.Status.DELIVERED);
  }

  @Test
  void storeAndGroupHooksAreCalledForBySupervisorAndOperatorChangesAlike() {
    LifecycleHarness h = LifecycleHarness.create();
    h.lifecycle().addHook(HookTrigger.entering(JobState.FAILED), null, HookTarget.command("page"), "ops");
    h.lifecycle().addHook(HookTrigger.on(JobEvent.START), "gpu", HookTarget.webhook("http://127.0.0.1:9/s"), null);
    JobId gpu = h.submit(JobSpec.builder("train").group("gpu").build()).id();
    JobId cpu = h.submit(JobSpec.builder("build").build()).id();

    h.tick();
    h.cancel(cpu);
    h.tick();

    assertThat(h.hookTries()).extracting(Delivery::jobId, Delivery::event, Delivery::source).containsExactly(
        org.assertj.core.groups.Tuple.tuple(gpu, JobEvent.START, "hook 2"),
        org.assertj.core.groups.Tuple.tuple(cpu, JobEvent.CANCEL, "hook 1"));
    assertThat(h.lifecycle().hooks()).extracting(dev.lifeline.Hook::actor).containsExactly("ops", "supervisor");
  }

  @Test
  void aDependentAbandonedForAFailedDependencyCallsItsFinishHook() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId a = h.submit(JobSpec.builder("run", "a").build()).id();
    JobId b = h.submit(JobSpec.builder("run", "b").after(a).onFinish(DONE).build()).id();

    runTo(h, a, 2);
    h.tick();

    h.expectFailed(b, FailureReason.DEPENDENCY_FAILED);
    assertThat(h.hookTries()).singleElement().satisfies(d -> {
      assertThat(d.jobId()).isEqualTo(b);
      assertThat(d.event()).isEqualTo(JobEvent.ABANDON);
      assertThat(d.reason()).isEqualTo(FailureReason.DEPENDENCY_FAILED);
    });
  }

  @Test
  void aPlanDeliversNothing() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(JobSpec.builder("run", "x").hook(HookTrigger.on(JobEvent.SUBMIT), DONE).build()).id();

    h.plan();

    assertThat(h.hookTries()).isEmpty();
    assertThat(h.deliveries(id)).extracting(Delivery::status).containsExactly(Delivery.Status.PENDING);
    h.tick();
    assertThat(h.hookTries()).hasSize(1);
  }

  @Test
  void aStoreThatKeepsNoHooksRefusesAJobWithHooksAndWritesNothing() {
    JobStore plain = new CountingJobStore(new InMemoryJobStore());
    Lifecycle lifecycle = Lifecycle.builder().store(plain).build();

    assertThatThrownBy(() -> lifecycle.submit(hooked("x")))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("keeps none");
    assertThatThrownBy(() -> lifecycle.addHook(HookTrigger.FINISH, null, DONE, null))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(lifecycle.list(java.util.Set.of(), 10)).isEmpty();
    assertThat(lifecycle.submit(JobSpec.builder("plain").build()).job().id()).isEqualTo(JobId.of(1));
  }

  @Test
  void aTriggerReadsBackFromItsText() {
    for (HookTrigger t : List.of(HookTrigger.FINISH, HookTrigger.entering(JobState.VERIFICATION),
        HookTrigger.on(JobEvent.TIME_OUT))) {
      assertThat(HookTrigger.parse(t.text())).isEqualTo(t);
      assertThat(HookTrigger.parse(t.text().toLowerCase(java.util.Locale.ROOT))).isEqualTo(t);
    }
    assertThatThrownBy(() -> HookTrigger.parse("DONE\n")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'DONE\\x0a' is not a hook trigger: use FINISH, a state (QUEUED,");
  }

  @Test
  void hookTargetsRefuseWhatNoProgramOrServerCouldTake() {
    assertThatThrownBy(() -> HookTarget.command()).isInstanceOf(dev.lifeline.InvalidJobSpecException.class);
    assertThatThrownBy(() -> HookTarget.command(" ", "x")).hasMessageContaining("must not be blank");
    assertThatThrownBy(() -> HookTarget.command("a\0b")).hasMessageContaining("NUL");
    assertThatThrownBy(() -> HookTarget.webhook("ftp://host/x")).hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> HookTarget.webhook("http://")).isInstanceOf(dev.lifeline.InvalidJobSpecException.class);
    assertThatThrownBy(() -> HookTarget.webhook("/relative")).hasMessageContaining("http:// or https://");
    assertThat(HookTarget.webhook("https://h.example:8443/p?q=1").describe())
        .isEqualTo("POST https://h.example:8443/p?q=1");
  }
}
