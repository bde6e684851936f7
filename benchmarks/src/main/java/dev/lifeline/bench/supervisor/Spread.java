package dev.lifeline.bench.supervisor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Min, median, p95 and max of a sample (nearest rank). Immutable.
 *
 * @param n the sample's size
 * @param min its smallest value
 * @param p50 its median
 * @param p95 its 95th percentile
 * @param max its largest value
 */
public record Spread(int n, double min, double p50, double p95, double max) {

  /**
   * The spread of {@code values}.
   *
   * @param values the sample
   * @return its spread (NaN for an empty sample)
   */
  public static Spread of(List<Double> values) {
    if (values.isEmpty()) {
      return new Spread(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    return new Spread(v.size(), v.get(0), rank(v, 0.50), rank(v, 0.95), v.get(v.size() - 1));
  }

  private static double rank(List<Double> sorted, double p) {
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "min %.1f / p50 %.1f / p95 %.1f / max %.1f (n = %d)", min, p50, p95, max, n);
  }
}
