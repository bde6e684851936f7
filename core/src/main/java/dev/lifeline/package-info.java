/**
 * Lifeline's API: the {@link dev.lifeline.Lifecycle} of a job ({@code QUEUED → PROCESSING → VERIFICATION →
 * COMPLETED | FAILED}), its values ({@link dev.lifeline.Job}, {@link dev.lifeline.JobSpec},
 * {@link dev.lifeline.Transition}) and its typed exceptions.
 */
package dev.lifeline;
