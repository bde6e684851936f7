/**
 * JMH benchmarks of the lifecycle engine: one decision through each Spring Statemachine shape next to a plain table
 * lookup, and whole jobs through {@code Lifecycle.fire} on the in-memory store next to the bare store writes.
 */
package dev.lifeline.bench.engine;
