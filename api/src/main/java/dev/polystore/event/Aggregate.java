package dev.polystore.event;

/** Aggregate functions over a numeric event field, per time window. */
public enum Aggregate {
  /** Number of events in the window that have the field. */
  COUNT,
  SUM,
  /** Arithmetic mean. */
  MEAN,
  MIN,
  MAX
}
