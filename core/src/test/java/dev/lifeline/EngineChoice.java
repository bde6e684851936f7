package dev.lifeline;

import dev.lifeline.internal.Engines;

/** Which engine a test's lifecycle decides with: both are driven by the same table and must pass the same tests. */
public enum EngineChoice {
  /** Spring Statemachine, generated from the table (what {@link Lifecycle.Builder#build()} uses). */
  STATE_MACHINE,
  /** A direct lookup in the table: the oracle the state machine is tested against. */
  TABLE;

  /** Builds {@code builder}'s lifecycle deciding with this engine. */
  public Lifecycle build(Lifecycle.Builder builder) {
    return this == TABLE ? Engines.table(builder.settings()) : Engines.stateMachine(builder.settings());
  }
}
