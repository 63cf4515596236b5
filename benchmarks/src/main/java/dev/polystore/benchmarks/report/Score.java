package dev.polystore.benchmarks.report;

import java.util.List;

/**
 * One benchmark's result: which workload, which side ({@code polystore}, {@code raw}, {@code hibernate}), which
 * backend, its per-iteration throughputs (ops/s, all forks) and its allocation per operation (bytes, or NaN
 * without {@code -prof gc}). Immutable.
 */
record Score(String workload, String side, String backend, List<Double> iterations, double bytesPerOp) {

  Score {
    iterations = List.copyOf(iterations);
  }

  double median() {
    return Stats.median(iterations);
  }
}
