package dev.polystore.jdbi.internal;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.EventStore;
import dev.polystore.InvalidQueryException;
import dev.polystore.ReadConsistency;
import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import dev.polystore.jdbi.ReplicaStatus;
import dev.polystore.spi.support.AppendFailures;
import dev.polystore.spi.support.EventAggregation;
import dev.polystore.spi.support.EventRules;
import dev.polystore.spi.support.NativeHandles;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.Query;

/**
 * Internal: the {@link EventStore} over SQLite, PostgreSQL and MySQL/MariaDB, in the {@code events} table of
 * migration {@code V2__events.sql}.
 *
 * <p>Behaviour, beyond the {@link EventStore} contract:
 * <ul>
 *   <li><b>Identity.</b> Series, time (truncated to microseconds) and tags identify an event; writing the same
 *       again replaces its fields ({@link Capability#EVENT_LAST_WRITE_WINS}), also inside one batch, where the
 *       later event wins.</li>
 *   <li><b>Field types.</b> Fields are one JSON object per event, so a field name may hold values of any type
 *       across the events of a series, and a key may be a tag in one event and a field in another
 *       ({@link Capability#EVENT_MIXED_FIELD_TYPES}).</li>
 *   <li><b>Writes</b> are synchronous: {@code append} and {@code appendAll} return once the events are
 *       committed, so {@link #flush()} has nothing to wait for; it throws (once) when an append call failed since
 *       the last flush, as {@link EventStore#flush()} says. {@code appendAll} is one transaction (all or
 *       nothing), written as batches of {@value #BATCH_SIZE}; since writing an event twice changes nothing, a
 *       call that hit a deadlock or a busy SQLite database is retried as {@code retry.max.attempts} says.
 *       An event time the database cannot store (MySQL keeps the years 1000 to 9999, PostgreSQL 4713 BC to
 *       294276 AD) is an {@link InvalidQueryException} before anything is written.</li>
 *   <li><b>Queries</b> stream with a database cursor ({@value #FETCH_SIZE} rows at a time; row by row on MySQL
 *       Connector/J), so a large result never sits in memory. The stream holds a pooled connection until it is
 *       closed: close it (try-with-resources). On an in-memory SQLite database, whose pool has one connection,
 *       other operations wait for an open stream to be closed; on PostgreSQL an open stream is an open read
 *       transaction. Events at the same time are ordered by their tags' key, the same way in every query.</li>
 *   <li><b>Read consistency.</b> Queries and aggregates have the store's consistency (option
 *       {@code read.consistency}) or their {@link #reading} view's: an eventual one goes to a read replica when the
 *       store has one that is fit, else to the primary. A query streaming from a replica that fails midway goes on
 *       from the primary after the last event it returned, so the stream neither repeats nor skips an event it
 *       would have returned (events written meanwhile may appear, as they may in any eventual read). Without
 *       replicas every read is strong ({@link Capability#STRONG_QUERIES}).</li>
 *   <li><b>Aggregates</b> run as one SQL query: window number {@code floor(micros / window)}, JSON field
 *       extraction and {@code GROUP BY} in the database. {@code COUNT} counts events that have the field,
 *       whatever its type. {@code SUM}, {@code MEAN}, {@code MIN} and {@code MAX} take numbers, and booleans
 *       as 1 and 0 (as {@link Event#number(String)} does); a matching event whose field is a string makes the
 *       call fail with {@link InvalidQueryException}. Events without the field are left out, so a window appears
 *       only when an event in it has the field. When grouping, events without the grouping tag form one more
 *       group, whose {@code group()} is empty (as InfluxDB's {@code GROUP BY} does). The query's order and limit
 *       do not apply: windows come oldest first, then by group value in code point order, the tagless group
 *       first. The window must be a whole number of microseconds.</li>
 *   <li><b>Names.</b> A field, tag or grouping key that is not a valid event key ({@code [A-Za-z0-9_.-]}, 1 to
 *       128 characters) is an {@link InvalidQueryException}.</li>
 * </ul>
 *
 * <p>Thread-safe: every operation takes its own pooled connection.
 */
public final class JdbiEventStore implements EventStore {

  /** Events per JDBC batch. */
  static final int BATCH_SIZE = 1000;
  /** Rows per fetch of a streamed query. */
  static final int FETCH_SIZE = 1000;

  private static final String DELETE_BEFORE = "DELETE FROM events WHERE series = :series AND time < :cutoff";
  private static final String DELETE_SERIES = "DELETE FROM events WHERE series = :series";

  private final JdbiDatabase database;
  /** The dialect's SQL of the events table. */
  private final EventSql eventSql;
  /** Built on first use: the backend name may have to be read from the server. */
  private volatile Capabilities capabilities;
  private final String upsertSql;
  /** The dialect's aggregate statements. */
  private final EventAggregateSql aggregateSql;
  private final Instant minTime;
  private final Instant maxTime;
  private volatile Integer streamFetchSize;
  /** Append calls that failed since the last flush, for {@link #flush()} and {@link #close()} to report. */
  private final AppendFailures unflushed;
  /** The store's {@code Jdbi} and, when it knows it, its {@code DataSource}, for {@link #unwrap}. */
  private final NativeHandles nativeHandles;
  /** The consistency of this store's (or view's) reads. */
  private final ReadConsistency consistency;
  /** The store a {@link #reading} view views; null for the store itself. */
  private final JdbiEventStore viewed;

  /**
   * An event store over {@code database}, whose schema must already be migrated (the {@code events} table of
   * {@code V2__events.sql}). The store takes ownership: {@link #close()} closes the database (which closes
   * its pool only if it owns one).
   *
   * @param database the database, its dialect, options (retries) and pool
   */
  public JdbiEventStore(JdbiDatabase database) {
    this.database = Objects.requireNonNull(database, "database");
    this.eventSql = new EventSql(database.dialect());
    this.upsertSql = eventSql.upsert();
    this.aggregateSql = new EventAggregateSql(database.dialect());
    this.minTime = eventSql.timeMin();
    this.maxTime = eventSql.timeMax();
    this.unflushed = new AppendFailures();
    this.nativeHandles = database.nativeHandles("event store").build();
    this.consistency = database.options().readConsistency();
    this.viewed = null;
  }

  /** A view of {@code store} whose reads have {@code consistency}; everything else is the store's. */
  private JdbiEventStore(JdbiEventStore store, ReadConsistency consistency) {
    this.database = store.database;
    this.eventSql = store.eventSql;
    this.upsertSql = store.upsertSql;
    this.aggregateSql = store.aggregateSql;
    this.minTime = store.minTime;
    this.maxTime = store.maxTime;
    this.streamFetchSize = store.streamFetchSize;
    this.unflushed = store.unflushed;
    this.nativeHandles = store.nativeHandles;
    this.consistency = consistency;
    this.viewed = store;
  }

  // ---- writes ----------------------------------------------------------------------------------

  @Override
  public void append(Event event) {
    appendAll(List.of(Objects.requireNonNull(event, "event")));
  }

  @Override
  public void appendAll(Collection<Event> events) {
    Objects.requireNonNull(events, "events");
    database.ensureOpen();
    unflushed.write(events, this::write);
  }

  private void write(Collection<Event> events) {
    // Encode once, outside the transaction (a retried transaction reuses the rows), keeping the last of
    // several events with the same identity in the place of the first: a multi-row upsert may not touch one
    // row twice.
    MessageDigest sha256 = EventJson.sha256();
    List<EventRow> unique = new ArrayList<>(events.size());
    Map<Identity, Integer> positions = new HashMap<>(Math.max(16, events.size() * 4 / 3 + 1));
    for (Event event : events) {
      EventRow row = EventRow.of(Objects.requireNonNull(event, "events must not contain null"), this, sha256);
      Integer earlier = positions.putIfAbsent(row.identity(), unique.size());
      if (earlier == null) {
        unique.add(row);
      } else {
        unique.set(earlier, row);
      }
    }
    // An upsert: a second run after a lost reply stores the same rows again, so it answers truthfully. The
    // batches are prepared and bound with JDBC on the unit's connection: JDBI's binding looks up an argument
    // factory for every value, which cost more than the driver's work.
    SqlValues values = database.values();
    HandleCallback<Void, RuntimeException> upsert = h -> {
      try (PreparedStatement statement = h.getConnection().prepareStatement(upsertSql)) {
        for (int start = 0; start < unique.size(); start += BATCH_SIZE) {
          for (EventRow row : unique.subList(start, Math.min(unique.size(), start + BATCH_SIZE))) {
            statement.setString(1, row.series());
            values.setTime(statement, 2, row.time());
            statement.setBytes(3, row.identity().tagsKey());
            statement.setString(4, row.tags());
            statement.setString(5, row.fields());
            statement.addBatch();
          }
          statement.executeBatch();
        }
      } catch (SQLException e) {
        throw SqlErrors.translate(e, "append events");
      }
      return null;
    };
    database.inTransaction("append events", upsert, LostReply.runAgain(upsert));
  }

  /**
   * Writes are synchronous, so nothing is pending: returns at once, unless an {@code append} or
   * {@code appendAll} call failed since the last flush (then throws, once, as {@link EventStore#flush()} says),
   * or the store is closed.
   */
  @Override
  public void flush() {
    database.ensureOpen();
    unflushed.reportAndReset("flush");
  }

  /** An event's columns, encoded once. */
  private record EventRow(Identity identity, String series, Instant time, String tags, String fields) {

    static EventRow of(Event event, JdbiEventStore store, MessageDigest sha256) {
      Instant t = event.time().truncatedTo(ChronoUnit.MICROS);
      if (t.isBefore(store.minTime) || t.isAfter(store.maxTime)) {
        throw new InvalidQueryException("event time " + event.time() + " is outside what "
            + store.database.knownBackendName() + " stores (" + store.minTime + " to " + store.maxTime + ")");
      }
      String tags = EventJson.tags(event.tags());
      Identity identity = new Identity(event.series(), Micros.toMicros(t), EventJson.tagsKey(sha256, tags));
      return new EventRow(identity, event.series(), t, tags, EventJson.fields(event.fields()));
    }
  }

  /** What identifies an event: series, time in microseconds and the hash of its tags. */
  private record Identity(String series, long micros, byte[] tagsKey) {

    @Override
    public boolean equals(Object o) {
      return o instanceof Identity other && micros == other.micros && series.equals(other.series)
          && Arrays.equals(tagsKey, other.tagsKey);
    }

    @Override
    public int hashCode() {
      return (series.hashCode() * 31 + Long.hashCode(micros)) * 31 + Arrays.hashCode(tagsKey);
    }

    @Override
    public String toString() {
      return series + "@" + micros;
    }
  }

  // ---- reads -----------------------------------------------------------------------------------

  @Override
  public Stream<Event> query(EventQuery query) {
    Objects.requireNonNull(query, "query");
    database.ensureOpen();
    Where where = Where.of(query, this);
    if (where.empty()) {
      return Stream.empty();
    }
    Replica replica = database.replicaFor(consistency);
    // Pooled connections that broke while idle (a network drop takes them all) are found out by using one: the
    // replica's idle connections are replaced and the query runs once more, before it goes to the primary.
    for (int attempt = 1; replica != null; attempt++) {
      try {
        Cursor cursor = openCursor(replica.open(), query, where, null, limitAfter(query, 0), true);
        replica.served();
        return stream(new Rows(query, where, cursor, replica));
      } catch (StoreException e) {
        if (attempt == 1 && !(e instanceof InvalidQueryException)) {
          replica.replaceIdleConnections();
          continue;
        }
        database.replicaFailed(replica, "query events", e);
        replica = null;
      }
    }
    return stream(new Rows(query, where, openCursor(openPrimary(), query, where, null, limitAfter(query, 0), false),
        null));
  }

  /** A handle on the primary, for a query that holds it. */
  private Handle openPrimary() {
    try {
      return database.open();
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, "query events");
    }
  }

  private static Stream<Event> stream(Rows rows) {
    return StreamSupport.stream(rows, false).onClose(rows::close);
  }

  /** The query's limit less the events already returned; -1 without a limit. */
  private static int limitAfter(EventQuery query, int returned) {
    return query.limit().isPresent() ? query.limit().getAsInt() - returned : -1;
  }

  /** An event as a query reads it, with its tags' key when the query may have to go on after it elsewhere. */
  private record Row(Event event, byte[] tagsKey) {
  }

  /** One open statement of a query: the handle it holds and its rows. */
  private record Cursor(Handle handle, ResultIterator<Row> rows) {
    void close() {
      closeStream(rows, handle);
    }
  }

  /**
   * Runs a query's statement on {@code handle}, which it then holds until closed (and closes on failure):
   * {@code after} the given row in the query's order when not null, at most {@code limit} rows when not -1.
   *
   * @param withKey whether the rows carry their tags' key, so that the query can go on after any of them
   */
  private Cursor openCursor(Handle handle, EventQuery query, Where where, Row after, int limit, boolean withKey) {
    boolean newestFirst = query.order() == EventQuery.Order.NEWEST_FIRST;
    String direction = newestFirst ? " DESC" : " ASC";
    String beyond = newestFirst ? " < " : " > ";
    String sql = "SELECT time, tags, fields" + (withKey ? ", tags_key" : "") + " FROM events WHERE " + where.sql()
        + (after == null ? "" : " AND (time" + beyond + ":afterTime OR (time = :afterTime AND tags_key" + beyond
            + ":afterKey))")
        + " ORDER BY time" + direction + ", tags_key" + direction + (limit >= 0 ? " LIMIT :limit" : "");
    String series = query.series();
    RowMapper<Row> mapper = SqlValues.rows((rs, columns) -> new Row(EventJson.read(series, columns.time(rs, 1),
        rs.getString(2), rs.getString(3)), withKey ? rs.getBytes(4) : null));
    try {
      int fetchSize = streamFetchSize(handle);
      if (eventSql.streamNeedsTransaction()) {
        handle.begin();
      }
      Query statement = handle.createQuery(sql);
      where.bindTo(statement);
      if (after != null) {
        statement.bind("afterTime", after.event().time());
        statement.bind("afterKey", after.tagsKey());
      }
      if (limit >= 0) {
        statement.bind("limit", limit);
      }
      statement.setFetchSize(fetchSize);
      return new Cursor(handle, statement.map(mapper).iterator());
    } catch (Exception e) {
      closeHandle(handle);
      throw translate(e, "query events");
    }
  }

  /** The fetch size that streams on this database's driver, found once from the first connection's URL. */
  private int streamFetchSize(Handle handle) {
    Integer size = streamFetchSize;
    if (size == null) {
      String url;
      try {
        url = handle.getConnection().getMetaData().getURL();
      } catch (SQLException e) {
        throw SqlErrors.translate(e, "query events");
      }
      size = eventSql.streamFetchSize(url, FETCH_SIZE);
      streamFetchSize = size;
    }
    return size;
  }

  /**
   * The Polystore exception for a failure of a query's statement or rows. JDBI passes a driver's
   * {@link SQLException} on unwrapped when it closes a result set after a failure, so it is caught as well.
   */
  private static RuntimeException translate(Exception e, String operation) {
    if (e instanceof SQLException sql) {
      return SqlErrors.translate(sql, operation);
    }
    return e instanceof RuntimeException r ? SqlErrors.translate(r, operation)
        : new StoreException(operation + " failed: " + e, e);
  }

  /** Whether the handle's connection is closed or no longer answers (a driver's own check, for a second at most). */
  private static boolean broken(Handle handle) {
    if (UnitRunner.isClosed(handle)) {
      return true;
    }
    try {
      return !handle.getConnection().isValid(1);
    } catch (SQLException | RuntimeException e) {
      return true;
    }
  }

  private static void closeStream(ResultIterator<?> rows, Handle handle) {
    try {
      rows.close();
    } catch (Exception e) {
      // the connection is closed below either way; a failed cursor close leaves nothing to undo (JDBI passes on a
      // driver's SQLException unwrapped)
    } finally {
      closeHandle(handle);
    }
  }

  private static void closeHandle(Handle handle) {
    try {
      if (handle.isInTransaction()) {
        handle.rollback();
      }
    } catch (RuntimeException e) {
      // read-only work: nothing to undo
    } finally {
      try {
        handle.close();
      } catch (RuntimeException e) {
        // the pool discards a connection that failed to close
      }
    }
  }

  /**
   * Passes a query's events on, turning driver and JDBI errors met while reading into Polystore exceptions. A
   * failure while reading from a replica is not the caller's: the query goes on from the primary after the last
   * event returned (with what is left of its limit), and the replica leaves the rotation if it could not be reached.
   */
  private final class Rows extends Spliterators.AbstractSpliterator<Event> {
    private final EventQuery query;
    private final Where where;
    private Cursor cursor;
    /** The replica the cursor reads from; null once it reads from the primary. */
    private Replica replica;
    private Row last;
    private int returned;

    Rows(EventQuery query, Where where, Cursor cursor, Replica replica) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
      this.query = query;
      this.where = where;
      this.cursor = cursor;
      this.replica = replica;
    }

    @Override
    public boolean tryAdvance(Consumer<? super Event> action) {
      Row next;
      try {
        if (!cursor.rows().hasNext()) {
          return false;
        }
        next = cursor.rows().next();
      } catch (Exception e) {
        RuntimeException translated = translate(e, "read events");
        if (replica == null || !(translated instanceof StoreException failure)) {
          throw translated;
        }
        if (!(failure instanceof StoreUnavailableException) && broken(cursor.handle())) {
          // a driver may not say that its connection broke: MySQL Connector/J reports a reset while it streams as
          // "Error retrieving record" (SQLState S1000), its connection still open
          failure = SqlErrors.connectionLost("the connection to the replica broke while reading events: "
              + failure.getMessage(), failure);
        }
        if (limitAfter(query, returned) == 0) {
          cursor.close();
          return false;
        }
        goOnFromThePrimary(failure);
        return tryAdvance(action);
      }
      last = next;
      returned++;
      action.accept(next.event());
      return true;
    }

    private void goOnFromThePrimary(StoreException failure) {
      cursor.close();
      database.replicaFailed(replica, "read events", failure);
      replica = null;
      cursor = openCursor(openPrimary(), query, where, last, limitAfter(query, returned), false);
    }

    void close() {
      cursor.close();
    }
  }

  // ---- aggregates ------------------------------------------------------------------------------

  @Override
  public List<WindowValue> aggregate(EventQuery query, String field, Aggregate fn, Duration window) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(window, "window");
    database.ensureOpen();
    EventAggregation aggregation = EventAggregation.of(query, field, fn, window);
    Optional<String> groupBy = query.groupBy();
    Where where = Where.of(query, this);
    if (where.empty()) {
      return List.of();
    }

    String sql = aggregateSql.sql(fn, groupBy.isPresent(), where.sql());

    database.read("aggregate events", consistency, h -> {
      Query statement = h.createQuery(sql);
      where.bindTo(statement);
      statement.bind("fieldKey", eventSql.jsonKey(field));
      aggregateSql.bindWindow(statement, aggregation.windowMicros());
      groupBy.ifPresent(tag -> statement.bind("groupKey", eventSql.jsonKey(tag)));
      boolean grouped = groupBy.isPresent();
      return statement.map((rs, ctx) -> new Window(rs.getLong("w"), grouped ? rs.getString("g") : null,
          rs.getLong("n"), rs.getLong("strings"), rs.getDouble("agg"))).list();
    }).forEach(w -> aggregation.addWindow(w.number(), w.group(), w.count(), w.strings(), w.value()));
    return aggregation.result();
  }

  /** One row of the aggregate query. */
  private record Window(long number, String group, long count, long strings, double value) {
  }

  // ---- delete ----------------------------------------------------------------------------------

  @Override
  public long deleteBefore(String series, Instant cutoff) {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(cutoff, "cutoff");
    EventRules.requireKey("series", series);
    database.ensureOpen();
    if (!cutoff.isAfter(minTime)) {
      return 0;
    }
    boolean all = cutoff.isAfter(maxTime);
    String sql = all ? DELETE_SERIES : DELETE_BEFORE;
    Instant bound = all ? null : ceilMicros(cutoff);
    // How many a lost attempt deleted cannot be told afterwards: its outcome is unknown.
    int deleted = database.inTransaction("delete events", h -> {
      var update = h.createUpdate(sql).bind("series", series);
      if (bound != null) {
        update.bind("cutoff", bound);
      }
      return update.execute();
    }, LostReply.unknown());
    return deleted;
  }

  // ---- the rest --------------------------------------------------------------------------------

  /** A view whose queries and aggregates have {@code consistency}; writes, flushes and deletes are the store's. */
  @Override
  public EventStore reading(ReadConsistency consistency) {
    Objects.requireNonNull(consistency, "consistency");
    database.ensureOpen();
    return new JdbiEventStore(viewed == null ? this : viewed, consistency);
  }

  /** The state of the store's read replicas ({@code JdbiStores.replicaStatus}); empty without replicas. */
  public List<ReplicaStatus> replicaStatus() {
    return database.replicaStatus();
  }

  @Override
  public ReadConsistency readConsistency() {
    return consistency;
  }

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    Objects.requireNonNull(type, "type");
    database.ensureOpen();
    return nativeHandles.unwrap(type);
  }

  @Override
  public <T> T unwrapOrThrow(Class<T> type) {
    Objects.requireNonNull(type, "type");
    database.ensureOpen();
    return nativeHandles.unwrapOrThrow(type);
  }

  @Override
  public Capabilities capabilities() {
    Capabilities c = capabilities;
    if (c == null) {
      c = Capabilities.of(database.backendName(), ChronoUnit.MICROS, Capability.EVENT_STORE,
          Capability.EVENT_AGGREGATES, Capability.EVENT_DELETE, Capability.EVENT_LAST_WRITE_WINS,
          Capability.EVENT_MIXED_FIELD_TYPES, Capability.STRONG_QUERIES);
      capabilities = c;
    }
    return c;
  }

  /**
   * Closes the database (and its pool, when it owns one), then reports append calls that failed since the last
   * flush as {@link #flush()} does. Idempotent: a second call neither closes nor reports anything.
   */
  @Override
  public void close() {
    if (viewed != null) {
      return;
    }
    database.close();
    unflushed.reportAndReset("close");
  }

  @Override
  public String toString() {
    return "JdbiEventStore[" + database.knownBackendName() + ", reading " + consistency + "]";
  }

  /**
   * The smallest whole microsecond at or after {@code t}: stored times are whole microseconds. {@code Instant.MAX}
   * cannot be rounded up and stays itself; it is beyond every dialect's range anyway.
   */
  private static Instant ceilMicros(Instant t) {
    Instant down = t.truncatedTo(ChronoUnit.MICROS);
    return down.equals(t) || t.getEpochSecond() == Instant.MAX.getEpochSecond() ? t : down.plus(1, ChronoUnit.MICROS);
  }

  /**
   * The WHERE clause of a query: series, the range clipped to what the dialect stores, and the tags. Bound
   * parameters: {@code :series}, {@code :from}, {@code :to}, and those of the tag filter
   * ({@link EventSql#tagsContain}).
   */
  private record Where(boolean empty, String sql, EventSql eventSql, String series, Instant from, Instant to,
                       Map<String, String> tags, String tagDocument) {

    static Where of(EventQuery query, JdbiEventStore store) {
      Map<String, String> tags = new TreeMap<>(query.tags());
      Instant from = query.from().map(JdbiEventStore::ceilMicros).orElse(null);
      Instant to = query.to().map(JdbiEventStore::ceilMicros).orElse(null);
      // Clip to the dialect's range: a bound beyond it is no bound, or selects nothing.
      if ((from != null && from.isAfter(store.maxTime)) || (to != null && !to.isAfter(store.minTime))) {
        return new Where(true, null, store.eventSql, null, null, null, Map.of(), null);
      }
      if (from != null && !from.isAfter(store.minTime)) {
        from = null;
      }
      if (to != null && to.isAfter(store.maxTime)) {
        to = null;
      }
      StringBuilder sql = new StringBuilder("series = :series");
      if (from != null) {
        sql.append(" AND time >= :from");
      }
      if (to != null) {
        sql.append(" AND time < :to");
      }
      String document = null;
      if (!tags.isEmpty()) {
        sql.append(" AND ").append(store.eventSql.tagsContain(tags.size()));
        if (store.eventSql.tagFilterIsDocument()) {
          document = EventJson.tags(tags);
        }
      }
      return new Where(false, sql.toString(), store.eventSql, query.series(), from, to, tags, document);
    }

    void bindTo(Query statement) {
      statement.bind("series", series);
      if (from != null) {
        statement.bind("from", from);
      }
      if (to != null) {
        statement.bind("to", to);
      }
      if (tagDocument != null) {
        statement.bind("tagFilter", tagDocument);
      } else if (!tags.isEmpty()) {
        int i = 0;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
          statement.bind("tagPath" + i, eventSql.jsonKey(tag.getKey()));
          statement.bind("tagValue" + i, tag.getValue());
          i++;
        }
      }
    }
  }
}
