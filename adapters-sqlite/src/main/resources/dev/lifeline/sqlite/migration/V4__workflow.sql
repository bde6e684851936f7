-- Lifeline schema, version 4: workflows. A job belongs to a group, may be held, may have a first start time of its
-- own, and may wait for other jobs (after_ids, indexed by job_dependency); the new events HOLD, RELEASE and ABANDON
-- and the new reason DEPENDENCY_FAILED join the CHECK constraints. Applied after V3 in the same way; a V3 file keeps
-- every row: the new columns start as 'default', not held and no first start, and no job waits for another.
--
-- SQLite cannot change a CHECK constraint in place, so job and job_transition are rebuilt (create, copy, drop,
-- rename: the procedure of SQLite's ALTER TABLE documentation) inside the one migration transaction, which the
-- store runs with foreign keys off and checks with PRAGMA foreign_key_check before it commits. jOOQ's code generator skips the rebuild (it changes no column jOOQ reads) and
-- sees the ALTER TABLE statements that follow it.

/* [jooq ignore start] */


CREATE TABLE job_v4 (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  name            TEXT NOT NULL,
  argv            TEXT NOT NULL,
  cwd             TEXT,
  env             TEXT NOT NULL,
  priority        INTEGER NOT NULL,
  max_attempts    INTEGER NOT NULL CHECK (max_attempts >= 1),
  timeout         VARCHAR(64),
  verifiers       TEXT NOT NULL,
  state           VARCHAR(16) NOT NULL
                    CHECK (state IN ('QUEUED', 'PROCESSING', 'VERIFICATION', 'COMPLETED', 'FAILED')),
  version         BIGINT NOT NULL CHECK (version >= 0),
  attempt         INTEGER NOT NULL CHECK (attempt >= 0),
  session         VARCHAR(255),
  owner           TEXT,
  exit_code       INTEGER,
  failure_reason  VARCHAR(32)
                    CHECK (failure_reason IN ('EXIT_CODE', 'SESSION_LOST', 'LAUNCH_FAILED', 'TIMED_OUT',
                                              'VERIFICATION_FAILED', 'CANCELLED', 'DEPENDENCY_FAILED')),
  failure_detail  TEXT,
  not_before      BIGINT,
  idempotency_key VARCHAR(1024) UNIQUE,
  created_at      BIGINT NOT NULL,
  started_at      BIGINT,
  finished_at     BIGINT,
  updated_at      BIGINT NOT NULL
);
INSERT INTO job_v4 (id, name, argv, cwd, env, priority, max_attempts, timeout, verifiers, state, version, attempt,
    session, owner, exit_code, failure_reason, failure_detail, not_before, idempotency_key, created_at, started_at,
    finished_at, updated_at)
  SELECT id, name, argv, cwd, env, priority, max_attempts, timeout, verifiers, state, version, attempt, session,
    owner, exit_code, failure_reason, failure_detail, not_before, idempotency_key, created_at, started_at,
    finished_at, updated_at FROM job;
DROP TABLE job;
ALTER TABLE job_v4 RENAME TO job;
CREATE INDEX job_claim ON job (state, priority DESC, created_at, id);
CREATE UNIQUE INDEX job_active_session ON job (session)
  WHERE state IN ('QUEUED', 'PROCESSING', 'VERIFICATION') AND session IS NOT NULL;
CREATE INDEX job_retryable ON job (state, id)
  WHERE state = 'FAILED' AND attempt < max_attempts
    AND (failure_reason IS NULL OR failure_reason NOT IN ('CANCELLED', 'DEPENDENCY_FAILED'));
CREATE INDEX job_state_newest ON job (state, id);

CREATE TABLE job_transition_v4 (
  id          INTEGER PRIMARY KEY,
  job_id      BIGINT NOT NULL REFERENCES job (id),
  attempt     INTEGER NOT NULL CHECK (attempt >= 0),
  from_state  VARCHAR(16)
                CHECK (from_state IN ('QUEUED', 'PROCESSING', 'VERIFICATION', 'COMPLETED', 'FAILED')),
  to_state    VARCHAR(16) NOT NULL
                CHECK (to_state IN ('QUEUED', 'PROCESSING', 'VERIFICATION', 'COMPLETED', 'FAILED')),
  event       VARCHAR(16) NOT NULL
                CHECK (event IN ('SUBMIT', 'START', 'EXITED', 'LOST', 'TIME_OUT', 'PASS', 'REJECT', 'CANCEL',
                                 'RETRY', 'HOLD', 'RELEASE', 'ABANDON')),
  reason      VARCHAR(32)
                CHECK (reason IN ('EXIT_CODE', 'SESSION_LOST', 'LAUNCH_FAILED', 'TIMED_OUT',
                                  'VERIFICATION_FAILED', 'CANCELLED', 'DEPENDENCY_FAILED')),
  detail      TEXT,
  actor       TEXT,
  at          BIGINT NOT NULL
);
INSERT INTO job_transition_v4 (id, job_id, attempt, from_state, to_state, event, reason, detail, actor, at)
  SELECT id, job_id, attempt, from_state, to_state, event, reason, detail, actor, at FROM job_transition;
DROP TABLE job_transition;
ALTER TABLE job_transition_v4 RENAME TO job_transition;
CREATE INDEX job_transition_job ON job_transition (job_id, id);
/* [jooq ignore stop] */

-- The job's group (JobSpec.group), whether it is held (HOLD / RELEASE), its spec's first start (JobSpec.notBefore;
-- not_before is the current attempt's, which a RETRY moves), and the jobs it waits for (JobSpec.after: decimal ids
-- in the order given, separated by commas; empty for none).
ALTER TABLE job ADD COLUMN group_name VARCHAR(64) NOT NULL DEFAULT 'default';
ALTER TABLE job ADD COLUMN held INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1));
ALTER TABLE job ADD COLUMN first_not_before BIGINT;
ALTER TABLE job ADD COLUMN after_ids TEXT NOT NULL DEFAULT '';

-- after_ids as rows, written with the job: job_dependency_on finds a job's dependents (show, and the QUEUED jobs
-- whose dependency failed for good) as a range read. A dependency exists when its dependent is inserted, so the
-- graph has no cycles.
CREATE TABLE job_dependency (
  job_id     BIGINT NOT NULL REFERENCES job (id),
  depends_on BIGINT NOT NULL REFERENCES job (id),
  PRIMARY KEY (job_id, depends_on)
);
CREATE INDEX job_dependency_on ON job_dependency (depends_on, job_id);

-- Operator controls (ControlStore): a group's own concurrency limit (NULL: none) and whether it is paused, one row
-- per configured group; whether the store is drained (at most one row, absent: not drained); and every change of
-- them, with who made it and when.
CREATE TABLE job_group (
  name           VARCHAR(64) PRIMARY KEY,
  max_concurrent INTEGER CHECK (max_concurrent >= 1),
  paused         INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1))
);

CREATE TABLE store_control (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  draining INTEGER NOT NULL CHECK (draining IN (0, 1))
);

CREATE TABLE control_change (
  id      INTEGER PRIMARY KEY,
  target  VARCHAR(80) NOT NULL,
  setting VARCHAR(32) NOT NULL CHECK (setting IN ('maxConcurrent', 'paused', 'draining')),
  value   TEXT,
  actor   TEXT,
  at      BIGINT NOT NULL
);
