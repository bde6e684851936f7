#!/usr/bin/env bash
# Submit → START from another process, for BENCHMARKS.md §6.2 (issue 13): how soon a `lifeline run` supervisor
# starts a job that another process submitted, at the default poll (2 s) and at a long one (30 s), next to two
# ceilings measured in the same run:
#   - a raw Java WatchService wake-up (examples/bench/WatchLatency.java: a writer touches a file in a watched
#     directory, a watcher thread records the delay);
#   - exit → row: a job that sleeps a random 1–3 s writes the wall-clock time (ns) to a file as its last act, and
#     the row is watched until it leaves PROCESSING (the tmux runtime's own wake-up, the path BENCHMARKS §4b
#     measured in-process), under the same supervisor as the submits.
# Submit → START: `lifeline submit -- sleep 1` at random phases of the poll (a random 0.1–P s after the previous
# job finished, so nothing else wakes the supervisor), then the row is read with the sqlite3 shell every ~5 ms
# until it is no longer QUEUED; the latency runs from the moment `submit` returned to that read. Each supervisor
# gets 2 unmeasured warm-up submits and runs nothing but the benchmark's jobs.
#
# Usage: examples/bench/wake-latency.sh [SAMPLES]   (default 30 per series; about 12 minutes at 30)
#        WAKE_POLLS="2" examples/bench/wake-latency.sh 3   (a quick try: one supervisor, 3 samples)
# Builds nothing itself: ./lifeline builds the CLI on first use. Needs tmux, sqlite3 and a JDK (`java File.java`).
# Everything lives in a temporary directory (its own database per supervisor) and a private tmux socket; the
# supervisor is stopped by its pid and the socket's server killed at the end, also on an error or Ctrl-C.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
n="${1:-30}"
polls="${WAKE_POLLS:-2 30}" # the --poll values in seconds (a shorter list for a quick try)
work="$(mktemp -d)"
sock="lifeline-bench-wake-$$-$SRANDOM"
export LIFELINE_SOCKET="$sock"
unset LIFELINE_DB
sup=""

stop_supervisor() {
  if [ -n "$sup" ]; then
    kill "$sup" 2>/dev/null || true
    wait "$sup" 2>/dev/null || true
    sup=""
  fi
  tmux -L "$sock" kill-server 2>/dev/null || true
}
cleanup() {
  stop_supervisor
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- helpers without a fork: sleep (read on a pipe nobody writes), the wall clock in µs, random numbers --------------
exec {napfd}<> <(:)
nap() { read -r -t "$1" -u "$napfd" _ || :; }
stamp() { local t=$EPOCHREALTIME; T=$((10#${t//[.,]/})); } # sets T: µs since the epoch
rand_s() { # MIN_MS MAX_MS: sets R to a random duration in seconds (ms precision)
  local ms=$(($1 + SRANDOM % ($2 - $1 + 1)))
  printf -v R '%d.%03d' $((ms / 1000)) $((ms % 1000))
}
state_of() { # DB ID: sets S to the job's state ("" when the read failed)
  S="$(sqlite3 -readonly -cmd '.timeout 2000' "$1" "select state from job where id=$2" 2>/dev/null || true)"
}
until_not() { # DB ID STATE TIMEOUT_S: polls every ~5 ms until the row has a known state other than STATE; sets T
  local db="$1" id="$2" from="$3" limit reads=0
  stamp; limit=$((T + $4 * 1000000))
  while :; do
    state_of "$db" "$id"
    stamp
    reads=$((reads + 1))
    case "$S" in
      QUEUED|PROCESSING|VERIFICATION|COMPLETED|FAILED) if [ "$S" != "$from" ]; then break; fi ;;
    esac
    if [ "$T" -gt "$limit" ]; then S="TIMEOUT"; break; fi
    nap 0.005
  done
  POLLS=$reads
}
until_done() { # DB ID: waits (coarsely) until the job is COMPLETED or FAILED
  local i
  for ((i = 0; i < 1200; i++)); do
    state_of "$1" "$2"
    case "$S" in COMPLETED|FAILED) return 0 ;; esac
    nap 0.05
  done
  echo "job $2 did not finish within 60 s (state $S)" >&2
  return 1
}

# ---- statistics: values in µs, one a line; prints n, min, p50, p95, max in ms (nearest rank) -------------------------
stats() { # FILE
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "n = 0"; exit }
    split("0.50 0.95", q, " ")
    for (i = 1; i <= 2; i++) { r = q[i] * NR; k = int(r); if (k < r) k++; p[i] = v[k] }
    printf "%d | %.1f | **%.1f** | %.1f | %.1f\n", NR, v[1] / 1000, p[1] / 1000, p[2] / 1000, v[NR] / 1000 }'
}

# ---- the conditions ---------------------------------------------------------------------------------------------------
./lifeline --version >/dev/null # the CLI (built on first use), its native library and CDS archive, before any timing
load_before="$(cat /proc/loadavg)"
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'); nproc $(nproc); $(tmux -V); $(java -version 2>&1 | head -n 1)"
echo "# load average before: $load_before"
echo "# sqlite3 $(sqlite3 --version | cut -d' ' -f1); samples per series: $n; socket $sock"

# ---- (a) raw WatchService -------------------------------------------------------------------------------------------
mkdir -p "$work/watched"
java examples/bench/WatchLatency.java "$work/watched" "$n" >"$work/watch.us"
echo "# watch: $(tr '\n' ' ' <"$work/watch.us")"

# ---- the supervisor, then submit → START and exit → row on it ---------------------------------------------------------
start_supervisor() { # POLL DB
  ./lifeline --db "$2" run --poll "$1" >"$2.log" 2>&1 &
  sup=$!
  local i
  for ((i = 0; i < 600; i++)); do
    [ "$(sqlite3 -readonly -cmd '.timeout 2000' "$2" "select count(*) from supervisor_lease" 2>/dev/null)" = 1 ] \
      && return 0
    kill -0 "$sup" 2>/dev/null || break
    nap 0.05
  done
  echo "the supervisor did not start; its output:" >&2
  cat "$2.log" >&2
  exit 1
}

submit_series() { # POLL_S LABEL DB
  local poll_ms=$(($1 * 1000)) label="$2" db="$3" i id ret at first=0 timeouts=0
  : >"$work/submit-$label.us"
  : >"$work/start-at-$label.us"
  : >"$work/start-seen-$label.us"
  for ((i = -2; i < n; i++)); do # two warm-up submits
    rand_s 100 "$poll_ms"
    nap "$R"
    id="$(./lifeline --db "$db" submit --name "w$i" -- sleep 1)"
    stamp; ret=$T
    until_not "$db" "$id" QUEUED 90
    if [ "$S" = TIMEOUT ]; then
      timeouts=$((timeouts + 1))
      echo "# submit $label $i: job $id still QUEUED after 90 s" >&2
      continue
    fi
    if [ "$i" -ge 0 ]; then
      echo $((T - ret)) >>"$work/submit-$label.us"
      [ "$POLLS" = 1 ] && first=$((first + 1))
      # The START transition's own time (`at`, ms, the supervisor's clock): where the decision fell between the
      # submit's return and the read that saw it.
      at="$(sqlite3 -readonly -cmd '.timeout 2000' "$db" \
        "select at from job_transition where job_id = $id and event = 'START'")"
      echo $((at * 1000 - ret)) >>"$work/start-at-$label.us"
      echo $((T - at * 1000)) >>"$work/start-seen-$label.us"
      printf '# submit %s %2d: slept %s s, %s ms, %d reads; START decided %+d ms from the return\n' "$label" "$i" \
        "$R" "$(awk -v u=$((T - ret)) 'BEGIN { printf "%.1f", u / 1000 }')" "$POLLS" $(((at * 1000 - ret) / 1000))
    fi
    until_done "$db" "$id"
  done
  FIRST=$first
  TIMEOUTS=$timeouts
}

exit_series() { # LABEL DB
  local label="$1" db="$2" i id f ns k
  : >"$work/exit-$label.us"
  for ((i = 0; i < n; i++)); do
    rand_s 100 1000
    nap "$R"
    rand_s 1000 3000
    f="$work/exit-$label.$i"
    id="$(./lifeline --db "$db" submit --name "e$i" -- sh -c "sleep $R; date +%s%N >$f")"
    k=0
    while [ ! -s "$f" ] && [ "$k" -lt 30000 ]; do nap 0.002; k=$((k + 1)); done # its last act (no fork)
    until_not "$db" "$id" PROCESSING 60
    ns="$(cat "$f")"
    if [ "$S" = TIMEOUT ]; then
      echo "# exit $label $i: job $id still PROCESSING 60 s after its exit" >&2
      continue
    fi
    echo $((T - ns / 1000)) >>"$work/exit-$label.us"
    printf '# exit %s %2d: slept %s s, %s ms, %d reads\n' "$label" "$i" "$R" \
      "$(awk -v u=$((T - ns / 1000)) 'BEGIN { printf "%.1f", u / 1000 }')" "$POLLS"
    until_done "$db" "$id"
  done
}

declare -A first_read timeouts
for poll in $polls; do
  db="$work/poll$poll.db"
  start_supervisor "${poll}s" "$db"
  submit_series "$poll" "${poll}s" "$db"
  first_read[$poll]=$FIRST
  timeouts[$poll]=$TIMEOUTS
  exit_series "${poll}s" "$db"
  stop_supervisor
  echo "# supervisor --poll ${poll}s: $(grep -c ' START ' "$db.log" || true) START lines in its output"
done
load_after="$(cat /proc/loadavg)"

echo
echo "# load average after: $load_after"
echo "| series | n | min | **p50** | p95 | max |"
echo "|---|---|---|---|---|---|"
echo "| raw WatchService wake-up (write → watcher thread has the event) | $(stats "$work/watch.us") |"
for poll in $polls; do
  echo "| submit returns → row not QUEUED, \`run --poll ${poll}s\` | $(stats "$work/submit-${poll}s.us") |"
done
for poll in $polls; do
  echo "| job's last act → row not PROCESSING, \`run --poll ${poll}s\` | $(stats "$work/exit-${poll}s.us") |"
done
for poll in $polls; do
  echo "| (START's own \`at\`) submit returns → START decided, \`--poll ${poll}s\` | $(stats "$work/start-at-${poll}s.us") |"
  echo "| (START's own \`at\`) START decided → row seen not QUEUED, \`--poll ${poll}s\` | $(stats "$work/start-seen-${poll}s.us") |"
done
echo
for poll in $polls; do
  echo "# --poll ${poll}s: ${first_read[$poll]} of $n submits already started at the first read; ${timeouts[$poll]} never left QUEUED within 90 s"
done
echo "# ms; p50/p95 by nearest rank; each row read costs one sqlite3 process (~3 ms) plus a 5 ms pause"
