/**
 * The read view behind {@link dev.lifeline.LifelineView}: each rule that answers a question about the store
 * (stuck jobs, orphan sessions, the lease, failing passes, held-back jobs) lives here once, and the supervisor and
 * every face ask it. Not API; may change without notice.
 */
package dev.lifeline.internal.view;
