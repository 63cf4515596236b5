package dev.polystore.samples.backends;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what a store sends to its backend — SQL statements, DynamoDB requests or HTTP requests — as reported by
 * the instrumented client the samples open the store over. Thread-safe.
 *
 * @see InstrumentedClients
 */
public final class RequestCounter {

  private final String unit;
  private final AtomicLong count = new AtomicLong();

  /** A counter of {@code unit}, e.g. {@code "SQL statements"}. */
  public RequestCounter(String unit) {
    this.unit = unit;
  }

  /** What is counted, e.g. {@code "SQL statements"}. */
  public String unit() {
    return unit;
  }

  /** Counts one more. */
  public void increment() {
    count.incrementAndGet();
  }

  /** How many were counted so far. */
  public long get() {
    return count.get();
  }
}
