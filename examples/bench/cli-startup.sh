#!/usr/bin/env bash
# Whole-command start-up timings for BENCHMARKS.md §5: `lifeline list` on a 1,000-job database, next to a
# hello-world JVM and a bare sqlite-jdbc one-row read with the same JVM flags, in one hyperfine run.
# Usage: examples/bench/cli-startup.sh [RUNS]   (needs hyperfine, python3; builds the CLI if needed)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-15}"
cd "$root"
./lifeline --version >/dev/null            # builds on first use, extracts the native library, makes the CDS archive
target="$root/examples/target"
jar="$(ls "$target"/lifeline-examples-*.jar | grep -v -e -tests | head -n 1)"
cp="$jar"; for f in "$target"/lib/*.jar; do cp="$cp:$f"; done
sqlite_jar="$(ls "$target"/lib/sqlite-jdbc-*.jar)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
javac -d "$work/probes" -cp "$cp" examples/bench/Hello.java examples/bench/PicoHello.java \
  examples/bench/SqliteOne.java examples/bench/SeedJobs.java
java -cp "$work/probes:$cp" SeedJobs "$work/jobs.db" 1000
jar cf "$work/probes.jar" -C "$work/probes" .      # class-data sharing archives classes from jars only
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"
native="-Dorg.sqlite.lib.path=$target/native -Dorg.sqlite.lib.name=libsqlitejdbc.so"
# Each probe gets its own AppCDS archive, as the launcher does for the CLI.
java $flags -XX:ArchiveClassesAtExit="$work/hello.jsa" -cp "$work/probes.jar" Hello >/dev/null 2>&1
picocli_jar="$(ls "$target"/lib/picocli-*.jar)"
java $flags -XX:ArchiveClassesAtExit="$work/pico.jsa" -cp "$work/probes.jar:$picocli_jar" PicoHello >/dev/null 2>&1
java $flags $native -XX:ArchiveClassesAtExit="$work/sqlite.jsa" -cp "$work/probes.jar:$sqlite_jar" SqliteOne "$work/jobs.db" >/dev/null 2>&1
cds="-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/result.json" \
  -n "hello" "java $flags $cds -XX:SharedArchiveFile=$work/hello.jsa -cp $work/probes.jar Hello" \
  -n "picocli hello" "java $flags $cds -XX:SharedArchiveFile=$work/pico.jsa -cp $work/probes.jar:$picocli_jar PicoHello" \
  -n "sqlite-jdbc one-row read" "java $flags $cds -XX:SharedArchiveFile=$work/sqlite.jsa $native -cp $work/probes.jar:$sqlite_jar SqliteOne $work/jobs.db" \
  -n "lifeline list (java, launcher flags)" "java $flags $cds -XX:SharedArchiveFile=$target/lifeline.jsa $native -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true -Dlifeline.tty=0 -cp $cp dev.lifeline.cli.LifelineCommand --db $work/jobs.db list" \
  -n "./lifeline --version (no database)" "./lifeline --version" \
  -n "./lifeline list (bash launcher)" "./lifeline --db $work/jobs.db list" \
  -n "./lifeline list --json" "./lifeline --db $work/jobs.db list --json" \
  -n "./lifeline list, no CDS" "env LIFELINE_NO_CDS=1 ./lifeline --db $work/jobs.db list" \
  >&2
python3 - "$work/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print("| command | min ms | median ms | max ms |")
print("|---|---|---|---|")
for x in r:
    print(f"| {x['command']} | {x['min']*1000:.0f} | {x['median']*1000:.0f} | {x['max']*1000:.0f} |")
PY
