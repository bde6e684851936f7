-- Lifeline schema, version 3: indexes that make a supervisor's reads cost what can still change, not the store's
-- history. Applied after V2 in the same way; a V2 file keeps every row, and the indexes are
-- built from the rows already there.
--
-- job_retryable holds only the FAILED jobs a RETRY may re-queue (attempts left, not cancelled): the supervisor's
-- retry step reads this index, a range as long as the retries pending, whatever number of jobs failed for good.
-- Its WHERE clause is repeated word for word in ReadStatements.RETRYABLE, which SQLite needs to use it; it leads with
-- state so that SQLite prefers it over job_state_newest for that query (both then match state = 'FAILED', and this
-- one also matches the rest), and ends with id so that the rows come out oldest first without a sort.
--
-- job_state_newest serves "jobs in a state, newest first" (list, and the active states a pass reads) as a range read
-- in id order, and a count of one state.

CREATE INDEX job_retryable ON job (state, id)
  WHERE state = 'FAILED' AND attempt < max_attempts AND (failure_reason IS NULL OR failure_reason <> 'CANCELLED');

CREATE INDEX job_state_newest ON job (state, id);
