#!/usr/bin/env bash
# Runs each command N times, round-robin (command 1, 2, ..., 1, 2, ...), so that the load drifting on a shared VM
# touches every command alike; prints min / median / max wall time per command, in ms.
# Usage: interleaved.sh N 'name=command' 'name=command' ...
set -uo pipefail
n="$1"; shift
names=(); cmds=()
for arg in "$@"; do names+=("${arg%%=*}"); cmds+=("${arg#*=}"); done
declare -A times
for ((w = 0; w < 2; w++)); do for c in "${cmds[@]}"; do bash -c "$c" >/dev/null 2>&1; done; done   # warm-up
for ((r = 0; r < n; r++)); do
  for i in "${!cmds[@]}"; do
    s=$EPOCHREALTIME
    bash -c "${cmds[$i]}" >/dev/null 2>&1
    e=$EPOCHREALTIME
    times[$i]+="$(( (${e/./} - ${s/./}) / 1000 )) "
  done
done
echo "| command | min ms | median ms | max ms |"
echo "|---|---|---|---|"
for i in "${!cmds[@]}"; do
  sorted=($(printf '%s\n' ${times[$i]} | sort -n))
  k=${#sorted[@]}
  echo "| ${names[$i]} | ${sorted[0]} | ${sorted[$((k / 2))]} | ${sorted[$((k - 1))]} |"
done
