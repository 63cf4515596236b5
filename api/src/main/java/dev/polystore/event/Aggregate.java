package dev.polystore.event;

import dev.polystore.EventStore;

/**
 * Aggregate functions over an event field, per time window; see
 * {@link EventStore#aggregate(EventQuery, String, Aggregate, java.time.Duration)} for the rules every store
 * follows.
 *
 * <p>{@link #COUNT} takes a field of any type. {@link #SUM}, {@link #MEAN}, {@link #MIN} and {@link #MAX} take
 * {@code Long} and {@code Double} values, and {@code Boolean} values as 1 ({@code true}) and 0
 * ({@code false}), as {@link Event#number(String)} does; a {@code String} value under the field in any event
 * the query selects makes them throw {@link dev.polystore.InvalidQueryException}.
 */
public enum Aggregate {
  /** Number of events in the window that have the field, whatever its type. */
  COUNT,
  /** Sum of the values; booleans count as 1 and 0. */
  SUM,
  /** Arithmetic mean of the values; booleans count as 1 and 0. */
  MEAN,
  /** Smallest value; booleans count as 1 and 0. */
  MIN,
  /** Largest value; booleans count as 1 and 0. */
  MAX
}
