package dev.polystore.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A ratio of two benchmarks' throughputs: every measured iteration of one divided by every measured iteration of
 * the other (the iterations of the two are independent samples), summarized by the median and the 10th and 90th
 * percentiles of those ratios. Immutable; the static helpers are pure.
 */
record Stats(double median, double low, double high, int samples) {

  static Stats ratio(List<Double> numerator, List<Double> denominator) {
    List<Double> ratios = new ArrayList<>(numerator.size() * denominator.size());
    for (double n : numerator) {
      for (double d : denominator) {
        ratios.add(n / d);
      }
    }
    Collections.sort(ratios);
    return new Stats(percentile(ratios, 0.5), percentile(ratios, 0.1), percentile(ratios, 0.9), ratios.size());
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return percentile(sorted, 0.5);
  }

  /** Linear interpolation between the closest ranks of a sorted, non-empty list. */
  static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    double rank = p * (sorted.size() - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (rank - lo);
  }
}
