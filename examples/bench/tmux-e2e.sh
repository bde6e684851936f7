#!/usr/bin/env bash
# BENCHMARKS.md §6.5: 100 trivial jobs (`true`) end to end, in interleaved rounds:
#   - lifeline: `lifeline run --until-idle --max-concurrent 16` over 100 QUEUED jobs (seeded with raw SQL, as a
#     release writes them), as one whole command (its JVM start included; `lifeline --version` is timed beside it);
#   - raw tmux: `tmux new-session -d true` ×100, one client call each, on a server that already runs a keeper
#     session (as the supervisor's server does); and the same with each session's output piped to a process
#     (`pipe-pane`, as Lifeline's live log is);
#   - task-spooler (`tsp`, Debian's task-spooler, when installed): 16 slots, 100 × `tsp true`, then `tsp -w`.
# Prints min / median / max wall time per contender and jobs/s at the medians.
# Usage: examples/bench/tmux-e2e.sh [ROUNDS]   (default 7; builds the CLI on first use)
# Every server is on a private socket (tmux -L, TS_SOCKET) and only those are killed, also on an error or Ctrl-C.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-7}"
cd "$root"
./lifeline --version >/dev/null
work="$(mktemp -d)"
sock="lifeline-bench-e2e-$$"
raw="lifeline-bench-raw-$$"
export TS_SOCKET="$work/tsp.socket"
have_tsp=false
command -v tsp >/dev/null && have_tsp=true
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  tmux -L "$raw" kill-server 2>/dev/null || true
  if $have_tsp; then tsp -K >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
ms() { echo $(( (${2/./} - ${1/./}) / 1000 )); }

seed() { # DB: 100 QUEUED `true` jobs with their SUBMIT rows
  sqlite3 "$1" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
INSERT INTO job (name, argv, cwd, env, priority, max_attempts, timeout, verifiers, state, version, attempt, session,
  owner, exit_code, failure_reason, failure_detail, not_before, idempotency_key, created_at, started_at, finished_at,
  updated_at)
SELECT 'true-' || i, '4:true,', NULL, '', 0, 1, NULL, '', 'QUEUED', 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  1700000000000 + i, NULL, NULL, 1700000000000 + i FROM n;
INSERT INTO job_transition (job_id, attempt, from_state, to_state, event, reason, detail, actor, at)
SELECT id, 0, NULL, 'QUEUED', 'SUBMIT', NULL, NULL, 'bench', created_at FROM job;
COMMIT;
SQL
}

declare -A t
if $have_tsp; then
  TMPDIR="$work" tsp -S 16 >/dev/null   # one task-spooler server for all rounds, on this run's socket
fi
for ((r = 1; r <= rounds; r++)); do
  db="$work/e2e$r.db"
  LIFELINE_DB="$db" ./lifeline submit --name first -- true >/dev/null   # the file at the current schema
  sqlite3 "$db" "DELETE FROM job_transition; DELETE FROM job;"
  seed "$db"
  s=$EPOCHREALTIME
  LIFELINE_DB="$db" LIFELINE_SOCKET="$sock" ./lifeline run --until-idle --max-concurrent 16 >"$work/run$r.log" 2>&1
  e=$EPOCHREALTIME
  done_jobs="$(sqlite3 "$db" "SELECT count(*) FROM job WHERE state = 'COMPLETED'")"
  [ "$done_jobs" = 100 ] || { echo "round $r: only $done_jobs of 100 jobs COMPLETED" >&2; cat "$work/run$r.log" >&2; exit 1; }
  t[lifeline]+="$(ms "$s" "$e") "
  tmux -L "$sock" kill-server 2>/dev/null || true

  s=$EPOCHREALTIME; ./lifeline --version >/dev/null; e=$EPOCHREALTIME
  t[jvm]+="$(ms "$s" "$e") "

  tmux -L "$raw" -f /dev/null new-session -d -s keeper sleep 600
  s=$EPOCHREALTIME
  for ((i = 0; i < 100; i++)); do tmux -L "$raw" -f /dev/null new-session -d true; done
  e=$EPOCHREALTIME
  t[raw]+="$(ms "$s" "$e") "
  s=$EPOCHREALTIME
  for ((i = 0; i < 100; i++)); do
    tmux -L "$raw" -f /dev/null new-session -d -s "p$i" 'sleep 0.3' \; pipe-pane -t "=p$i:" 'exec cat >/dev/null'
  done
  e=$EPOCHREALTIME
  t[rawlog]+="$(ms "$s" "$e") "
  tmux -L "$raw" kill-server 2>/dev/null || true

  if $have_tsp; then
    tsp -C >/dev/null   # forget the last round's finished jobs
    s=$EPOCHREALTIME
    for ((i = 0; i < 100; i++)); do tsp -n true >/dev/null; done
    tsp -w >/dev/null 2>&1 || true
    while [ "$(tsp | grep -c -E ' (running|queued) ')" != 0 ]; do sleep 0.001; done
    e=$EPOCHREALTIME
    t[tsp]+="$(ms "$s" "$e") "
  fi
done

echo "## 100 trivial jobs end to end, $rounds interleaved rounds; $(nproc) CPUs; $(tmux -V)"
echo "| contender | min ms | **median ms** | max ms | jobs/s at the median |"
echo "|---|---|---|---|---|"
for k in lifeline raw rawlog tsp jvm; do
  [ -n "${t[$k]:-}" ] || continue
  sorted=($(printf '%s\n' ${t[$k]} | sort -n)); n=${#sorted[@]}
  med=${sorted[$((n / 2))]}
  case $k in
    lifeline) label='`lifeline run --until-idle --max-concurrent 16` (whole command)';;
    raw) label='raw `tmux new-session -d true` ×100 (keeper session)';;
    rawlog) label='raw tmux with a live log: `new-session -d` + `pipe-pane` ×100, one call each';;
    tsp) label='task-spooler, 16 slots, 100 × `tsp -n true` + `tsp -w`';;
    jvm) label='floor: `lifeline --version` (JVM start, no jobs)';;
  esac
  rate=$([ "$k" = jvm ] && echo "–" || awk -v m="$med" 'BEGIN { printf "%.1f", 100000 / m }')
  echo "| $label | ${sorted[0]} | **$med** | ${sorted[$((n - 1))]} | $rate |"
done
