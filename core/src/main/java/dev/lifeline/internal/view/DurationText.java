package dev.lifeline.internal.view;

import java.time.Duration;

/** Short human forms of durations for the view's sentences: {@code 850ms}, {@code 4.2s}, {@code 3m05s}. Stateless. */
public final class DurationText {

  private DurationText() {}

  /** {@code 850ms}, {@code 4.2s}, {@code 3m05s}, {@code 2h07m}, {@code 3d04h}; negative durations read as 0. */
  public static String of(Duration d) {
    if (d == null) {
      return "";
    }
    long ms = d.isNegative() ? 0 : saturatedMillis(d);
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return (ms / 1000) + "." + (ms % 1000) / 100 + "s";
    }
    long s = ms / 1000;
    if (s < 3600) {
      return (s / 60) + "m" + pad(s % 60) + "s";
    }
    if (s < 86_400) {
      return (s / 3600) + "h" + pad((s % 3600) / 60) + "m";
    }
    return (s / 86_400) + "d" + pad((s % 86_400) / 3600) + "h";
  }

  private static long saturatedMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private static String pad(long v) {
    return v < 10 ? "0" + v : Long.toString(v);
  }
}
