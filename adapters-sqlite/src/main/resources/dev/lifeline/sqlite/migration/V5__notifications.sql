-- Lifeline schema, version 5: notifications. A job may carry hooks of its own (job.hooks), the store keeps hooks
-- for all jobs or one group's (hook), and every change a hook calls for leaves a row in the outbox (delivery),
-- written in the same transaction as the change, which the supervisor delivers after commit. Applied after V4 in the
-- same way; a V4 file keeps every row: no job has hooks, the store has none, the outbox is empty.

-- The job's own hooks (JobSpec.hooks): a counted-string list (CountedStrings), one item per hook, each itself a
-- counted-string list of the trigger (a state, an event or FINISH), the target's kind, then its fields (COMMAND:
-- argv; WEBHOOK: the URL). Empty for none.
ALTER TABLE job ADD COLUMN hooks TEXT NOT NULL DEFAULT '';

-- The store's hooks: for every job (group_name NULL) or one group's. Ids are never reused (AUTOINCREMENT), so a
-- delivery's source ("hook <id>") names one hook for ever. target: COMMAND, a counted-string list of argv; WEBHOOK,
-- the URL.
CREATE TABLE hook (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  fires_on    VARCHAR(16) NOT NULL,
  group_name  VARCHAR(64),
  target_kind VARCHAR(8) NOT NULL CHECK (target_kind IN ('COMMAND', 'WEBHOOK')),
  target      TEXT NOT NULL,
  actor       TEXT,
  created_at  BIGINT NOT NULL
);

-- The outbox: one row per delivery a change called for, with the change's fields and the target copied from the
-- hook, so removing a hook later changes nothing already called for. Ids are never reused: a delivery delivered
-- twice (a supervisor that died before recording it) carries the same id both times. PENDING rows are due at
-- next_at (delivery_due, a range read whatever the history); FAILED rows were given up (delivery_failed, counted
-- by health); delivery_job lists a job's deliveries (show).
CREATE TABLE delivery (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id      BIGINT NOT NULL REFERENCES job (id),
  attempt     INTEGER NOT NULL CHECK (attempt >= 0),
  from_state  VARCHAR(16),
  to_state    VARCHAR(16) NOT NULL,
  event       VARCHAR(16) NOT NULL,
  reason      VARCHAR(32),
  exit_code   INTEGER,
  source      VARCHAR(32) NOT NULL,
  target_kind VARCHAR(8) NOT NULL CHECK (target_kind IN ('COMMAND', 'WEBHOOK')),
  target      TEXT NOT NULL,
  status      VARCHAR(16) NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
  tries       INTEGER NOT NULL CHECK (tries >= 0),
  next_at     BIGINT NOT NULL,
  last_error  TEXT,
  created_at  BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX delivery_due ON delivery (next_at, id) WHERE status = 'PENDING';
CREATE INDEX delivery_failed ON delivery (id) WHERE status = 'FAILED';
CREATE INDEX delivery_job ON delivery (job_id, id);
