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
   * Finds, counts, aggregates and listings ({@code find}, {@code count}, {@code findPosts}, {@code ageStats},
   * {@code countBy}, {@code topAuthors}; an event store's {@code query} and {@code aggregate}) read the latest
   * committed writes under {@link ReadConsistency#STRONG}. Without it they may lag behind the writes whatever read
   * consistency is asked (DynamoDB's secondary indexes are eventually consistent only); key look-ups are strongly
   * consistent under {@code STRONG} on every store either way. Asking for {@code STRONG} never fails: the
   * capability says what it buys.
   */
  STRONG_QUERIES,
  /**
   * Two events with the same series, tags and time are one event: the later write replaces the earlier, whole
   * (a field only the earlier event held is gone). A store declares at most one of this and
   * {@link #EVENT_MERGE_FIELDS}; a store with neither keeps both events.
   */
  EVENT_LAST_WRITE_WINS,
  /**
   * Two events with the same series, tags and time are one event holding the union of their fields: for a
   * field both hold, the later write's value wins; a field only one of them holds is kept. A store declares at
   * most one of this and {@link #EVENT_LAST_WRITE_WINS}; a store with neither keeps both events.
   */
  EVENT_MERGE_FIELDS,
  /**
   * The events of one series may hold values of different types under one field name (a {@code Long} in one
   * event, a {@code String} in another; the types are those of {@link dev.polystore.event.Event}'s fields:
   * {@code Long}, {@code Double}, {@code Boolean}, {@code String}), and a key may be a tag in some events of a
   * series and a field in others. Events of different series never constrain each other.
   *
   * <p>A store without this capability refuses, when it is appended, an event that would give a field of its
   * series a second type, or make a key both a tag and a field in its series: the {@code append} or
   * {@code appendAll} throws {@link InvalidQueryException} whose message names the series, the key and both
   * types (or both kinds, tag and field). The refused event is not stored, and, as for every failed append, all
   * events of the call count as not stored and the next {@link EventStore#flush()} reports them (see "Failed
   * writes" in {@link EventStore}).
   */
  EVENT_MIXED_FIELD_TYPES
}
