package dev.lifeline;

import java.time.Instant;
import java.util.Objects;

/**
 * An immutable snapshot of one job's row. Every state change produces a new snapshot with {@code version + 1};
 * stores accept it only by compare-and-set against the snapshot it was computed from.
 *
 * @param id the store-assigned id
 * @param spec what to run
 * @param state the current state
 * @param attempt how many times START happened (0 before the first start)
 * @param session the session name of the current attempt, or {@code null} before the first start
 * @param owner who started the current attempt (a supervisor's host:pid), or {@code null}
 * @param exitCode the exit code of the current attempt, or {@code null} while unknown
 * @param failureReason why the job is FAILED, or {@code null}
 * @param failureDetail a one-line explanation of the failure, or {@code null}
 * @param notBefore the job is not started before this instant ({@code null}: at once)
 * @param idempotencyKey the key given on submit, or {@code null}
 * @param createdAt when it was submitted
 * @param startedAt when the current attempt started, or {@code null}
 * @param finishedAt when it reached COMPLETED or FAILED, or {@code null}
 * @param updatedAt when the row last changed
 * @param version increases by one on every change
 * @param held a held QUEUED job does not start until it is released (HOLD and RELEASE)
 */
public record Job(
    JobId id,
    JobSpec spec,
    JobState state,
    int attempt,
    String session,
    String owner,
    Integer exitCode,
    FailureReason failureReason,
    String failureDetail,
    Instant notBefore,
    String idempotencyKey,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt,
    long version,
    boolean held) {

  /**
   * Checks that id, spec, state, createdAt and updatedAt are present and the attempt is not negative.
   *
   * @param id the store-assigned id
   * @param spec what to run
   * @param state the current state
   * @param attempt how many times START happened (0 before the first start)
   * @param session the session name of the current attempt, or {@code null} before the first start
   * @param owner who started the current attempt (a supervisor's host:pid), or {@code null}
   * @param exitCode the exit code of the current attempt, or {@code null} while unknown
   * @param failureReason why the job is FAILED, or {@code null}
   * @param failureDetail a one-line explanation of the failure, or {@code null}
   * @param notBefore the job is not started before this instant ({@code null}: at once)
   * @param idempotencyKey the key given on submit, or {@code null}
   * @param createdAt when it was submitted
   * @param startedAt when the current attempt started, or {@code null}
   * @param finishedAt when it reached COMPLETED or FAILED, or {@code null}
   * @param updatedAt when the row last changed
   * @param version increases by one on every change
   * @param held whether the job is held (it does not start until released)
   * @throws NullPointerException when a required field is {@code null}
   * @throws IllegalArgumentException when {@code attempt} is negative
   */
  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must not be negative");
    }
  }

  /**
   * A snapshot that is not held, as in 0.1.
   *
   * @param id the store-assigned id
   * @param spec what to run
   * @param state the current state
   * @param attempt how many times START happened
   * @param session the session name of the current attempt, or {@code null}
   * @param owner who started the current attempt, or {@code null}
   * @param exitCode the exit code of the current attempt, or {@code null}
   * @param failureReason why the job is FAILED, or {@code null}
   * @param failureDetail a one-line explanation of the failure, or {@code null}
   * @param notBefore the job is not started before this instant, or {@code null}
   * @param idempotencyKey the key given on submit, or {@code null}
   * @param createdAt when it was submitted
   * @param startedAt when the current attempt started, or {@code null}
   * @param finishedAt when it reached COMPLETED or FAILED, or {@code null}
   * @param updatedAt when the row last changed
   * @param version increases by one on every change
   */
  public Job(JobId id, JobSpec spec, JobState state, int attempt, String session, String owner, Integer exitCode,
      FailureReason failureReason, String failureDetail, Instant notBefore, String idempotencyKey, Instant createdAt,
      Instant startedAt, Instant finishedAt, Instant updatedAt, long version) {
    this(id, spec, state, attempt, session, owner, exitCode, failureReason, failureDetail, notBefore, idempotencyKey,
        createdAt, startedAt, finishedAt, updatedAt, version, false);
  }

  /**
   * A new QUEUED job as a store inserts it, version 0, not before the spec's {@link JobSpec#notBefore()}.
   *
   * @param id the store-assigned id
   * @param spec what to run
   * @param idempotencyKey the key given on submit, or {@code null}
   * @param now when it is submitted
   * @return the QUEUED snapshot
   */
  public static Job queued(JobId id, JobSpec spec, String idempotencyKey, Instant now) {
    return new Job(id, spec, JobState.QUEUED, 0, null, null, null, null, null, spec.notBefore(), idempotencyKey, now,
        null, null, now, 0, false);
  }

  /**
   * The job's human name, from its spec.
   *
   * @return {@code spec().name()}
   */
  public String name() {
    return spec.name();
  }

  /**
   * A builder pre-filled with this snapshot, for computing the next one.
   *
   * @return a builder holding this snapshot's values
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copy-and-change builder for {@link Job}; not thread-safe. */
  public static final class Builder {
    private final Job base;
    private JobState state;
    private int attempt;
    private String session;
    private String owner;
    private Integer exitCode;
    private FailureReason failureReason;
    private String failureDetail;
    private Instant notBefore;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant updatedAt;
    private long version;
    private boolean held;

    private Builder(Job j) {
      base = j;
      state = j.state;
      attempt = j.attempt;
      session = j.session;
      owner = j.owner;
      exitCode = j.exitCode;
      failureReason = j.failureReason;
      failureDetail = j.failureDetail;
      notBefore = j.notBefore;
      startedAt = j.startedAt;
      finishedAt = j.finishedAt;
      updatedAt = j.updatedAt;
      version = j.version;
      held = j.held;
    }

    /**
     * The next snapshot's state.
     *
     * @param v the state
     * @return this builder
     */
    public Builder state(JobState v) { state = v; return this; }
    /**
     * The next snapshot's attempt count.
     *
     * @param v the attempt count
     * @return this builder
     */
    public Builder attempt(int v) { attempt = v; return this; }
    /**
     * The next snapshot's session name ({@code null}: none).
     *
     * @param v the session name, or {@code null}
     * @return this builder
     */
    public Builder session(String v) { session = v; return this; }
    /**
     * The next snapshot's owner ({@code null}: none).
     *
     * @param v the owner, or {@code null}
     * @return this builder
     */
    public Builder owner(String v) { owner = v; return this; }
    /**
     * The next snapshot's exit code ({@code null}: unknown).
     *
     * @param v the exit code, or {@code null}
     * @return this builder
     */
    public Builder exitCode(Integer v) { exitCode = v; return this; }
    /**
     * The next snapshot's failure reason ({@code null}: none).
     *
     * @param v the reason, or {@code null}
     * @return this builder
     */
    public Builder failureReason(FailureReason v) { failureReason = v; return this; }
    /**
     * The next snapshot's failure detail ({@code null}: none).
     *
     * @param v the detail, or {@code null}
     * @return this builder
     */
    public Builder failureDetail(String v) { failureDetail = v; return this; }
    /**
     * The next snapshot's earliest start ({@code null}: at once).
     *
     * @param v the instant, or {@code null}
     * @return this builder
     */
    public Builder notBefore(Instant v) { notBefore = v; return this; }
    /**
     * When the next snapshot's attempt started ({@code null}: not started).
     *
     * @param v the instant, or {@code null}
     * @return this builder
     */
    public Builder startedAt(Instant v) { startedAt = v; return this; }
    /**
     * When the next snapshot finished ({@code null}: not finished).
     *
     * @param v the instant, or {@code null}
     * @return this builder
     */
    public Builder finishedAt(Instant v) { finishedAt = v; return this; }
    /**
     * When the next snapshot is written.
     *
     * @param v the instant
     * @return this builder
     */
    public Builder updatedAt(Instant v) { updatedAt = v; return this; }
    /**
     * The next snapshot's version.
     *
     * @param v the version
     * @return this builder
     */
    public Builder version(long v) { version = v; return this; }
    /**
     * Whether the next snapshot is held.
     *
     * @param v true to hold
     * @return this builder
     */
    public Builder held(boolean v) { held = v; return this; }

    /**
     * The next snapshot; id, spec, idempotency key and createdAt stay the base's.
     *
     * @return the new snapshot
     */
    public Job build() {
      return new Job(base.id, base.spec, state, attempt, session, owner, exitCode, failureReason, failureDetail,
          notBefore, base.idempotencyKey, base.createdAt, startedAt, finishedAt, updatedAt, version, held);
    }
  }
}
