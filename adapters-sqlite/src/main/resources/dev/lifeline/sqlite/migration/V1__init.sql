-- Lifeline schema, version 1. Applied by the store inside one BEGIN IMMEDIATE transaction, which then sets
-- PRAGMA user_version = 1. jOOQ's classes are generated from this file at build time (DDLDatabase), so keep to
-- syntax both SQLite and jOOQ's parser accept: no STRICT, VARCHAR for indexed text, BIGINT for epoch millis.
--
-- Times are epoch milliseconds (UTC). States, events and reasons are upper-case enum names.
-- argv, env and verifiers are lists of counted strings: each item is written as <length>:<text>, where <length>
-- is the number of Unicode code points of <text> in decimal (env alternates key and value; each verifier is
-- itself such a list: kind, then its fields). Any text round-trips exactly; no escaping is involved.

CREATE TABLE job (
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
                                              'VERIFICATION_FAILED', 'CANCELLED')),
  failure_detail  TEXT,
  not_before      BIGINT,
  idempotency_key VARCHAR(1024) UNIQUE,
  created_at      BIGINT NOT NULL,
  started_at      BIGINT,
  finished_at     BIGINT,
  updated_at      BIGINT NOT NULL
);

-- Claiming: QUEUED jobs by priority (highest first), then age, then id. Also serves counts per state.
CREATE INDEX job_claim ON job (state, priority DESC, created_at, id);

-- No two active jobs may hold the same session name.
CREATE UNIQUE INDEX job_active_session ON job (session)
  WHERE state IN ('QUEUED', 'PROCESSING', 'VERIFICATION') AND session IS NOT NULL;

CREATE TABLE job_transition (
  id          INTEGER PRIMARY KEY,
  job_id      BIGINT NOT NULL REFERENCES job (id),
  attempt     INTEGER NOT NULL CHECK (attempt >= 0),
  from_state  VARCHAR(16)
                CHECK (from_state IN ('QUEUED', 'PROCESSING', 'VERIFICATION', 'COMPLETED', 'FAILED')),
  to_state    VARCHAR(16) NOT NULL
                CHECK (to_state IN ('QUEUED', 'PROCESSING', 'VERIFICATION', 'COMPLETED', 'FAILED')),
  event       VARCHAR(16) NOT NULL
                CHECK (event IN ('SUBMIT', 'START', 'EXITED', 'LOST', 'TIME_OUT', 'PASS', 'REJECT', 'CANCEL',
                                 'RETRY')),
  reason      VARCHAR(32)
                CHECK (reason IN ('EXIT_CODE', 'SESSION_LOST', 'LAUNCH_FAILED', 'TIMED_OUT',
                                  'VERIFICATION_FAILED', 'CANCELLED')),
  detail      TEXT,
  actor       TEXT,
  at          BIGINT NOT NULL
);

CREATE INDEX job_transition_job ON job_transition (job_id, id);

-- The one-supervisor-per-store lease: at most one row.
CREATE TABLE supervisor_lease (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  holder      TEXT NOT NULL,
  host        TEXT NOT NULL,
  pid         BIGINT NOT NULL,
  acquired_at BIGINT NOT NULL,
  heartbeat   BIGINT NOT NULL
);
