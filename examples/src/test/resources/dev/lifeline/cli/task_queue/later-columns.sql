-- Columns the old system added later, with ALTER TABLE, as its scheduler and queue_status.py grew.
ALTER TABLE project_queue ADD COLUMN session_name TEXT;
ALTER TABLE project_queue ADD COLUMN main_session TEXT;
ALTER TABLE project_queue ADD COLUMN retry_count INTEGER DEFAULT 0;
