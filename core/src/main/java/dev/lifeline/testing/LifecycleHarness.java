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

  /** A harness with the library's defaults (backoff 5 s doubling, start grace 5 s, LOST after 2 observations). */
  public static LifecycleHarness create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  private Supervisor newSupervisor() {
    Supervisor.Builder sb = Supervisor.builder().lifecycle(lifecycle).runtime(runtime)
        .verifierExecutor(verifierExecutor);
    supervisorOptions.forEach(o -> o.accept(sb));
    return sb.build();
  }

  // ---- the parts ----------------------------------------------------------------------------------------------------

  /** The store: an {@link InMemoryJobStore} unless {@link Builder#store(JobStore)} gave another. */
  public JobStore store() {
    return store;
  }

  /**
   * The {@link InMemoryJobStore} the harness made (to plant rows a real store could hold).
   *
   * @throws IllegalStateException when {@link Builder#store(JobStore)} gave another store
   */
  public InMemoryJobStore inMemoryStore() {
    if (store instanceof InMemoryJobStore m) {
      return m;
    }
    throw new IllegalStateException("this harness runs on " + store.getClass().getName() + ", not an InMemoryJobStore");
  }

  public FakeSessionRuntime runtime() {
    return runtime;
  }

  public MutableClock clock() {
    return clock;
  }

  public Lifecycle lifecycle() {
    return lifecycle;
  }

  /** The current supervisor (a new one after {@link #restartSupervisor()}). */
  public Supervisor supervisor() {
    return supervisor;
  }

  // ---- steps ----------------------------------------------------------------------------------------------------------

  public Job submit(JobSpec spec) {
    return lifecycle.submit(spec).job();
  }

  public Job submit(JobSpec spec, String idempotencyKey) {
    return lifecycle.submit(spec, idempotencyKey).job();
  }

  /** One supervisor pass. */
  public PassReport tick() {
    return supervisor.tick();
  }

  /** {@code passes} supervisor passes, without moving the clock; their reports in order. */
  public List<PassReport> tick(int passes) {
    List<PassReport> out = new ArrayList<>();
    for (int i = 0; i < passes; i++) {
      out.add(supervisor.tick());
    }
    return out;
  }

  /** What one pass would do, changing nothing. */
  public PassReport plan() {
    return supervisor.plan();
  }

  /** Moves the clock forward. */
  public LifecycleHarness advance(Duration duration) {
    clock.advance(duration);
    return this;
  }

  /** The job's command exits with {@code code}: its exit code is recorded and its session closes. */
  public LifecycleHarness endSession(JobId id, int code) {
    runtime.exit(id, code);
    return this;
  }

  /** The job's session disappears without an exit code (crashed, killed). */
  public LifecycleHarness vanish(JobId id) {
    runtime.vanish(id);
    return this;
  }

  /** Every later observation is UNKNOWN with {@code reason}, until {@link #repairRuntime()}. */
  public LifecycleHarness breakRuntime(String reason) {
    runtime.breakRuntime(reason);
    return this;
  }

  public LifecycleHarness repairRuntime() {
    runtime.repairRuntime();
    return this;
  }

  /** Every later launch fails with {@code reason}; {@code null} to launch normally again. */
  public LifecycleHarness failLaunches(String reason) {
    runtime.failLaunches(reason);
    return this;
  }

  /** Runs the verifiers held since the last call (with {@link Builder#holdVerifiers(boolean)}); how many ran. */
  public int runVerifiers() {
    return verifierExecutor.drain();
  }

  /** How many verifier runs are held, waiting for {@link #runVerifiers()}. */
  public int heldVerifiers() {
    return verifierExecutor.held();
  }

  /**
   * A crash and restart: the current supervisor is dropped without closing (its memory of DEAD counts, orphans and
   * verifications is lost) and a new one with the same options takes over the same store, runtime and clock.
   */
  public Supervisor restartSupervisor() {
    supervisor = newSupervisor();
    return supervisor;
  }

  // ---- operator verbs -----------------------------------------------------------------------------------------------

  /** {@link Lifecycle#cancel} as the {@link #OPERATOR}; the supervisor's next pass ends a running session. */
  public Job cancel(JobId id) {
    return lifecycle.cancel(id, "cancelled by the operator", OPERATOR).job();
  }

  /** {@link Lifecycle#approve} as the {@link #OPERATOR}. */
  public Job approve(JobId id) {
    return lifecycle.approve(id, "approved by the operator", OPERATOR).job();
  }

  /** {@link Lifecycle#reject} as the {@link #OPERATOR}. */
  public Job reject(JobId id, String reason) {
    return lifecycle.reject(id, reason, OPERATOR).job();
  }

  /** {@link Lifecycle#retry} as the {@link #OPERATOR}: may go beyond the job's attempts. */
  public Job retry(JobId id) {
    return lifecycle.retry(id, null, OPERATOR).job();
  }

  // ---- what a test looks at -----------------------------------------------------------------------------------------

  /** @throws dev.lifeline.JobNotFoundException when there is no such job */
  public Job job(JobId id) {
    return lifecycle.get(id);
  }

  public List<Transition> history(JobId id) {
    return lifecycle.history(id);
  }

  /** The events of the job's history, oldest first (SUBMIT first). */
  public List<JobEvent> events(JobId id) {
    return history(id).stream().map(Transition::event).toList();
  }

  /** The sessions launched for the job, in order. */
  public List<SessionHandle> launches(JobId id) {
    return runtime.started().stream().filter(h -> h.jobId().equals(id)).toList();
  }

  /** Every transition committed through the lifecycle, in order. */
  public List<TransitionEvent> transitions() {
    synchronized (transitions) {
      return List.copyOf(transitions);
    }
  }

  /** Every notice the supervisors raised, in order. */
  public List<Notice> notices() {
    synchronized (notices) {
      return List.copyOf(notices);
    }
  }

  public <T extends Notice> List<T> notices(Class<T> type) {
    return notices().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /**
   * Asserts the job's state.
   *
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

    /** The clock (default: {@link MutableClock#startingAt2026()}). */
    public Builder clock(MutableClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The store to run on (default: a new {@link InMemoryJobStore}), so a test can drive its own {@link JobStore}
     * through the lifecycle and the supervisor. The harness does not close it.
     */
    public Builder store(JobStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The lifecycle's RETRY backoff (default {@link Backoff#defaults()}). */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** More lifecycle options (guards, listeners, verifiers), applied after the harness's own. */
    public Builder lifecycle(Consumer<Lifecycle.Builder> options) {
      lifecycleOptions.add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /** More supervisor options (maxConcurrent, lostAfter, orphan policy...), applied after the harness's. */
    public Builder supervisor(Consumer<Supervisor.Builder> options) {
      supervisorOptions.add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /** When true, verifiers wait for {@link LifecycleHarness#runVerifiers()} instead of running during the pass. */
    public Builder holdVerifiers(boolean hold) {
      this.holdVerifiers = hold;
      return this;
    }

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
