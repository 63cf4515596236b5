package dev.polystore;

import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Time-stamped events, on any backend. Open one with {@link Stores#openEventStore(String)}.
 *
 * <p>Implementations are thread-safe. Writes may be buffered: {@link #flush()} returns once everything
 * appended before it is stored, and throws if any of it could not be. Reads see flushed events.
 */
public interface EventStore extends AutoCloseable {

  void append(Event event);

  /** Appends many events as efficiently as the backend allows (one batch where it can). */
  void appendAll(Collection<Event> events);

  /** Waits until everything appended so far is stored; throws {@link StoreException} if some was not. */
  void flush();

  /**
   * The events of one series in {@code [from, to)} whose tags include all of the query's tags, in time
   * order. The stream reads lazily in chunks and must be closed (use try-with-resources).
   */
  Stream<Event> query(EventQuery query);

  /**
   * {@code fn} over numeric {@code field} per {@code window}, for the query's series, range and tags,
   * optionally grouped by one tag. Ordered by window start (and group value). Needs
   * {@link Capability#EVENT_AGGREGATES}.
   */
  List<WindowValue> aggregate(EventQuery query, String field, Aggregate fn, Duration window);

  /** Deletes the series' events before {@code cutoff}; returns how many. Needs {@link Capability#EVENT_DELETE}. */
  long deleteBefore(String series, Instant cutoff);

  Capabilities capabilities();

  /** Flushes, then releases pools and clients. Idempotent. */
  @Override
  void close();
}
