-- Lifeline schema, version 2: how the lease holder's latest supervisor pass ended (LeaseStore.recordPass), kept on
-- the lease's one row so that another process (`health`) can tell a supervisor failing every pass from a healthy
-- one. Applied after V1 in the same way; a V1 file keeps every row (the new columns start NULL).
--
-- last_pass_holder names who recorded the pass: a pass counts only while that holder holds the lease. Releasing the
-- lease deletes the row, and with it the record. last_pass_failures is 0 when the latest pass completed (then
-- last_pass_problem is NULL), else how many passes in a row ended with the problem last_pass_problem names.

ALTER TABLE supervisor_lease ADD COLUMN last_pass_holder TEXT;
ALTER TABLE supervisor_lease ADD COLUMN last_pass_at BIGINT;
ALTER TABLE supervisor_lease ADD COLUMN last_pass_failures INTEGER CHECK (last_pass_failures >= 0);
ALTER TABLE supervisor_lease ADD COLUMN last_pass_problem TEXT;
