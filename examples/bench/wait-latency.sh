#!/usr/bin/env bash
# `lifeline wait` wake-up, for BENCHMARKS.md §7 (issue 14): how soon a `lifeline wait ID` running in its own JVM
# returns after the job it waits for ends, next to exit → row measured on the same supervisor in the same run.
#   - exit → row: the job's last act writes the wall-clock time (ns) to a file; the row is read with the sqlite3 shell
#     every ~5 ms until it leaves PROCESSING (the tmux runtime's wake-up, as in wake-latency.sh);
#   - COMPLETED → wait: the PASS transition's own time (`at`, ms, the supervisor's clock) to the moment the `wait`
#     process returned (its JVM started ~2 s earlier, right after the submit, so start-up is not counted);
#   - last act → wait: the whole path, the job's last act to `wait` returning.
# The supervisor polls every 30 s, so nothing here is a poll: `wait` wakes on the database's change signal.
#
# Usage: examples/bench/wait-latency.sh [SAMPLES]   (default 20; about 2 minutes)
# Needs tmux, sqlite3 and Java; ./lifeline builds the CLI on first use. Everything lives in a temporary directory and
# a private tmux socket; the supervisor is stopped by its pid and the socket's server killed at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
n="${1:-20}"
work="$(mktemp -d)"
sock="lifeline-bench-wait-$$-$SRANDOM"
export LIFELINE_SOCKET="$sock"
export LIFELINE_DB="$work/wait.db"
sup=""
cleanup() {
  if [ -n "$sup" ]; then
    kill "$sup" 2>/dev/null || true
    wait "$sup" 2>/dev/null || true
  fi
  tmux -L "$sock" kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

exec {napfd}<> <(:)
nap() { read -r -t "$1" -u "$napfd" _ || :; }
stamp() { local t=$EPOCHREALTIME; T=$((10#${t//[.,]/})); } # µs since the epoch
rand_s() { local ms=$(($1 + SRANDOM % ($2 - $1 + 1))); printf -v R '%d.%03d' $((ms / 1000)) $((ms % 1000)); }
q() { sqlite3 -readonly -cmd '.timeout 2000' "$LIFELINE_DB" "$1" 2>/dev/null || true; }
stats() { # FILE of µs values: n | min | p50 | p95 | max, in ms (nearest rank)
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "0 | | | | "; exit }
    split("0.50 0.95", q, " ")
    for (i = 1; i <= 2; i++) { r = q[i] * NR; k = int(r); if (k < r) k++; p[i] = v[k] }
    printf "%d | %.1f | **%.1f** | %.1f | %.1f\n", NR, v[1] / 1000, p[1] / 1000, p[2] / 1000, v[NR] / 1000 }'
}

./lifeline --version >/dev/null
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'); nproc $(nproc); $(tmux -V); $(java -version 2>&1 | head -n 1)"
echo "# load average before: $(cat /proc/loadavg); samples: $n; socket $sock"
./lifeline submit --name warm-up -- true >/dev/null
./lifeline run --poll 30s >"$work/run.log" 2>&1 &
sup=$!
: >"$work/row.us"; : >"$work/wait.us"; : >"$work/whole.us"
for ((i = -1; i < n; i++)); do # one unmeasured warm-up
  rand_s 2000 3000
  f="$work/last.$i"
  id="$(./lifeline submit --name "w$i" -- sh -c "sleep $R; date +%s%N >$f")"
  ( ./lifeline wait "$id" --timeout 60s >"$work/wait.$i.out"; t=$EPOCHREALTIME; echo "$((10#${t//[.,]/}))" >"$work/wait.$i.at" ) &
  waiter=$!
  k=0
  while [ ! -s "$f" ] && [ "$k" -lt 30000 ]; do nap 0.002; k=$((k + 1)); done
  while :; do
    s="$(q "select state from job where id = $id")"
    stamp
    case "$s" in VERIFICATION|COMPLETED|FAILED) break ;; esac
    nap 0.005
  done
  wait "$waiter"
  ns="$(cat "$f")"
  done_at="$(q "select at from job_transition where job_id = $id and event = 'PASS'")"
  returned="$(cat "$work/wait.$i.at")"
  if [ "$i" -ge 0 ]; then
    echo $((T - ns / 1000)) >>"$work/row.us"
    echo $((returned - done_at * 1000)) >>"$work/wait.us"
    echo $((returned - ns / 1000)) >>"$work/whole.us"
    printf '# %2d: exit→row %s ms, COMPLETED→wait %s ms (%s)\n' "$i" \
      "$(awk -v u=$((T - ns / 1000)) 'BEGIN { printf "%.1f", u / 1000 }')" \
      "$(awk -v u=$((returned - done_at * 1000)) 'BEGIN { printf "%.1f", u / 1000 }')" "$(cat "$work/wait.$i.out")"
  fi
done
echo "# load average after: $(cat /proc/loadavg)"
echo "| series (run --poll 30s) | n | min | **p50** | p95 | max |"
echo "|---|---|---|---|---|---|"
echo "| job's last act → row leaves PROCESSING (exit → row, the ceiling) | $(stats "$work/row.us") |"
echo "| PASS committed (COMPLETED) → \`wait\` returned | $(stats "$work/wait.us") |"
echo "| job's last act → \`wait\` returned | $(stats "$work/whole.us") |"
