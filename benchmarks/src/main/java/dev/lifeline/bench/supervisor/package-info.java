/**
 * Supervisor benchmarks: one idle pass in memory (JMH), and timed mains on real tmux and SQLite for detection latency
 * and idle CPU, each next to its ceiling measured in the same run. Results in BENCHMARKS.md section 4.
 */
package dev.lifeline.bench.supervisor;
