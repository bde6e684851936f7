/**
 * Benchmarks of the SQLite store: persisted transitions through the lifecycle next to the raw-JDBC ceiling
 * ({@link dev.lifeline.bench.sqlite.TransitionBenchmark}), and claims per second from two processes
 * ({@link dev.lifeline.bench.sqlite.TwoProcessClaims}).
 */
package dev.lifeline.bench.sqlite;
