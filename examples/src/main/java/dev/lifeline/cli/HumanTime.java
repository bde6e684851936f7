package dev.lifeline.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Short human forms of durations and instants for tables and timelines. Stateless. */
final class HumanTime {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private HumanTime() {}

  /** {@code 850ms}, {@code 4.2s}, {@code 3m05s}, {@code 2h07m}, {@code 3d04h}. */
  static String duration(Duration d) {
    if (d == null) {
      return "";
    }
    long ms = Math.max(0, d.toMillis());
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

  /** {@code 3m05s ago}; {@code in 4.0s} for a future instant. */
  static String ago(Instant then, Instant now) {
    if (then == null) {
      return "";
    }
    Duration d = Duration.between(then, now);
    return d.isNegative() ? "in " + duration(d.negated()) : duration(d) + " ago";
  }

  /** {@code 2026-11-24 10:00:00Z}. */
  static String stamp(Instant i) {
    return i == null ? "" : STAMP.format(i);
  }

  private static String pad(long v) {
    return v < 10 ? "0" + v : Long.toString(v);
  }
}
