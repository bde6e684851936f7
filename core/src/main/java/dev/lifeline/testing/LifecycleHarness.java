package dev.lifeline.testing;

import dev.lifeline.Backoff;
import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import dev.lifeline.Transition;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.Notice;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.SessionHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A lifecycle and its supervisor on an {@link InMemoryJobStore} (or the test's own store, {@link Builder#store}), a
 * {@link FakeSessionRuntime} and a {@link MutableClock}, so that a test reads as steps and needs no threads, sleeps,
 * tmux or files:
 *
 * <pre>{@code
 * LifecycleHarness h = LifecycleHarness.create();
 * JobId id = h.submit(JobSpec.builder("make", "test").build()).id();
 * h.tick();                       // START, then the session is launched
 * h.endSession(id, 0);            // the command exits 0
 * h.tick();                       // EXITED → VERIFICATION → (no verifiers) PASS
 * h.expectState(id, JobState.COMPLETED);
 * }</pre>
 *
 * <p>Verifiers run on the test's thread during {@link #tick()}, so a verdict is collected in the same pass; with
 * {@link Builder#holdVerifiers(boolean)} they wait until {@link #runVerifiers()}, which lets a test see a verification
 * in flight (and time it out with {@link #advance}). Not thread-safe: drive it from the test's thread.
 */
public final class LifecycleHarness {

  /** The actor recorded for the operator verbs ({@link #cancel}, {@link #approve}, {@link #reject}, {@link #retry}). */
  public static final String OPERATOR = "operator";

  private final MutableClock clock;
  private final JobStore store;
  private final FakeSessionRuntime runtime;
  private final Lifecycle lifecycle;
  private final List<Consumer<Supervisor.Builder>> supervisorOptions;
  private final HeldExecutor verifierExecutor;
  private final List<TransitionEvent> transitions = Collections.synchronizedList(new ArrayList<>());
  private final List<Notice> notices = Collections.synchronizedList(new ArrayList<>());
  private final List<dev.lifeline.Delivery> hookTries = Collections.synchronizedList(new ArrayList<>());
  private volatile String hookFailure;
  private Supervisor supervisor;

  private LifecycleHarness(Builder b) {
    this.clock = b.clock;
    this.store = b.store != null ? b.store : new InMemoryJobStore();
    this.runtime = new FakeSessionRuntime(clock);
    this.verifierExecutor = new HeldExecutor(b.holdVerifiers);
    Lifecycle.Builder lb = Lifecycle.builder().store(store).clock(clock).actor("supervisor").backoff(b.backoff)
        .listener(new LifelineListener() {
          @Override
          public void onTransition(TransitionEvent event) {
            transitions.add(event);
          }

          @Override
          public void onNotice(Notice notice) {
            notices.add(notice);
          }
        });
    b.lifecycleOptions.forEach(o -> o.accept(lb));
    this.lifecycle = lb.build();
    this.supervisorOptions = List.copyOf(b.supervisorOptions);
    this.supervisor = newSupervisor();
  }

  /**
   * A harness with the library's defaults (backoff 5 s doubling, start grace 5 s, LOST after 2 observations).
   *
   * @return a new harness on a new in-memory store
   */
  public static LifecycleHarness create() {
    return builder().build();
  }

  /**
   * A builder for a harness with other options (store, clock, backoff, lifecycle and supervisor options).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private Supervisor newSupervisor() {
    Supervisor.Builder sb = Supervisor.builder().lifecycle(lifecycle).runtime(runtime)
        .verifierExecutor(verifierExecutor)
        .hookExecutor(Runnable::run)
        .hookSender((delivery, job) -> {
          hookTries.add(delivery);
          String failure = hookFailure;
          if (failure != null) {
            throw new java.io.IOException(failure);
          }
        });
    supervisorOptions.forEach(o -> o.accept(sb));
    return sb.build();
  }

  // ---- the parts ----------------------------------------------------------------------------------------------------

  /**
   * The store: an {@link InMemoryJobStore} unless {@link Builder#store(JobStore)} gave another.
   *
   * @return the store the lifecycle writes to
   */
  public JobStore store() {
    return store;
  }

  /**
   * The {@link InMemoryJobStore} the harness made (to plant rows a real store could hold).
   *
   * @return the in-memory store
   * @throws IllegalStateException when {@link Builder#store(JobStore)} gave another store
   */
  public InMemoryJobStore inMemoryStore() {
    if (store instanceof InMemoryJobStore m) {
      return m;
    }
    throw new IllegalStateException("this harness runs on " + store.getClass().getName() + ", not an InMemoryJobStore");
  }

  /**
   * The fake runtime the supervisor launches into, for a test to end, lose or inspect sessions.
   *
   * @return the runtime
   */
  public FakeSessionRuntime runtime() {
    return runtime;
  }

  /**
   * The clock of the lifecycle and every supervisor; it moves only with {@link #advance}.
   *
   * @return the clock
   */
  public MutableClock clock() {
    return clock;
  }

  /**
   * The lifecycle under test, with the harness's listener and the builder's options.
   *
   * @return the lifecycle
   */
  public Lifecycle lifecycle() {
    return lifecycle;
  }

  /**
   * The current supervisor (a new one after {@link #restartSupervisor()}).
   *
   * @return the supervisor that {@link #tick()} drives
   */
  public Supervisor supervisor() {
    return supervisor;
  }

  // ---- steps ----------------------------------------------------------------------------------------------------------

  /**
   * Submits {@code spec} through the lifecycle.
   *
   * @param spec what to run
   * @return the QUEUED job
   */
  public Job submit(JobSpec spec) {
    return lifecycle.submit(spec).job();
  }

  /**
   * Submits {@code spec} with an idempotency key through the lifecycle.
   *
   * @param spec what to run
   * @param idempotencyKey the key; a second submit with it returns the first job
   * @return the new or the existing job
   */
  public Job submit(JobSpec spec, String idempotencyKey) {
    return lifecycle.submit(spec, idempotencyKey).job();
  }

  /**
   * One supervisor pass.
   *
   * @return what the pass did
   */
  public PassReport tick() {
    return supervisor.tick();
  }

  /**
   * {@code passes} supervisor passes, without moving the clock.
   *
   * @param passes how many
   * @return their reports, in order
   */
  public List<PassReport> tick(int passes) {
    List<PassReport> out = new ArrayList<>();
    for (int i = 0; i < passes; i++) {
      out.add(supervisor.tick());
    }
    return out;
  }

  /**
   * What one pass would do, changing nothing.
   *
   * @return the planned pass
   */
  public PassReport plan() {
    return supervisor.plan();
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far
   * @return this harness
   */
  public LifecycleHarness advance(Duration duration) {
    clock.advance(duration);
    return this;
  }

  /**
   * The job's command exits with {@code code}: its exit code is recorded and its session closes.
   *
   * @param id the job
   * @param code the exit code
   * @return this harness
   */
  public LifecycleHarness endSession(JobId id, int code) {
    runtime.exit(id, code);
    return this;
  }

  /**
   * The job's session disappears without an exit code (crashed, killed).
   *
   * @param id the job
   * @return this harness
   */
  public LifecycleHarness vanish(JobId id) {
    runtime.vanish(id);
    return this;
  }

  /**
   * Every later observation is UNKNOWN with {@code reason}, until {@link #repairRuntime()}.
   *
   * @param reason why the runtime cannot answer
   * @return this harness
   */
  public LifecycleHarness breakRuntime(String reason) {
    runtime.breakRuntime(reason);
    return this;
  }

  /**
   * Observations answer again after {@link #breakRuntime}.
   *
   * @return this harness
   */
  public LifecycleHarness repairRuntime() {
    runtime.repairRuntime();
    return this;
  }

  /**
   * Every later launch fails with {@code reason}; {@code null} to launch normally again.
   *
   * @param reason the launch failure, or {@code null}
   * @return this harness
   */
  public LifecycleHarness failLaunches(String reason) {
    runtime.failLaunches(reason);
    return this;
  }

  /**
   * Runs the verifiers held since the last call (with {@link Builder#holdVerifiers(boolean)}).
   *
   * @return how many ran
   */
  public int runVerifiers() {
    return verifierExecutor.drain();
  }

  /**
   * How many verifier runs are held, waiting for {@link #runVerifiers()}.
   *
   * @return the number held
   */
  public int heldVerifiers() {
    return verifierExecutor.held();
  }

  /**
   * Every try of a notification the supervisor made, in order, as the sender saw it (nothing is run or posted: the
   * harness's sender only records, at once, on the pass's thread). A try succeeds unless {@link #failHooks} is set.
   *
   * @return the tries so far
   */
  public List<dev.lifeline.Delivery> hookTries() {
    synchronized (hookTries) {
      return List.copyOf(hookTries);
    }
  }

  /**
   * Every later try of a notification fails with {@code error}; {@code null} to deliver again.
   *
   * @param error the failure, or {@code null}
   * @return this harness
   */
  public LifecycleHarness failHooks(String error) {
    this.hookFailure = error;
    return this;
  }

  /**
   * A job's notifications as stored ({@link Lifecycle#deliveries}).
   *
   * @param id the job
   * @return its deliveries, oldest first
   */
  public List<dev.lifeline.Delivery> deliveries(JobId id) {
    return lifecycle.deliveries(id);
  }

  /**
   * A crash and restart: the current supervisor is dropped without closing (its memory of DEAD counts, orphans and
   * verifications is lost) and a new one with the same options takes over the same store, runtime and clock.
   *
   * @return the new supervisor
   */
  public Supervisor restartSupervisor() {
    supervisor = newSupervisor();
    return supervisor;
  }

  // ---- operator verbs -----------------------------------------------------------------------------------------------

  /**
   * {@link Lifecycle#cancel} as the {@link #OPERATOR}; the supervisor's next pass ends a running session.
   *
   * @param id the job
   * @return the cancelled job
   */
  public Job cancel(JobId id) {
    return lifecycle.cancel(id, "cancelled by the operator", OPERATOR).job();
  }

  /**
   * {@link Lifecycle#approve} as the {@link #OPERATOR}.
   *
   * @param id the job, in VERIFICATION
   * @return the completed job
   */
  public Job approve(JobId id) {
    return lifecycle.approve(id, "approved by the operator", OPERATOR).job();
  }

  /**
   * {@link Lifecycle#reject} as the {@link #OPERATOR}.
   *
   * @param id the job, in VERIFICATION
   * @param reason the failure detail
   * @return the failed job
   */
  public Job reject(JobId id, String reason) {
    return lifecycle.reject(id, reason, OPERATOR).job();
  }

  /**
   * {@link Lifecycle#retry} as the {@link #OPERATOR}: may go beyond the job's attempts.
   *
   * @param id the FAILED job
   * @return the QUEUED job
   */
  public Job retry(JobId id) {
    return lifecycle.retry(id, null, OPERATOR).job();
  }

  /**
   * {@link Lifecycle#hold} as the {@link #OPERATOR}: the QUEUED job does not start until {@link #release released}.
   *
   * @param id the QUEUED job
   * @return the held job
   */
  public Job hold(JobId id) {
    return lifecycle.hold(id, null, OPERATOR).job();
  }

  /**
   * {@link Lifecycle#release} as the {@link #OPERATOR}.
   *
   * @param id the held QUEUED job
   * @return the released job
   */
  public Job release(JobId id) {
    return lifecycle.release(id, null, OPERATOR).job();
  }

  // ---- what a test looks at -----------------------------------------------------------------------------------------

  /**
   * The job as stored now.
   *
   * @param id the job
   * @return the job
   * @throws dev.lifeline.JobNotFoundException when there is no such job
   */
  public Job job(JobId id) {
    return lifecycle.get(id);
  }

  /**
   * The job's history, oldest first.
   *
   * @param id the job
   * @return its transitions (SUBMIT first)
   */
  public List<Transition> history(JobId id) {
    return lifecycle.history(id);
  }

  /**
   * The events of the job's history, oldest first (SUBMIT first).
   *
   * @param id the job
   * @return the events
   */
  public List<JobEvent> events(JobId id) {
    return history(id).stream().map(Transition::event).toList();
  }

  /**
   * The sessions launched for the job, in order.
   *
   * @param id the job
   * @return one handle per launched attempt
   */
  public List<SessionHandle> launches(JobId id) {
    return runtime.started().stream().filter(h -> h.jobId().equals(id)).toList();
  }

  /**
   * Every transition committed through the lifecycle, in order, as its listener heard them.
   *
   * @return the transitions so far
   */
  public List<TransitionEvent> transitions() {
    synchronized (transitions) {
      return List.copyOf(transitions);
    }
  }

  /**
   * Every notice the supervisors raised, in order, as the lifecycle's listener heard them.
   *
   * @return the notices so far
   */
  public List<Notice> notices() {
    synchronized (notices) {
      return List.copyOf(notices);
    }
  }

  /**
   * The notices of one kind, in order.
   *
   * @param <T> the kind
   * @param type the kind's class, such as {@code Notice.SessionMissing.class}
   * @return the notices of that kind so far
   */
  public <T extends Notice> List<T> notices(Class<T> type) {
    return notices().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /**
   * Asserts the job's state.
   *
   * @param id the job
   * @param expected the state it must be in
   * @return the job
   * @throws AssertionError naming the job, its state, failure and history when it is in another state
   */
  public Job expectState(JobId id, JobState expected) {
    Objects.requireNonNull(expected, "expected");
    Job job = job(id);
    if (job.state() != expected) {
      throw new AssertionError("job " + id + " is " + describe(job) + ", expected " + expected + "; history: "
          + describeHistory(id));
    }
    return job;
  }

  /**
   * Asserts the job is FAILED for {@code reason}.
   *
   * @param id the job
   * @param reason the failure reason it must have
   * @return the job
   * @throws AssertionError when it is in another state or failed for another reason
   */
  public Job expectFailed(JobId id, FailureReason reason) {
    Job job = expectState(id, JobState.FAILED);
    if (job.failureReason() != reason) {
      throw new AssertionError("job " + id + " is " + describe(job) + ", expected FAILED (" + reason + "); history: "
          + describeHistory(id));
    }
    return job;
  }

  private static String describe(Job job) {
    String s = job.state() + " at attempt " + job.attempt();
    if (job.failureReason() != null) {
      s += " (" + job.failureReason() + (job.failureDetail() != null ? ": " + job.failureDetail() : "") + ")";
    }
    return s;
  }

  private String describeHistory(JobId id) {
    return history(id).stream()
        .map(t -> (t.from() == null ? "" : t.from() + "→") + t.to() + " " + t.event()
            + (t.reason() != null ? " (" + t.reason() + ")" : ""))
        .collect(Collectors.joining(", "));
  }

  /** Mutable builder for {@link LifecycleHarness}; not thread-safe. */
  public static final class Builder {
    private MutableClock clock = MutableClock.startingAt2026();
    private Backoff backoff = Backoff.defaults();
    private boolean holdVerifiers;
    private JobStore store;
    private final List<Consumer<Lifecycle.Builder>> lifecycleOptions = new ArrayList<>();
    private final List<Consumer<Supervisor.Builder>> supervisorOptions = new ArrayList<>();

    private Builder() {}

    /**
     * The clock (default: {@link MutableClock#startingAt2026()}).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(MutableClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The store to run on (default: a new {@link InMemoryJobStore}), so a test can drive its own {@link JobStore}
     * through the lifecycle and the supervisor. The harness does not close it.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(JobStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The lifecycle's RETRY backoff (default {@link Backoff#defaults()}).
     *
     * @param backoff the backoff
     * @return this builder
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * More lifecycle options (guards, listeners, verifiers), applied after the harness's own.
     *
     * @param options what to set on the lifecycle's builder
     * @return this builder
     */
    public Builder lifecycle(Consumer<Lifecycle.Builder> options) {
      lifecycleOptions.add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /**
     * More supervisor options (maxConcurrent, lostAfter, orphan policy...), applied after the harness's.
     *
     * @param options what to set on each supervisor's builder
     * @return this builder
     */
    public Builder supervisor(Consumer<Supervisor.Builder> options) {
      supervisorOptions.add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /**
     * When true, verifiers wait for {@link LifecycleHarness#runVerifiers()} instead of running during the pass.
     *
     * @param hold whether to hold them
     * @return this builder
     */
    public Builder holdVerifiers(boolean hold) {
      this.holdVerifiers = hold;
      return this;
    }

    /**
     * Builds the harness: its lifecycle and its first supervisor.
     *
     * @return a new harness
     */
    public LifecycleHarness build() {
      return new LifecycleHarness(this);
    }
  }

  /** Runs verifier tasks on the caller's thread: at once, or when drained. Thread-safe. */
  private static final class HeldExecutor implements Executor {
    private final boolean hold;
    private final Deque<Runnable> held = new ArrayDeque<>();

    HeldExecutor(boolean hold) {
      this.hold = hold;
    }

    @Override
    public void execute(Runnable task) {
      if (!hold) {
        task.run();
        return;
      }
      synchronized (held) {
        held.add(task);
      }
    }

    int drain() {
      int n = 0;
      while (true) {
        Runnable next;
        synchronized (held) {
          next = held.poll();
        }
        if (next == null) {
          return n;
        }
        next.run();
        n++;
      }
    }

    int held() {
      synchronized (held) {
        return held.size();
      }
    }
  }
}
