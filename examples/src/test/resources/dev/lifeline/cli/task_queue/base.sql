-- The project_queue table of task_queue.db as the system Lifeline replaces first created it: times as REAL epoch
-- seconds (Python's datetime.now().timestamp()), statuses in whatever case each writer used.
CREATE TABLE project_queue (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  project_name  TEXT NOT NULL,
  spec_path     TEXT,
  project_path  TEXT,
  status        TEXT NOT NULL DEFAULT 'queued',
  priority      INTEGER DEFAULT 0,
  enqueued_at   REAL,
  started_at    REAL,
  completed_at  REAL,
  error_message TEXT
);
