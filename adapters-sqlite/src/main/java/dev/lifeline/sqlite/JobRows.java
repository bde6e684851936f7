package dev.lifeline.sqlite;

import static dev.lifeline.sqlite.db.Tables.JOB;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.VerifierSpec;
import dev.lifeline.sqlite.db.tables.records.JobRecord;
import dev.lifeline.sqlite.db.tables.records.JobTransitionRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/** Converts between core's values and the rows of V1's tables. Stateless and thread-safe. */
final class JobRows {

  private JobRows() {}

  // ---- job -------------------------------------------------------------------------------------------------------

  /** A new QUEUED row for {@code spec}, id left to the database. */
  static JobRecord newRow(DSLContext dsl, JobSpec spec, String idempotencyKey, Instant now) {
    checkStorable(spec, idempotencyKey);
    JobRecord r = dsl.newRecord(JOB);
    r.setName(spec.name());
    r.setArgv(CountedStrings.encode(spec.argv()));
    r.setCwd(spec.cwd());
    r.setEnv(encodeEnv(spec.env()));
    r.setPriority(spec.priority());
    r.setMaxAttempts(spec.maxAttempts());
    r.setTimeout(spec.timeout() == null ? null : spec.timeout().toString());
    r.setVerifiers(encodeVerifiers(spec.verifiers()));
    r.setState(JobState.QUEUED.name());
    r.setVersion(0L);
    r.setAttempt(0);
    r.setIdempotencyKey(idempotencyKey);
    r.setCreatedAt(millis(now));
    r.setUpdatedAt(millis(now));
    return r;
  }

  /**
   * The job a row holds.
   *
   * @throws IllegalArgumentException when a column cannot be decoded (the file was changed by something else)
   */
  static Job toJob(JobRecord r) {
    JobSpec spec = new JobSpec(r.getName(), CountedStrings.decode(r.getArgv()), r.getCwd(), decodeEnv(r.getEnv()),
        r.getPriority(), r.getMaxAttempts(), r.getTimeout() == null ? null : Duration.parse(r.getTimeout()),
        decodeVerifiers(r.getVerifiers()));
    return new Job(JobId.of(r.getId()), spec, JobState.valueOf(r.getState()), r.getAttempt(), r.getSession(),
        r.getOwner(), r.getExitCode(), reason(r.getFailureReason()), r.getFailureDetail(), r.getNotBefore(),
        r.getIdempotencyKey(), r.getCreatedAt(), r.getStartedAt(), r.getFinishedAt(), r.getUpdatedAt(),
        r.getVersion());
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

  static Transition toTransition(JobTransitionRecord r) {
    return new Transition(JobId.of(r.getJobId()), r.getAttempt(),
        r.getFromState() == null ? null : JobState.valueOf(r.getFromState()), JobState.valueOf(r.getToState()),
        JobEvent.valueOf(r.getEvent()), reason(r.getReason()), r.getDetail(), r.getActor(), r.getAt());
  }

  // ---- columns ---------------------------------------------------------------------------------------------------

  static Instant millis(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }

  private static FailureReason reason(String s) {
    return s == null ? null : FailureReason.valueOf(s);
  }

  private static String encodeEnv(Map<String, String> env) {
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

  private static String encodeVerifiers(List<VerifierSpec> verifiers) {
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
  private static void checkStorable(JobSpec spec, String idempotencyKey) {
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
