package dev.lifeline.sqlite;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.StoreException;
import dev.lifeline.StoreException.Kind;
import dev.lifeline.Transition;
import dev.lifeline.VerifierSpec;
import dev.lifeline.spi.Lease;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
   * @throws StoreException (CORRUPT) when a row holds something Lifeline cannot decode
   */
  static List<Job> jobs(ResultSet rs, SqliteFailures failures) throws SQLException {
    List<Job> out = new ArrayList<>();
    while (rs.next()) {
      try {
        out.add(toJob(rs));
      } catch (RuntimeException e) {
        throw new StoreException(Kind.CORRUPT, failures.label() + " holds job " + rs.getLong("id")
            + " in a form Lifeline cannot read (" + e.getMessage() + "); restore a backup.", e);
      }
    }
    return out;
  }

  /**
   * The job in the current row of {@code rs}, by column name.
   *
   * @throws IllegalArgumentException when a column cannot be decoded (the file was changed by something else)
   */
  static Job toJob(ResultSet rs) throws SQLException {
    String timeout = rs.getString("timeout");
    JobSpec spec = new JobSpec(rs.getString("name"), CountedStrings.decode(rs.getString("argv")),
        rs.getString("cwd"), decodeEnv(rs.getString("env")), rs.getInt("priority"), rs.getInt("max_attempts"),
        timeout == null ? null : Duration.parse(timeout), decodeVerifiers(rs.getString("verifiers")));
    return new Job(JobId.of(rs.getLong("id")), spec, JobState.valueOf(rs.getString("state")), rs.getInt("attempt"),
        rs.getString("session"), rs.getString("owner"), nullableInt(rs, "exit_code"),
        reason(rs.getString("failure_reason")), rs.getString("failure_detail"), instant(rs, "not_before"),
        rs.getString("idempotency_key"), instant(rs, "created_at"), instant(rs, "started_at"),
        instant(rs, "finished_at"), instant(rs, "updated_at"), rs.getLong("version"));
  }

  /** {@code job} as the database stores it: every instant truncated to milliseconds. */
  static Job asStored(Job j) {
    return new Job(j.id(), j.spec(), j.state(), j.attempt(), j.session(), j.owner(), j.exitCode(),
        j.failureReason(), j.failureDetail(), millis(j.notBefore()), j.idempotencyKey(), millis(j.createdAt()),
        millis(j.startedAt()), millis(j.finishedAt()), millis(j.updatedAt()), j.version());
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

  /** The transition in the current row of {@code rs} (a {@code SELECT} of the {@code job_transition} columns). */
  static Transition toTransition(ResultSet rs) throws SQLException {
    String from = rs.getString("from_state");
    return new Transition(JobId.of(rs.getLong("job_id")), rs.getInt("attempt"),
        from == null ? null : JobState.valueOf(from), JobState.valueOf(rs.getString("to_state")),
        JobEvent.valueOf(rs.getString("event")), reason(rs.getString("reason")), rs.getString("detail"),
        rs.getString("actor"), instant(rs, "at"));
  }

  // ---- lease -----------------------------------------------------------------------------------------------------

  /** The lease in the current row of {@code rs} (a {@code SELECT} of the {@code supervisor_lease} columns). */
  static Lease toLease(ResultSet rs) throws SQLException {
    return new Lease(rs.getString("holder"), rs.getString("host"), rs.getLong("pid"), instant(rs, "acquired_at"),
        instant(rs, "heartbeat"));
  }

  // ---- columns ---------------------------------------------------------------------------------------------------

  static Instant millis(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }

  /** An instant column: epoch milliseconds, or NULL. */
  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static FailureReason reason(String s) {
    return s == null ? null : FailureReason.valueOf(s);
  }

  static String encodeEnv(Map<String, String> env) {
    List<String> flat = new ArrayList<>(env.size() * 2);
    env.forEach((k, v) -> {
      flat.add(k);
      flat.add(v);
    });
    return CountedStrings.encode(flat);
  }

  private static Map<String, String> decodeEnv(String text) {
    List<String> flat = CountedStrings.decode(text);
    if (flat.size() % 2 != 0) {
      throw new IllegalArgumentException("env has a key without a value");
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

  private static List<VerifierSpec> decodeVerifiers(String text) {
    List<VerifierSpec> out = new ArrayList<>();
    for (String item : CountedStrings.decode(text)) {
      List<String> f = CountedStrings.decode(item);
      String kind = f.isEmpty() ? "" : f.get(0);
      switch (kind) {
        case "COMMAND" -> out.add(new VerifierSpec.Command(field(f, 1), Duration.parse(field(f, 2))));
        case "FILE_EXISTS" -> out.add(new VerifierSpec.FileExists(field(f, 1)));
        case "APPROVAL" -> out.add(new VerifierSpec.Approval());
        case "CUSTOM" -> out.add(new VerifierSpec.Custom(field(f, 1), field(f, 2)));
        default -> throw new IllegalArgumentException("unknown verifier kind '" + kind + "'");
      }
    }
    return out;
  }

  private static String field(List<String> fields, int i) {
    if (i >= fields.size()) {
      throw new IllegalArgumentException("a " + fields.get(0) + " verifier lacks field " + i);
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
  }

  private static void check(String what, String s) {
    if (s != null && !CountedStrings.isWellFormed(s)) {
      throw new IllegalArgumentException(what + " is not valid Unicode (it has an unpaired surrogate), so it "
          + "cannot be stored.");
    }
  }
}
