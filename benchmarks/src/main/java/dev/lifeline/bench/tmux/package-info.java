/**
 * Benchmarks of the tmux runtime, each next to raw tmux measured in the same run: {@code TmuxObserveBenchmark} (JMH)
 * and {@code TmuxLaunchAndEventBench} (a timed main, for what JMH does not fit: launch rounds and exit-to-wake
 * latency). How to run them and the results: BENCHMARKS.md section 3.
 */
package dev.lifeline.bench.tmux;
