/**
 * The supervisor behind {@link dev.lifeline.Supervisor#builder()}: one pass as small steps per state over a shared
 * context (the same code for a tick and, on a planning store and runtime, for a plan), the built-in verifiers, and
 * the lease-holding loop. Not API; may change without notice.
 */
package dev.lifeline.internal.supervisor;
