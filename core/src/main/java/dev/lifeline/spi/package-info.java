/**
 * The ports Lifeline's core talks through: {@link dev.lifeline.spi.JobStore} (where jobs live),
 * {@link dev.lifeline.spi.SessionRuntime} (where they run) and {@link dev.lifeline.spi.Verifier} (whether they did
 * their work). Adapters implement them and prove it by passing the contract suites in core's test-jar.
 */
package dev.lifeline.spi;
