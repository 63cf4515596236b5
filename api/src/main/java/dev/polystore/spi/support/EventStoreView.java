package dev.polystore.spi.support;

import dev.polystore.Capabilities;
import dev.polystore.EventStore;
import dev.polystore.ReadConsistency;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@link EventStore#reading(ReadConsistency)} view of a store whose backend answers both read consistencies
 * from one database (InfluxDB, a single server): every call goes to the store as it is; only
 * {@link #readConsistency()} reports the view's choice, and {@link #close()} does nothing, as every view's. An
 * adapter whose reads differ by consistency makes views of its own instead.
 *
 * <pre>{@code
 * public EventStore reading(ReadConsistency consistency) {
 *   ensureOpen();
 *   return EventStoreView.of(this, consistency);
 * }
 * }</pre>
 *
 * <p>Thread-safe when the store is.
 */
public final class EventStoreView implements EventStore {

  private final EventStore store;
  private final ReadConsistency consistency;

  private EventStoreView(EventStore store, ReadConsistency consistency) {
    this.store = store;
    this.consistency = consistency;
  }

  /**
   * A view of {@code store} reporting {@code consistency} (of the store a view views, when {@code store} is a view).
   * Always a view, even for the store's own choice, so that closing what {@code reading} returned never closes the
   * store.
   *
   * @throws NullPointerException naming {@code consistency} when it is null
   */
  public static EventStore of(EventStore store, ReadConsistency consistency) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(consistency, "consistency");
    return new EventStoreView(store instanceof EventStoreView view ? view.store : store, consistency);
  }

  @Override
  public void append(Event event) {
    store.append(event);
  }

  @Override
  public void appendAll(Collection<Event> events) {
    store.appendAll(events);
  }

  @Override
  public void flush() {
    store.flush();
  }

  @Override
  public Stream<Event> query(EventQuery query) {
    return store.query(query);
  }

  @Override
  public List<WindowValue> aggregate(EventQuery query, String field, Aggregate fn, Duration window) {
    return store.aggregate(query, field, fn, window);
  }

  @Override
  public long deleteBefore(String series, Instant cutoff) {
    return store.deleteBefore(series, cutoff);
  }

  @Override
  public EventStore reading(ReadConsistency consistency) {
    return store.reading(consistency);
  }

  @Override
  public ReadConsistency readConsistency() {
    return consistency;
  }

  @Override
  public Capabilities capabilities() {
    return store.capabilities();
  }

  /** Does nothing: the view lives as long as the store it views, which its owner closes. */
  /** The viewed store's native handles: a view reads through the same ones. */
  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    return store.unwrap(type);
  }

  @Override
  public <T> T unwrapOrThrow(Class<T> type) {
    return store.unwrapOrThrow(type);
  }

  @Override
  public void close() {
  }

  @Override
  public String toString() {
    return store + " reading " + consistency;
  }
}
