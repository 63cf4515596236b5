package dev.polystore.internal;

import dev.polystore.InvalidQueryException;
import java.time.Duration;

/**
 * Internal: rules of event aggregates that every adapter applies alike (see {@code EventStore.aggregate}). Not part of the API; may change without notice.
 */
public final class EventRules {

  private EventRules() {
  }

  /**
   * The length of an aggregate window in microseconds.
   *
   * @throws InvalidQueryException unless the window is positive, a whole number of microseconds and fits a
   *     {@code long} of microseconds
   */
  public static long windowMicros(Duration window) {
    if (window == null || window.isZero() || window.isNegative()) {
      throw new InvalidQueryException("an aggregate window must be positive, not " + window);
    }
    if (window.getNano() % 1_000 != 0) {
      throw new InvalidQueryException("an aggregate window must be a whole number of microseconds, not " + window);
    }
    try {
      return Math.addExact(Math.multiplyExact(window.getSeconds(), 1_000_000L), window.getNano() / 1_000);
    } catch (ArithmeticException e) {
      throw new InvalidQueryException("the aggregate window is too long: " + window, e);
    }
  }
}
