/**
 * The supervisor behind {@link dev.lifeline.Supervisor#builder()}: one pass over the rows and the runtime, the
 * built-in verifiers, and the lease-holding loop. Not API; may change without notice.
 */
package dev.lifeline.internal.supervisor;
