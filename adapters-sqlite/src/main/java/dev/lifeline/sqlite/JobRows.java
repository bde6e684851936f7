package dev.lifeline.sqlite;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.StoreException;
import dev.lifeline.Transition;
import dev.lifeline.VerifierSpec;
import dev.lifeline.spi.Lease;
import dev.lifeline.spi.PassRecord;
import dev.lifeline.spi.UnreadableRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Converts between core's values and the rows of V1's tables: the one decoder of each column's format (counted
 * strings, enum names, epoch milliseconds, NULLs), used by the read path and the write path alike, and the encoders
 * the write path binds with. Rows are read from JDBC {@link ResultSet}s by column name. Stateless and thread-safe.
 */
final class JobRows {

  private JobRows() {}

  // ---- job -------------------------------------------------------------------------------------------------------

  /**
   * Every row of {@code rs} (a {@code SELECT} of the {@code job} columns), decoded; reads to the end.
   *
   * @throws StoreException (CORRUPT) naming the job and the column when a row holds something Lifeline cannot decode
   */
  static List<Job> jobs(ResultSet rs, SqliteFailures failures) throws SQLException {
    List<Job> out = new ArrayList<>();
    while (rs.next()) {
      try {
        out.add(toJob(rs));
      } catch (Columns.Undecodable e) {
        throw failures.unreadable(rs.getLong("id"), e);
      }
    }
    return out;
  }

  /**
   * Every row of {@code rs} that decodes; each one that does not is given to {@code unreadable} (naming the job and
   * the column) and left out, except that a row whose id is not positive, which no job id can name, is left out
   * unreported. Reads to the end.
   */
  static List<Job> readableJobs(ResultSet rs, Consumer<UnreadableRow> unreadable) throws SQLException {
    return readableJobs(rs, (id, reason) -> {
      if (id > 0) {
        unreadable.accept(new UnreadableRow(JobId.of(id), reason));
      }
    });
  }

  /** Where rows that do not decode go: the row's id, whatever it is, and the reason. */
  @FunctionalInterface
  interface SkippedRows {
    void skipped(long id, String reason);
  }

  /** Every row of {@code rs} that decodes; every one that does not is given to {@code skipped}. Reads to the end. */
  static List<Job> readableJobs(ResultSet rs, SkippedRows skipped) throws SQLException {
    List<Job> out = new ArrayList<>();
    while (rs.next()) {
      try {
        out.add(toJob(rs));
      } catch (Columns.Undecodable e) {
        skipped.skipped(rs.getLong("id"), e.getMessage());
      }
    }
    return out;
  }

  /**
   * The job in the current row of {@code rs}, by column name.
   *
   * @throws Columns.Undecodable when a column cannot be decoded (the file was changed by something else)
   */
  static Job toJob(ResultSet rs) throws SQLException {
    try {
      return decodeJob(rs);
    } catch (IllegalArgumentException | NullPointerException | dev.lifeline.InvalidJobSpecException e) {
      throw new Columns.Undecodable("the row is not a valid job (" + e.getMessage() + ")");
    }
  }

  private static Job decodeJob(ResultSet rs) throws SQLException {
    String name = Columns.text(rs, "name");
    List<String> argv = counted(rs, "argv");
    if (argv.isEmpty()) {
      throw new Columns.Undecodable("argv is empty");
    }
    String cwd = Columns.nullableText(rs, "cwd");
    Map<String, String> env = decodeEnv(rs);
    int priority = Columns.intValue(rs, "priority", Integer.MIN_VALUE);
    int maxAttempts = Columns.intValue(rs, "max_attempts", 1);
    Duration timeout = timeout(rs);
    List<VerifierSpec> verifiers = decodeVerifiers(rs);
    // Columns of schema version 4, absent from an older file opened to read only (select job.*): their defaults.
    boolean v4 = Columns.has(rs, "after_ids");
    List<JobId> after = v4 ? decodeAfter(Columns.text(rs, "after_ids")) : List.of();
    String group = v4 ? Columns.text(rs, "group_name") : JobSpec.DEFAULT_GROUP;
    java.time.Instant firstNotBefore = v4 ? Columns.nullableInstant(rs, "first_not_before") : null;
    boolean held = v4 && Columns.intValue(rs, "held", 0) != 0;
    // Of schema version 5: the job's own hooks.
    List<dev.lifeline.JobHook> hooks = Columns.has(rs, "hooks") ? HookRows.decodeJobHooks(Columns.text(rs, "hooks"))
        : List.of();
    JobSpec spec = new JobSpec(name, argv, cwd, env, priority, maxAttempts, timeout, verifiers, after, group,
        firstNotBefore, hooks);
    return new Job(JobId.of(Columns.longValue(rs, "id", 1)), spec,
        Columns.enumValue(rs, "state", JobState.class, "state"), Columns.intValue(rs, "attempt", 0),
        Columns.nullableText(rs, "session"), Columns.nullableText(rs, "owner"), Columns.nullableInt(rs, "exit_code"),
        Columns.nullableEnum(rs, "failure_reason", FailureReason.class, "failure reason"),
        Columns.nullableText(rs, "failure_detail"), Columns.nullableInstant(rs, "not_before"),
        Columns.nullableText(rs, "idempotency_key"), Columns.instant(rs, "created_at"),
        Columns.nullableInstant(rs, "started_at"), Columns.nullableInstant(rs, "finished_at"),
        Columns.instant(rs, "updated_at"), Columns.longValue(rs, "version", 0), held);
  }

  /** {@code after_ids}: decimal ids separated by commas, empty for none. */
  static String encodeAfter(List<JobId> after) {
    StringBuilder sb = new StringBuilder();
    for (JobId id : after) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(id.value());
    }
    return sb.toString();
  }

  private static List<JobId> decodeAfter(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    List<JobId> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      if (part.isEmpty() || part.length() > 19 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new Columns.Undecodable("after_ids is not a list of job ids");
      }
      out.add(JobId.of(Long.parseLong(part)));
    }
    return out;
  }

  /** {@code job} as the database stores it: every instant truncated to milliseconds. */
  static Job asStored(Job j) {
    return new Job(j.id(), j.spec(), j.state(), j.attempt(), j.session(), j.owner(), j.exitCode(),
        j.failureReason(), j.failureDetail(), millis(j.notBefore()), j.idempotencyKey(), millis(j.createdAt()),
        millis(j.startedAt()), millis(j.finishedAt()), millis(j.updatedAt()), j.version(), j.held());
  }

  /** Rejects a change that is not about one job or does not advance the version by one, as the contract says. */
  static void checkChange(Job expected, Job next, Transition transition) {
    if (!expected.id().equals(next.id()) || !expected.id().equals(transition.jobId())) {
      throw new IllegalArgumentException("expected, next and transition must be about the same job");
    }
    if (next.version() != expected.version() + 1) {
      throw new IllegalArgumentException("next.version must be expected.version + 1");
    }
  }

  // ---- history ---------------------------------------------------------------------------------------------------

  /**
   * The transition in the current row of {@code rs} (a {@code SELECT} of the {@code job_transition} columns).
   *
   * @throws Columns.Undecodable when a column cannot be decoded
   */
  static Transition toTransition(ResultSet rs) throws SQLException {
    return new Transition(JobId.of(Columns.longValue(rs, "job_id", 1)), Columns.intValue(rs, "attempt", 0),
        Columns.nullableEnum(rs, "from_state", JobState.class, "state"),
        Columns.enumValue(rs, "to_state", JobState.class, "state"),
        Columns.enumValue(rs, "event", JobEvent.class, "event"),
        Columns.nullableEnum(rs, "reason", FailureReason.class, "failure reason"),
        Columns.nullableText(rs, "detail"), Columns.nullableText(rs, "actor"), Columns.instant(rs, "at"));
  }

  // ---- lease -----------------------------------------------------------------------------------------------------

  /**
   * The lease in the current row of {@code rs} (a {@code SELECT} of the {@code supervisor_lease} columns).
   *
   * @throws Columns.Undecodable when a column cannot be decoded
   */
  static Lease toLease(ResultSet rs) throws SQLException {
    return new Lease(Columns.text(rs, "holder"), Columns.text(rs, "host"),
        Columns.longValue(rs, "pid", Long.MIN_VALUE), Columns.instant(rs, "acquired_at"),
        Columns.instant(rs, "heartbeat"));
  }

  /**
   * The pass the lease holder recorded, from the current row of {@code rs} (a {@code SELECT} of the
   * {@code supervisor_lease} columns): empty when the holder has recorded none (or only an earlier holder did).
   *
   * @throws Columns.Undecodable when a column cannot be decoded
   */
  static Optional<PassRecord> toPass(ResultSet rs) throws SQLException {
    String holder = Columns.text(rs, "holder");
    String recordedBy = Columns.nullableText(rs, "last_pass_holder");
    if (!holder.equals(recordedBy)) {
      return Optional.empty();
    }
    Instant at = Columns.instant(rs, "last_pass_at");
    int failures = Columns.intValue(rs, "last_pass_failures", 0);
    String problem = Columns.nullableText(rs, "last_pass_problem");
    if ((failures == 0) != (problem == null)) {
      throw new Columns.Undecodable(failures == 0 ? "last_pass_problem is set though last_pass_failures is 0"
          : "last_pass_problem is NULL though last_pass_failures is " + failures);
    }
    return Optional.of(new PassRecord(holder, at, failures, problem));
  }

  // ---- columns ---------------------------------------------------------------------------------------------------

  static Instant millis(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }

  /** A counted-string list column that must not be NULL. */
  private static List<String> counted(ResultSet rs, String column) throws SQLException {
    String text = Columns.text(rs, column);
    try {
      return CountedStrings.decode(text);
    } catch (IllegalArgumentException e) {
      throw new Columns.Undecodable(column + " is not a list of counted strings (" + e.getMessage() + ")");
    }
  }

  private static Duration timeout(ResultSet rs) throws SQLException {
    String text = Columns.nullableText(rs, "timeout");
    if (text == null) {
      return null;
    }
    Duration d = duration(text, "timeout");
    if (d.isNegative() || d.isZero()) {
      throw new Columns.Undecodable("timeout " + Columns.quote(text) + " is not positive");
    }
    return d;
  }

  private static Duration duration(String text, String what) {
    try {
      return Duration.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new Columns.Undecodable(what + " " + Columns.quote(text) + " is not an ISO-8601 duration");
    }
  }

  static String encodeEnv(Map<String, String> env) {
    List<String> flat = new ArrayList<>(env.size() * 2);
    env.forEach((k, v) -> {
      flat.add(k);
      flat.add(v);
    });
    return CountedStrings.encode(flat);
  }

  private static Map<String, String> decodeEnv(ResultSet rs) throws SQLException {
    List<String> flat = counted(rs, "env");
    if (flat.size() % 2 != 0) {
      throw new Columns.Undecodable("env has a name without a value");
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < flat.size(); i += 2) {
      env.put(flat.get(i), flat.get(i + 1));
    }
    return env;
  }

  static String encodeVerifiers(List<VerifierSpec> verifiers) {
    List<String> items = new ArrayList<>(verifiers.size());
    for (VerifierSpec v : verifiers) {
      items.add(CountedStrings.encode(fields(v)));
    }
    return CountedStrings.encode(items);
  }

  private static List<String> fields(VerifierSpec v) {
    if (v instanceof VerifierSpec.Command c) {
      return List.of("COMMAND", c.command(), c.timeout().toString());
    } else if (v instanceof VerifierSpec.FileExists f) {
      return List.of("FILE_EXISTS", f.path());
    } else if (v instanceof VerifierSpec.Approval) {
      return List.of("APPROVAL");
    } else if (v instanceof VerifierSpec.Custom c) {
      return List.of("CUSTOM", c.name(), c.argument());
    }
    throw new IllegalArgumentException("unknown verifier " + v);
  }

  private static List<VerifierSpec> decodeVerifiers(ResultSet rs) throws SQLException {
    List<VerifierSpec> out = new ArrayList<>();
    for (String item : counted(rs, "verifiers")) {
      String which = "verifiers item " + (out.size() + 1);
      List<String> f;
      try {
        f = CountedStrings.decode(item);
      } catch (IllegalArgumentException e) {
        throw new Columns.Undecodable(which + " is not a list of counted strings (" + e.getMessage() + ")");
      }
      String kind = f.isEmpty() ? "" : f.get(0);
      try {
        switch (kind) {
          case "COMMAND" -> out.add(new VerifierSpec.Command(field(f, 1, which),
              duration(field(f, 2, which), which + " has a timeout")));
          case "FILE_EXISTS" -> out.add(new VerifierSpec.FileExists(field(f, 1, which)));
          case "APPROVAL" -> out.add(new VerifierSpec.Approval());
          case "CUSTOM" -> out.add(new VerifierSpec.Custom(field(f, 1, which), field(f, 2, which)));
          default -> throw new Columns.Undecodable(which + " is of kind " + Columns.quote(kind)
              + ", not a known verifier kind");
        }
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new Columns.Undecodable(which + " is not a valid " + kind + " verifier (" + e.getMessage() + ")");
      }
    }
    return out;
  }

  private static String field(List<String> fields, int i, String which) {
    if (i >= fields.size()) {
      throw new Columns.Undecodable(which + " (" + fields.get(0) + ") lacks field " + i);
    }
    return fields.get(i);
  }

  /** SQLite stores text as UTF-8, which cannot hold an unpaired surrogate: refuse such text instead of losing it. */
  static void checkStorable(JobSpec spec, String idempotencyKey) {
    check("name", spec.name());
    for (int i = 0; i < spec.argv().size(); i++) {
      check("argv[" + i + "]", spec.argv().get(i));
    }
    check("cwd", spec.cwd());
    spec.env().forEach((k, v) -> {
      check("an env name", k);
      check("env " + k, v);
    });
    for (VerifierSpec v : spec.verifiers()) {
      for (String f : fields(v)) {
        check("a verifier", f);
      }
    }
    check("the idempotency key", idempotencyKey);
    for (dev.lifeline.JobHook h : spec.hooks()) {
      check("a hook", HookRows.text(h.target()));
    }
  }

  private static void check(String what, String s) {
    if (s != null && !CountedStrings.isWellFormed(s)) {
      throw new IllegalArgumentException(what + " is not valid Unicode (it has an unpaired surrogate), so it "
          + "cannot be stored.");
    }
  }
}
