package dev.lifeline.internal;

import dev.lifeline.Lifecycle;

/**
 * The test kit's hook into the engines, which are not API: a lifecycle deciding with the table engine (the oracle) or
 * with the state machine, from the same frozen builder options. Stateless.
 */
public final class Engines {

  private Engines() {}

  /** Decides by looking the edge up in the table. */
  public static Lifecycle table(LifecycleSettings settings) {
    return new DefaultLifecycle(settings, guards -> new TableEngine(dev.lifeline.TransitionTable.standard(), guards));
  }

  /** Decides with Spring Statemachine, as {@link Lifecycle.Builder#build()} does. */
  public static Lifecycle stateMachine(LifecycleSettings settings) {
    return new DefaultLifecycle(settings, SsmEngine::new);
  }

  /** Whether {@code lifecycle} has made its engine yet (it does so on its first decision). */
  public static boolean engineMade(Lifecycle lifecycle) {
    return ((DefaultLifecycle) lifecycle).engineMade();
  }
}
