package dev.polystore.dynamodb.internal;

import java.time.Instant;

/**
 * Internal: instants are stored as epoch nanoseconds (a DynamoDB number), which keeps full precision and
 * compares correctly in key conditions and filters. That covers the years 1677 to 2262. Thread-safe (stateless).
 */
final class DynamoTime {

  private static final Instant MIN = Instant.ofEpochSecond(0, Long.MIN_VALUE);
  private static final Instant MAX = Instant.ofEpochSecond(0, Long.MAX_VALUE);

  private DynamoTime() {
  }

  /**
   * The instant as epoch nanoseconds.
   *
   * @throws IllegalArgumentException when it is outside the years 1677 to 2262
   */
  static long nanos(Instant t) {
    if (t.isBefore(MIN) || t.isAfter(MAX)) {
      throw new IllegalArgumentException("DynamoDB stores times between " + MIN + " and " + MAX + ", not " + t);
    }
    long seconds = t.getEpochSecond();
    long nano = t.getNano();
    if (seconds < 0 && nano > 0) {
      seconds += 1;
      nano -= 1_000_000_000L;
    }
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nano);
  }

  /** The instant as epoch nanoseconds, clamped to the representable range (for comparisons in filters). */
  static long clampedNanos(Instant t) {
    if (t.isBefore(MIN)) {
      return Long.MIN_VALUE;
    }
    if (t.isAfter(MAX)) {
      return Long.MAX_VALUE;
    }
    return nanos(t);
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
