package dev.polystore;

/**
 * Something a store may or may not be able to do. A store declares its set in {@link Capabilities}; an
 * operation that needs a capability the store lacks throws {@link UnsupportedCapabilityException}.
 */
public enum Capability {
  /** The store implements {@link UserStore}. */
  USER_STORE,
  /** The store implements {@link EventStore}. */
  EVENT_STORE,
  /** {@code inTransaction} is atomic: all of the unit's writes are stored, or none. */
  TRANSACTIONS,
  /** A nested {@code inTransaction} is a savepoint: its failure undoes only its own writes. */
  SAVEPOINTS,
  /** Keyset pages with an opaque, tamper-evident cursor. */
  CURSOR_PAGES,
  /** Pages by offset and limit. */
  OFFSET_PAGES,
  /** {@code CountMode.EXACT} totals and {@code count(...)}. */
  EXACT_COUNT,
  /** Case-insensitive filters ({@code eqIgnoreCase}, {@code containsIgnoreCase}, ...). */
  IGNORE_CASE,
  /** Substring filters ({@code contains}, {@code endsWith}) evaluated by the backend. */
  SUBSTRING_MATCH,
  /** Full-text search over post titles and content. */
  FULL_TEXT,
  /** User and post aggregates: age statistics, counts grouped by a field, top authors. */
  AGGREGATES,
  /** Windowed aggregates over events. */
  EVENT_AGGREGATES,
  /** {@code deleteBefore} on events. */
  EVENT_DELETE,
  /**
   * Two events with the same series, tags and time are one event: the later write replaces the earlier.
   * A store without this capability keeps both.
   */
  EVENT_LAST_WRITE_WINS,
  /** Placeholder. */
  EVENT_MIXED_FIELD_TYPES,
  /** Placeholder. */
  EVENT_MERGE_FIELDS
}
