#!/usr/bin/env bash
# Whole-command start-up timings for BENCHMARKS.md §5: `lifeline list` on a 1,000-job database, next to a
# hello-world JVM, a one-option picocli command and a bare sqlite-jdbc one-row read with the same JVM flags,
# interleaved in one run.
# Usage: examples/bench/cli-startup.sh [ROUNDS]   (needs a JDK; builds the CLI if needed)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-21}"
cd "$root"
./lifeline --version >/dev/null            # builds on first use, extracts the native library, makes the CDS archive
target="$root/examples/target"
jar="$(ls "$target"/lifeline-examples-*.jar | grep -v -e -tests | head -n 1)"
cp="$jar"; for f in "$target"/lib/*.jar; do cp="$cp:$f"; done
sqlite_jar="$(ls "$target"/lib/sqlite-jdbc-*.jar)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
javac -d "$work/probes" -cp "$cp" examples/bench/Hello.java examples/bench/PicoHello.java \
  examples/bench/SqliteOne.java examples/bench/SeedJobs.java examples/bench/ListPhases.java
java -cp "$work/probes:$cp" SeedJobs "$work/jobs.db" 1000
jar cf "$work/probes.jar" -C "$work/probes" .      # class-data sharing archives classes from jars only
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"
native="-Dorg.sqlite.lib.path=$target/native -Dorg.sqlite.lib.name=libsqlitejdbc.so"
# Each probe gets its own static AppCDS archive, made as the launcher makes the CLI's: one run lists the classes it
# loads, then -Xshare:dump archives them.
archive() { # NAME CLASSPATH MAIN ARGS...
  local name="$1" classpath="$2"; shift 2
  java $flags $native -XX:DumpLoadedClassList="$work/$name.lst" -cp "$classpath" "$@" >/dev/null 2>&1
  grep -v -e '\$Proxy' "$work/$name.lst" >"$work/$name.lst2"
  java $flags -Xshare:dump -XX:SharedClassListFile="$work/$name.lst2" -XX:SharedArchiveFile="$work/$name.jsa" \
    -cp "$classpath" >/dev/null 2>&1
}
picocli_jar="$(ls "$target"/lib/picocli-*.jar)"
archive hello "$work/probes.jar" Hello
archive pico "$work/probes.jar:$picocli_jar" PicoHello
archive sqlite "$work/probes.jar:$sqlite_jar" SqliteOne "$work/jobs.db"
cds="-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -Xshare:auto -Xlog:cds=off"
launcher_flags="$flags $cds -XX:SharedArchiveFile=$target/lifeline.jsa $native -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true -Dlifeline.tty=0"
# Interleaved rounds (see interleaved.sh): the VM's load drifts, and hyperfine, which runs one command after the
# other, then favours whichever command ran in a quiet minute.
examples/bench/interleaved.sh "$runs" \
  "hello=java $flags $cds -XX:SharedArchiveFile=$work/hello.jsa -cp $work/probes.jar Hello" \
  "picocli hello (one option)=java $flags $cds -XX:SharedArchiveFile=$work/pico.jsa -cp $work/probes.jar:$picocli_jar PicoHello" \
  "sqlite-jdbc: open, read one row=java $flags $cds -XX:SharedArchiveFile=$work/sqlite.jsa $native -cp $work/probes.jar:$sqlite_jar SqliteOne $work/jobs.db" \
  "./lifeline --version=./lifeline --version" \
  "./lifeline list (newest 100 of 1,000)=./lifeline --db $work/jobs.db list" \
  "java ... list (same flags, no bash)=java $launcher_flags -cp $cp dev.lifeline.cli.LifelineCommand --db $work/jobs.db list" \
  "./lifeline list --json=./lifeline --db $work/jobs.db list --json" \
  "./lifeline show 500=./lifeline --db $work/jobs.db show 500" \
  "./lifeline list without the CDS archive=LIFELINE_NO_CDS=1 ./lifeline --db $work/jobs.db list"
echo
echo "Phases of one \`list\` (3 fresh JVMs, launcher flags and archive):"
for i in 1 2 3; do
  java $launcher_flags -cp "$cp:$work/probes.jar" ListPhases "$work/jobs.db"
done
