package dev.polystore.samples.compare;

import java.util.Arrays;

/**
 * What an operation cost on one backend: calls, time, throughput, latency percentiles and the requests sent
 * (statements or HTTP requests per call — the measure that stays meaningful on a noisy machine). Immutable.
 *
 * @param calls calls made (fewer than planned when one failed)
 * @param totalMillis their total time
 * @param perSecond calls per second
 * @param p50Millis median latency
 * @param p95Millis 95th percentile latency
 * @param p99Millis 99th percentile latency
 * @param requests requests sent by all calls
 * @param requestUnit what {@code requests} counts, e.g. {@code "SQL statements"}
 */
public record Cost(int calls, double totalMillis, double perSecond, double p50Millis, double p95Millis,
    double p99Millis, long requests, String requestUnit) {

  /** The cost of calls that took {@code nanos} each and sent {@code requests} in all. */
  public static Cost of(long[] nanos, long requests, String requestUnit) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double total = Arrays.stream(sorted).sum() / 1e6;
    double perSecond = total > 0 ? sorted.length / (total / 1000) : 0;
    return new Cost(sorted.length, total, perSecond, percentile(sorted, 50), percentile(sorted, 95),
        percentile(sorted, 99), requests, requestUnit);
  }

  /** Requests per call. */
  public double requestsPerCall() {
    return calls == 0 ? 0 : (double) requests / calls;
  }

  /** The nearest-rank percentile, in milliseconds; 0 without calls. */
  private static double percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
