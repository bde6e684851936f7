/**
 * The test harness users add with test scope: an in-memory store, a session runtime a test controls, and a settable
 * clock, so lifecycle and supervisor tests are deterministic and need no threads, sleeps, tmux or files.
 */
package dev.lifeline.testing;
