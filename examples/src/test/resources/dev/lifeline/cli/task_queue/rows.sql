-- One row of every status family the old system wrote, in the cases it wrote them, with REAL and text times.
-- 1749000000 = 2025-06-04T01:20:00Z.
INSERT INTO project_queue (id, project_name, spec_path, project_path, status, priority, enqueued_at, started_at,
  completed_at, error_message, session_name, main_session, retry_count) VALUES
  (1,  'Fetch Data',               'specs/fetch.md',  '@PROJECT@', 'completed',          0, 1749000000.25, 1749000060.5, 1749003600.0, NULL, 'claude_fetch', NULL, 0),
  (2,  'Reporting Mvp Integration', 'specs/report.md', '@PROJECT@', 'COMPLETED',         5, 1749000100,    1749000200,   1749000300,   NULL, NULL, 'main_71', 0),
  (3,  'Broken Build',             'specs/build.md',  '/nonexistent/dir', 'failed',      0, 1749000000,    1749000010,   1749000020,   'Session claude_build not found', 'claude_build', NULL, 2),
  (4,  'Shouting Failure',         NULL,              NULL,        'FAILED',             0, 1749000000,    NULL,         NULL,         NULL, NULL, NULL, 0),
  (5,  'Given Up',                 'specs/up.md',     NULL,        'permanently_failed', 0, 1749000000,    1749000100,   1749000050,   'max retries exceeded', NULL, NULL, 3),
  (6,  'Next In Line',             'specs/next.md',   '@PROJECT@', 'queued',             9, 1749000500,    NULL,         NULL,         NULL, NULL, NULL, 0),
  (7,  'Running Old',              'specs/run.md',    NULL,        'processing',         0, 1749000000,    1749000900,   NULL,         NULL, 'claude_run', NULL, 0),
  (8,  'Running Loud',             'specs/loud.md',   NULL,        'PROCESSING',         0, 1749000000,    1749000950,   NULL,         NULL, NULL, 'main_8', 0),
  (9,  'Tried Again',              'specs/again.md',  NULL,        'retried',            0, 1749000000,    NULL,         NULL,         'first try lost', NULL, NULL, 1),
  (10, 'Out Of Credit',            'specs/credit.md', NULL,        'credit_paused',      0, 1749000000,    NULL,         NULL,         'credit limit reached', NULL, NULL, 0),
  (11, 'Text Times',               'specs/text.md',   NULL,        'completed',          0, '2025-06-04T01:20:00+00:00', '2025-06-04 01:21:00', '2025-06-04T01:30:00.500Z', NULL, NULL, NULL, 0),
  (12, 'Mystery',                  NULL,              NULL,        'on_hold_maybe',      0, 1749000000,    NULL,         NULL,         NULL, NULL, NULL, 0),
  (13, 'Bad Time',                 NULL,              NULL,        'completed',          0, 'yesterday',   NULL,         NULL,         NULL, NULL, NULL, 0);
