-- An older variant of the table: a log_file column, no session or retry columns, ISO text times only.
CREATE TABLE project_queue (
  id            INTEGER PRIMARY KEY,
  project_name  TEXT,
  spec_path     TEXT,
  project_path  TEXT,
  status        TEXT,
  priority      INTEGER,
  enqueued_at   TEXT,
  started_at    TEXT,
  completed_at  TEXT,
  error_message TEXT,
  log_file      TEXT
);
INSERT INTO project_queue VALUES
  (1, 'Old Done',   'a.md', NULL, 'COMPLETED', 1, '2024-01-02T03:04:05Z', '2024-01-02T03:05:00Z', '2024-01-02T04:00:00Z', NULL, 'logs/a.log'),
  (2, 'Old Failed', 'b.md', NULL, 'failed',    0, '2024-01-02T03:04:05Z', '2024-01-02T03:06:00Z', '2024-01-02T03:07:00Z', 'tmux session died', 'logs/b.log');
