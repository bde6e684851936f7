/**
 * The supervisor against real tmux (a private socket per test) and real SQLite files: each way a job ends, and a
 * bounded chaos run under {@code lifeline run} in a separate JVM.
 */
package dev.lifeline.integration;
