package dev.polystore;

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
 * Time-stamped events, on any backend. Open one with {@link Stores#openEventStore(String)}.
 *
 * <p>Implementations are thread-safe. Writes may be buffered: {@link #flush()} returns once everything
 * appended before it is stored, and throws if any of it could not be. Reads see flushed events.
 *
 * <p><b>Failed writes: one rule for every store</b>, buffered or not.
 * <ul>
 *   <li>An event is <em>not stored</em> when the {@code append} or {@code appendAll} call that carried it threw,
 *       whatever the exception (a refusal such as {@link InvalidQueryException} and an
 *       {@link OutcomeUnknownException} included: the event is not known to be stored), or, on a store that
 *       buffers, when the write of it that the store made later failed. All events of a failed
 *       {@code appendAll} count, even where a backend stored some of them. A call on a closed store, or with a
 *       {@code null} argument, appends nothing and counts for nothing.</li>
 *   <li>{@link #flush()} returns normally only when every event appended since the last {@code flush} (that
 *       returned or threw) is stored. Otherwise it throws a {@link StoreException} whose message says how many
 *       events were not stored, in how many failed writes, and why the first failed, and whose cause is that
 *       first failure. A later successful append does not clear a failure.</li>
 *   <li>A failure is reported once: after {@code flush} has thrown, the next {@code flush} returns normally
 *       unless more events failed in between.</li>
 *   <li>{@link #close()} flushes what is buffered, releases the store's pools and clients, and then throws as
 *       {@code flush} does if events appended since the last {@code flush} were not stored.</li>
 * </ul>
 *
 * <p><b>What a store keeps, by declared capability.</b>
 * <ul>
 *   <li>Two events with the same series, tags and time: with {@link Capability#EVENT_LAST_WRITE_WINS} the later
 *       write replaces the earlier, whole; with {@link Capability#EVENT_MERGE_FIELDS} they are one event holding
 *       the union of their fields, the later write's value winning for a field both hold; with neither (a store
 *       declares at most one) both events are kept. The same holds inside one {@code appendAll}, in list
 *       order.</li>
 *   <li>With {@link Capability#EVENT_MIXED_FIELD_TYPES}, the events of a series may hold values of different
 *       types under one field name, and a key may be a tag in some of them and a field in others. Without it,
 *       {@code append} and {@code appendAll} refuse an event that would give a field of its series a second type
 *       or make a key both a tag and a field in its series, with {@link InvalidQueryException} naming the
 *       series, the key and both types or kinds; the refusal is a failed append like any other. Different series
 *       never constrain each other.</li>
 * </ul>
 *
 * <p>Usage errors are Java's own, thrown before anything is sent: a null argument is a
 * {@link NullPointerException} naming it, and after {@link #close()} every method but {@code close()},
 * {@link #capabilities()} and {@link #readConsistency()} throws {@link IllegalStateException}. Every other failure,
 * of a method or of a stream while it is read, is a {@link StoreException}.
 */
public interface EventStore extends AutoCloseable {

  /**
   * Appends one event. A store that buffers may return before the event is stored; one that does not returns
   * once it is stored, and throws if it was not. Either way, an event not stored makes the next {@link #flush()}
   * (or {@link #close()}) throw.
   */
  void append(Event event);

  /**
   * Appends many events as efficiently as the backend allows (one batch where it can). Failures are reported
   * as for {@link #append(Event)}; all the call's events count as not stored when it throws.
   */
  void appendAll(Collection<Event> events);

  /**
   * Waits until everything appended so far is stored.
   *
   * @throws StoreException if events appended since the last flush were not stored (see "Failed writes" above:
   *     how many, the first failure as cause, reported once)
   */
  void flush();

  /**
   * The events of one series in {@code [from, to)} whose tags include all of the query's tags, in time
   * order. The stream reads lazily in chunks and must be closed (use try-with-resources). (Tag keys that
   * no event could hold are refused when the {@link EventQuery} is built.)
   */
  Stream<Event> query(EventQuery query);

  /**
   * {@code fn} over {@code field} per {@code window}, for the events the query selects (its series, range and
   * tags), optionally grouped by the query's {@link EventQuery#groupBy() groupBy} tag. Needs
   * {@link Capability#EVENT_AGGREGATES}. The same on every backend:
   *
   * <ul>
   *   <li><b>Values.</b> Only selected events that have {@code field} take part; a window (or group) appears
   *       only when one of them falls in it. {@link Aggregate#COUNT} counts them, whatever the field's type.
   *       {@link Aggregate#SUM}, {@link Aggregate#MEAN}, {@link Aggregate#MIN} and {@link Aggregate#MAX} take
   *       {@code Long} and {@code Double} values as numbers and {@code Boolean} values as 1 and 0 (as
   *       {@link Event#number(String)} does). If any selected event holds a {@code String} under
   *       {@code field} — even one, in any window or group, next to numeric values in others (which only a store
   *       with {@link Capability#EVENT_MIXED_FIELD_TYPES} can hold) — they throw
   *       {@link InvalidQueryException} naming the field, and return nothing. Events the query does not
   *       select (other series, outside the range, other tags) never matter.
   *   <li><b>Windows</b> are aligned to the Unix epoch and cover {@code [start, start + window)} (see
   *       {@link WindowValue}). {@code window} must be positive and a whole number of microseconds, else
   *       {@link InvalidQueryException}.
   *   <li><b>Groups.</b> Without {@code groupBy}, every {@link WindowValue#group()} is empty. With it, each
   *       window has one result per value of that tag ({@code group() = {tag: value}}), and the selected events
   *       that lack the tag form one more group whose {@code group()} is empty.
   *   <li><b>Order.</b> By window start, then by group: the empty group first, then tag values in code point
   *       order (compared code point by code point: not by UTF-16 unit, not by any locale's collation). The
   *       query's {@link EventQuery#order() order} and {@link EventQuery#limit() limit} do not apply to
   *       aggregates.
   *   <li><b>Names.</b> A {@code field} that is not a valid event key (1 to 128 of {@code [A-Za-z0-9_.-]}, as
   *       {@link Event} requires) is an {@link InvalidQueryException} (tag keys and the {@code groupBy} tag
   *       are checked when the {@link EventQuery} is built). Invalid arguments are refused before anything
   *       is read, even when the series is empty.
   * </ul>
   *
   * @param query series, range, tag filter and optional {@code groupBy}; order and limit are ignored
   * @param field the field to aggregate
   * @param fn the aggregate function
   * @param window the window length: positive, whole microseconds
   * @return one value per window (and group) that holds at least one selected event with the field, ordered as
   *     above; empty when there is none
   * @throws InvalidQueryException as described above
   * @throws UnsupportedCapabilityException when the store does not declare {@link Capability#EVENT_AGGREGATES}
   */
  List<WindowValue> aggregate(EventQuery query, String field, Aggregate fn, Duration window);

  /** Deletes the series' events before {@code cutoff}; returns how many. Needs {@link Capability#EVENT_DELETE}. */
  long deleteBefore(String series, Instant cutoff);

  /**
   * This store seen with reads of the given consistency: a view sharing the store's pools, clients and write
   * buffer, whose {@link #query} and {@link #aggregate} use {@code consistency} and whose writes, {@link #flush()}
   * and {@link #deleteBefore} are the store's own. What each choice means on a backend is in
   * {@link ReadConsistency} and the store's {@link Capability#STRONG_QUERIES}.
   *
   * <p>A view is cheap and thread-safe like the store, and lives as long as the store: its {@link #close()} does
   * nothing (it neither flushes nor releases anything), and once the store is closed the view refuses every call
   * as the store does. A view's {@code reading} gives another view of the same store.
   */
  EventStore reading(ReadConsistency consistency);

  /**
   * The consistency of this store's reads: the store's default (option {@code read.consistency}, {@code STRONG}
   * unless set), or the one a {@link #reading} view was made with.
   */
  ReadConsistency readConsistency();

  Capabilities capabilities();

  /**
   * The store's own native handle of {@code type}, for the query this API does not express (Flux, InfluxQL or SQL
   * on the store's own client or pool); empty when the store has no handle of that type (the type must be one of
   * those below exactly, not a supertype or subtype of it). What each adapter answers:
   *
   * <ul>
   *   <li><b>JDBI</b> (SQLite, PostgreSQL, MySQL/MariaDB): {@code org.jdbi.v3.core.Jdbi}, the store's own, with
   *       JDBI's SqlObject plugin installed; {@code javax.sql.DataSource}, the pool the store uses (not for a store
   *       opened over an application's {@code Jdbi}).</li>
   *   <li><b>DynamoDB</b>: {@code software.amazon.awssdk.services.dynamodb.DynamoDbClient} and
   *       {@code dev.polystore.dynamodb.DynamoTableRef} (the table and its key layout).</li>
   *   <li><b>InfluxDB</b>: {@code com.influxdb.client.InfluxDBClient} and
   *       {@code dev.polystore.influxdb.InfluxDatabaseRef} (database or bucket, retention policy, how a series
   *       maps to a measurement, time precision).</li>
   * </ul>
   *
   * <p>A native read sees what the store has stored: on a store that buffers, call {@link #flush()} first. The
   * handles belong to the store: do not close them, and do not use them after the store is closed. A native write
   * to the data Polystore owns is outside Polystore's rules; see {@code docs/native-access.md}.
   *
   * @throws NullPointerException when {@code type} is null
   * @throws IllegalStateException after {@link #close()}
   */
  default <T> Optional<T> unwrap(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return Optional.empty();
  }

  /**
   * As {@link #unwrap(Class)}, for a handle the application cannot do without.
   *
   * @throws IllegalArgumentException when the store has no handle of {@code type}; the message names the types
   *     it offers
   * @throws NullPointerException when {@code type} is null
   * @throws IllegalStateException after {@link #close()}
   */
  default <T> T unwrapOrThrow(Class<T> type) {
    return unwrap(type).orElseThrow(() -> new IllegalArgumentException(getClass().getName()
        + " has no native handle of type " + type.getName()));
  }

  /**
   * Flushes, then releases pools and clients, even when the flush fails. Idempotent: only the first call does
   * anything. On a view made by {@link #reading}, does nothing: close the store it views.
   *
   * @throws StoreException after releasing everything, if events appended since the last {@link #flush()} were
   *     not stored (as {@code flush} reports them)
   */
  @Override
  void close();
}
