#!/usr/bin/env bash
# The README's Workflows pipeline, runnable: four jobs with dependencies, a group that runs one job at a time, and
# notifications (a job's own hook on its end, a store hook on any failure), run by `lifeline run --until-idle` in the
# background while `lifeline wait` waits for the last job.
#
# Usage: bash examples/workflow.sh [DIR]   (default: a new temporary directory; about 15 seconds)
# Needs tmux and Java; ./lifeline builds the CLI on first use. The database, the jobs' files and notified.txt live in
# DIR; the jobs run on a private tmux socket whose server is killed at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -n "${1:-}" ]; then mkdir -p "$1"; dir="$(cd "$1" && pwd)"; else dir="$(mktemp -d)"; fi
export LIFELINE_DB="$dir/workflow.db" LIFELINE_SOCKET="lifeline-workflow-$$"
# At the end: stop this script's tmux server and remove its socket file, which tmux leaves behind.
trap 'tmux -L "$LIFELINE_SOCKET" kill-server 2>/dev/null || true
      rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$LIFELINE_SOCKET"' EXIT
lifeline() { "$root/lifeline" "$@"; }
cd "$dir"

lifeline group set gpu --max-concurrent 1
hook=$(lifeline hook add --on FAILED -- sh -c 'echo "job $LIFELINE_JOB_ID failed: $LIFELINE_REASON" >> notified.txt')
fetch=$(lifeline submit --name fetch -- sh -c 'sleep 1; seq 1 1000 > data.txt')
train=$(lifeline submit --name train --group gpu --after "$fetch" -- sh -c 'sleep 1; wc -l < data.txt > model.txt')
tune=$(lifeline submit --name tune --group gpu --after "$fetch" -- sh -c 'sleep 1; echo tuned > tune.txt')
report=$(lifeline submit --name report --after "$train,$tune" \
  --on-finish '["sh", "-c", "echo job $LIFELINE_JOB_ID $LIFELINE_STATE exit $LIFELINE_EXIT_CODE >> notified.txt"]' \
  -- sh -c 'cat model.txt tune.txt > report.txt')
lifeline list

lifeline run --until-idle --poll 500ms > run.log 2>&1 &
runner=$!
lifeline wait "$report" --timeout 120s
wait "$runner"

lifeline show "$report"
echo
echo "notified.txt:"
cat notified.txt
