package dev.lifeline.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded change of the operator controls ({@link ControlStore}): who changed what, to which value, when.
 * Immutable.
 *
 * @param target {@code group NAME}, or {@code store} for a change of the whole store (drain)
 * @param setting what changed: {@code maxConcurrent}, {@code paused} or {@code draining}
 * @param value its new value as text ({@code null}: no limit)
 * @param actor who changed it, or {@code null}
 * @param at when
 */
public record ControlChange(String target, String setting, String value, String actor, Instant at) {

  /**
   * Checks that target, setting and at are present.
   *
   * @param target what was changed
   * @param setting which setting
   * @param value the new value, or {@code null}
   * @param actor who, or {@code null}
   * @param at when
   */
  public ControlChange {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(setting, "setting");
    Objects.requireNonNull(at, "at");
  }
}
