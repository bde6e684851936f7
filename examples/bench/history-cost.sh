#!/usr/bin/env bash
# BENCHMARKS.md §6.1: what a year of history costs. For 0, 10,000 and 100,000 ended jobs (a third COMPLETED, a third
# CANCELLED, a third FAILED with no attempts left, each with its history rows) beside the same live work (4 jobs
# running `sleep 600`), measures an idle `lifeline run`'s CPU over a window from /proc (after a warm-up), then
# `list`, `health` and `reconcile --dry-run` as whole commands, interleaved across the three stores.
# Usage: examples/bench/history-cost.sh [WINDOW_SECONDS] [ROUNDS]   (builds the CLI on first use)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
window="${1:-30}"; rounds="${2:-11}"
cd "$root"
./lifeline --version >/dev/null
work="$(mktemp -d)"
sock="lifeline-bench-hist-$$"
run_pid=""
cleanup() {
  [ -n "$run_pid" ] && kill "$run_pid" 2>/dev/null && wait "$run_pid" 2>/dev/null
  tmux -L "$sock" kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ticks="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime of the JVM, in clock ticks

seed() { # DB N: N ended jobs with their history rows, written as a V3 Lifeline writes them
  sqlite3 "$1" <<SQL
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
INSERT INTO job (name, argv, cwd, env, priority, max_attempts, timeout, verifiers, state, version, attempt, session,
  owner, exit_code, failure_reason, failure_detail, not_before, idempotency_key, created_at, started_at, finished_at,
  updated_at)
SELECT 'old-' || i, '4:true,', NULL, '', 0, 1, NULL, '',
  CASE i % 3 WHEN 1 THEN 'COMPLETED' ELSE 'FAILED' END, 3, CASE i % 3 WHEN 0 THEN 0 ELSE 1 END,
  CASE i % 3 WHEN 0 THEN NULL ELSE 'll-old-' || i END, 'bench:1', CASE i % 3 WHEN 2 THEN 1 WHEN 1 THEN 0 END,
  CASE i % 3 WHEN 2 THEN 'EXIT_CODE' WHEN 0 THEN 'CANCELLED' END, NULL, NULL, NULL,
  1700000000000 + i, 1700000000000 + i, 1700000000000 + i, 1700000000000 + i FROM n;
INSERT INTO job_transition (job_id, attempt, from_state, to_state, event, reason, detail, actor, at)
SELECT id, 0, NULL, 'QUEUED', 'SUBMIT', NULL, NULL, 'bench', created_at FROM job WHERE name LIKE 'old-%';
INSERT INTO job_transition (job_id, attempt, from_state, to_state, event, reason, detail, actor, at)
SELECT id, 1, 'QUEUED', 'PROCESSING', 'START', NULL, NULL, 'bench', created_at FROM job
WHERE name LIKE 'old-%' AND attempt = 1;
INSERT INTO job_transition (job_id, attempt, from_state, to_state, event, reason, detail, actor, at)
SELECT id, attempt, CASE attempt WHEN 0 THEN 'QUEUED' ELSE 'PROCESSING' END, state,
  CASE failure_reason WHEN 'CANCELLED' THEN 'CANCEL' WHEN 'EXIT_CODE' THEN 'EXITED' ELSE 'PASS' END,
  failure_reason, NULL, 'bench', created_at FROM job WHERE name LIKE 'old-%';
COMMIT;
SQL
}

sizes=(0 10000 100000)
for n in "${sizes[@]}"; do
  db="$work/h$n.db"
  LIFELINE_DB="$db" ./lifeline submit --name first -- true >/dev/null   # creates the file at the current schema
  sqlite3 "$db" "DELETE FROM job_transition; DELETE FROM job;"
  [ "$n" -gt 0 ] && seed "$db" "$n"
  for k in 1 2 3 4; do LIFELINE_DB="$db" ./lifeline submit --name "live-$k" -- sleep 600 >/dev/null; done
done

echo "## idle \`lifeline run\` (4 live jobs), CPU over ${window} s after a 20 s warm-up; $(nproc) CPUs"
echo "| ended jobs | CPU % of one core | live jobs PROCESSING after |"
echo "|---|---|---|"
for n in "${sizes[@]}"; do
  db="$work/h$n.db"
  LIFELINE_DB="$db" LIFELINE_SOCKET="$sock" ./lifeline run --poll 2s >"$work/run$n.log" 2>&1 &
  run_pid=$!
  sleep 20
  t0="$(cpu_ticks "$run_pid")"; s0=$EPOCHREALTIME
  sleep "$window"
  t1="$(cpu_ticks "$run_pid")"; s1=$EPOCHREALTIME
  kill "$run_pid"; wait "$run_pid" 2>/dev/null || true; run_pid=""
  tmux -L "$sock" kill-server 2>/dev/null || true
  pct="$(awk -v a="$t0" -v b="$t1" -v hz="$ticks" -v s="${s0/./}" -v e="${s1/./}" \
    'BEGIN { printf "%.2f", 100 * (b - a) / hz / ((e - s) / 1e6) }')"
  state="$(sqlite3 "$db" "SELECT count(*) FROM job WHERE name LIKE 'live-%' AND state = 'PROCESSING'")"
  echo "| $n | $pct | $state |"
done

echo
echo "## whole commands (ms), ${rounds} interleaved rounds"
args=()
for n in "${sizes[@]}"; do
  db="$work/h$n.db"
  args+=("list $n=LIFELINE_DB=$db LIFELINE_SOCKET=$sock ./lifeline list")
  args+=("health $n=LIFELINE_DB=$db LIFELINE_SOCKET=$sock ./lifeline health")
  args+=("reconcile --dry-run $n=LIFELINE_DB=$db LIFELINE_SOCKET=$sock ./lifeline reconcile --dry-run")
done
examples/bench/interleaved.sh "$rounds" "${args[@]}"
