package dev.polystore.influxdb.internal;

import com.influxdb.client.InfluxDBClient;
import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.EventStore;
import dev.polystore.InvalidQueryException;
import dev.polystore.ReadConsistency;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreException;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import dev.polystore.influxdb.InfluxDatabaseRef;
import dev.polystore.influxdb.InfluxStoreOptions;
import dev.polystore.influxdb.internal.QueryRows.Row;
import dev.polystore.influxdb.internal.SeriesSchemas.Schema;
import dev.polystore.spi.support.AppendFailures;
import dev.polystore.spi.support.EventAggregation;
import dev.polystore.spi.support.EventRules;
import dev.polystore.spi.support.NativeHandles;
import dev.polystore.spi.support.EventStoreView;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Internal: {@link EventStore} over InfluxDB 1.x, 2.x and 3.x, through the HTTP API they share. Thread-safe.
 *
 * <p><b>Layout.</b> Native InfluxDB data: one measurement per series, event tags as tags, fields as fields of their
 * own types (integer, float, boolean, string), nanosecond times — what Grafana, the {@code influx} shell and InfluxQL
 * show. On 3.x, whose overwrites are not deterministic, each event also gets a tag {@value #ID_TAG} with a random id,
 * so that two events with the same series, tags and time are both kept; the store never shows it.
 *
 * <p><b>Writes</b> are checked ({@link LineProtocol}, {@link SeriesSchemas}) and encoded when appended, then buffered
 * and sent in batches by one thread ({@link InfluxWriter}); {@code flush()} and {@code close()} wait for them and
 * report what was not stored ({@link AppendFailures}).
 *
 * <p><b>Reads</b> are InfluxQL, streamed in chunks: series, time range (both bounds always given), tag equality,
 * order and limit run on the server. Aggregates run on the server ({@code GROUP BY time(…)}, epoch-aligned, and the
 * grouping tag) for integer and float fields, and for {@code COUNT} of any field; the adapter orders the groups by code
 * point and applies the rules InfluxQL lacks: booleans as 1 and 0 (their values are streamed and aggregated here) and
 * strings refused by the numeric functions.
 *
 * <p><b>Read consistency.</b> A read sees every event flushed before it: the server answers from the data it
 * acknowledged, and there are no replicas to ask instead. Both {@link ReadConsistency} choices read alike
 * ({@link Capability#STRONG_QUERIES}); a {@link #reading} view only reports its choice ({@link EventStoreView}).
 */
public final class InfluxEventStore implements EventStore {

  /** 3.x: the tag that keeps events with the same series, tags and time apart. */
  static final String ID_TAG = InfluxDatabaseRef.DUPLICATES_TAG;

  /** The widest window aggregated by the server: 10 years (of 365.25 days). */
  static final long SERVER_WINDOW_MICROS = 10 * 36_525L * 86_400_000_000L / 100;

  private static final System.Logger LOG = System.getLogger(InfluxEventStore.class.getName());

  private final InfluxDBClient client;
  private final boolean ownsClient;
  private final InfluxStoreOptions options;
  private final ServerVersion version;
  private final Capabilities capabilities;
  private final InfluxCalls calls;
  private final LineProtocol lines;
  private final SeriesSchemas schemas;
  private final AppendFailures unflushed = new AppendFailures();
  private final InfluxWriter writer;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String name;
  /** The client and the database, for {@link #unwrap}. */
  private final NativeHandles nativeHandles;

  /**
   * Opens the store: learns the server's version (unless the options give it), creates the database on 1.x when
   * asked, checks that the database can be read, and starts the writer.
   *
   * @param ownsClient whether {@link #close()} closes the client (also when opening fails)
   * @throws StoreConfigurationException when the server refuses the credentials or lacks the database
   * @throws dev.polystore.StoreUnavailableException when the server cannot be reached
   */
  public InfluxEventStore(InfluxDBClient client, InfluxStoreOptions options, boolean ownsClient) {
    this.client = Objects.requireNonNull(client, "client");
    this.ownsClient = ownsClient;
    this.options = Objects.requireNonNull(options, "options");
    InfluxHttp http = client.getService(InfluxHttp.class);
    try {
      InfluxCalls probe = new InfluxCalls(http, options.backoff(), options.callTimeout(),
          new InfluxCalls.Target(options.database(), options.retentionPolicy(), options.org(), false));
      this.version = options.serverVersion().map(ServerVersion::parse).orElseGet(() -> askVersion(probe));
      this.calls = new InfluxCalls(http, options.backoff(), options.callTimeout(), new InfluxCalls.Target(
          options.database(), options.retentionPolicy(), options.org(), version.hasV2Write()));
      this.capabilities = capabilities(version);
      this.lines = new LineProtocol(version.generation());
      this.name = "InfluxDB " + version + " database " + options.database();
      this.nativeHandles = NativeHandles.builder("the " + name + " event store")
          .add(InfluxDBClient.class, client)
          .add(InfluxDatabaseRef.class, InfluxDatabaseRef.of(options, version.text()))
          .build();
      prepareDatabase();
    } catch (RuntimeException e) {
      if (ownsClient) {
        client.close();
      }
      throw e;
    }
    this.schemas = new SeriesSchemas(this::readSchema);
    this.writer = new InfluxWriter(calls, unflushed, options.batchSize(), options.bufferCapacity(),
        options.bufferFull(), options.flushInterval(), "polystore-influxdb-writer");
    this.shutdownHook = new Thread(this::atShutdown, "polystore-influxdb-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** What a server of this version can do. */
  static Capabilities capabilities(ServerVersion version) {
    String backend = "InfluxDB " + version.major() + "." + (version.major() >= 3 ? "x" : version.minor());
    if (version.generation() >= 3) {
      return Capabilities.of(backend, ChronoUnit.NANOS, Capability.EVENT_STORE, Capability.EVENT_AGGREGATES,
          Capability.STRONG_QUERIES);
    }
    return Capabilities.of(backend, ChronoUnit.NANOS, Capability.EVENT_STORE, Capability.EVENT_AGGREGATES,
        Capability.EVENT_DELETE, Capability.EVENT_MERGE_FIELDS, Capability.STRONG_QUERIES);
  }

  private static ServerVersion askVersion(InfluxCalls calls) {
    String[] headers = calls.ping();
    if (headers[0] == null || headers[0].isBlank()) {
      throw new StoreConfigurationException("the InfluxDB server did not say its version on /ping (no"
          + " X-Influxdb-Version header); give it with server.version (e.g. 1.8, 2.7 or 3)");
    }
    return ServerVersion.parse(headers[0]);
  }

  /**
   * 1.x: creates the database when asked; 1.x and 2.x: checks that it exists, with the retention policy the options
   * name ({@code SHOW RETENTION POLICIES}); 3.x creates databases on the first write.
   */
  private void prepareDatabase() {
    if (version.generation() == 2 && options.org().isEmpty()) {
      throw new StoreConfigurationException("InfluxDB " + version + " writes to a bucket of an organisation: give"
          + " org (and token)");
    }
    if (version.generation() >= 3) {
      return;
    }
    if (version.generation() == 1 && options.createDatabase()) {
      try {
        calls.run("CREATE DATABASE " + InfluxQl.identifier(options.database()));
      } catch (InvalidQueryException e) {
        LOG.log(System.Logger.Level.DEBUG, "CREATE DATABASE was refused; checking that the database exists", e);
      }
    }
    List<String> policies = new ArrayList<>();
    try (QueryRows rows = calls.query("SHOW RETENTION POLICIES", false, 0)) {
      for (Row row = rows.next(); row != null; row = rows.next()) {
        policies.add(row.value("name"));
      }
    } catch (InvalidQueryException e) {
      throw new StoreConfigurationException("cannot read " + (version.generation() == 2 ? "bucket " : "database ")
          + options.database() + ": " + e.getMessage() + (version.generation() == 2
              ? " (2.x: the bucket must exist, and the v1 API needs a DBRP mapping for it; 2.4+ maps it virtually)"
              : " (create it, or open with create.database=true)"), e);
    }
    options.retentionPolicy().filter(rp -> !policies.contains(rp)).ifPresent(rp -> {
      throw new StoreConfigurationException("database " + options.database() + " has no retention policy " + rp
          + "; it has " + policies);
    });
  }

  // ---- writes ----------------------------------------------------------------------------------------------------

  @Override
  public void append(Event event) {
    appendAll(List.of(Objects.requireNonNull(event, "event")));
  }

  @Override
  public void appendAll(Collection<Event> events) {
    Objects.requireNonNull(events, "events");
    ensureOpen();
    unflushed.write(events, this::buffer);
  }

  private void buffer(Collection<Event> events) {
    List<String> encoded = new ArrayList<>(events.size());
    String idTag = version.generation() >= 3 ? ID_TAG : null;
    for (Event event : events) {
      encoded.add(lines.line(Objects.requireNonNull(event, "event"), idTag,
          idTag == null ? null : UUID.randomUUID().toString()));
    }
    schemas.admit(events, idTag);
    writer.enqueue(encoded);
  }

  /**
   * Sends everything buffered, waits until it is stored or has failed, and reports, once, what was not stored since
   * the last flush (see {@link EventStore#flush()}).
   */
  @Override
  public void flush() {
    ensureOpen();
    writer.flush();
    unflushed.reportAndReset("flush");
  }

  // ---- reads -----------------------------------------------------------------------------------------------------

  @Override
  public Stream<Event> query(EventQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    Schema schema = schemas.current(query.series());
    Optional<String> where = where(query, schema);
    if (where.isEmpty()) {
      return Stream.empty();
    }
    String statement = "SELECT * FROM " + measurement(query.series()) + " WHERE " + where.get() + " ORDER BY time"
        + (query.order() == EventQuery.Order.NEWEST_FIRST ? " DESC" : "")
        + (query.limit().isPresent() ? " LIMIT " + query.limit().getAsInt() : "");
    QueryRows rows = calls.query(statement, true, options.readChunkSize());
    EventRows events = new EventRows(query.series(), schema, rows);
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(events,
        Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(rows::close);
  }

  /**
   * The WHERE clause of a query: its range and tags; empty when no stored event can match (a tag the series does
   * not have as a tag, a value no event could hold, an empty range).
   */
  private Optional<String> where(EventQuery query, Schema schema) {
    long from = query.from().map(InfluxEventStore::clampedNanos).orElse(LineProtocol.MIN_NANOS);
    long to = query.to().map(t -> clampedNanos(t) - 1).orElse(LineProtocol.MAX_NANOS);
    if (from > Math.min(to, LineProtocol.MAX_NANOS)) {
      return Optional.empty();
    }
    if (schema.fields().isEmpty()) {
      return Optional.empty();
    }
    for (Map.Entry<String, String> tag : query.tags().entrySet()) {
      if (!schema.tags().contains(tag.getKey()) || LineProtocol.RESERVED_KEYS.contains(tag.getKey())
          || !lines.canWriteTagValue(tag.getValue())) {
        return Optional.empty();
      }
    }
    return Optional.of(InfluxQl.timeRange(Math.max(from, LineProtocol.MIN_NANOS),
        Math.min(to, LineProtocol.MAX_NANOS)) + InfluxQl.tagConditions(query.tags()));
  }

  /** Nanoseconds since the epoch, saturated one beyond InfluxDB's range at either end. */
  private static long clampedNanos(Instant time) {
    if (time.isBefore(LineProtocol.instant(LineProtocol.MIN_NANOS))) {
      return LineProtocol.MIN_NANOS - 1;
    }
    if (time.isAfter(LineProtocol.instant(LineProtocol.MAX_NANOS))) {
      return LineProtocol.MAX_NANOS + 1;
    }
    return LineProtocol.nanos(time);
  }

  private String measurement(String series) {
    return InfluxQl.measurement(options.retentionPolicy(), series);
  }

  /** Rows of {@code SELECT *} as events, typed by the series' schema. */
  private final class EventRows implements Iterator<Event> {
    private final String series;
    private final QueryRows rows;
    private Schema schema;
    private Row next;
    private boolean ended;

    EventRows(String series, Schema schema, QueryRows rows) {
      this.series = series;
      this.rows = rows;
      this.schema = schema;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !ended) {
        next = rows.next();
        if (next == null) {
          ended = true;
          rows.close();
        }
      }
      return next != null;
    }

    @Override
    public Event next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row row = next;
      next = null;
      return event(row);
    }

    private Event event(Row row) {
      Event.Builder event = Event.builder(series);
      for (int i = 0; i < row.columns().size(); i++) {
        String column = row.columns().get(i);
        String value = row.values()[i];
        if (column.equals("time")) {
          event.time(LineProtocol.instant(Long.parseLong(value)));
        } else if (value != null && !column.equals(ID_TAG) && !column.startsWith("iox::")) {
          add(event, column, value);
        }
      }
      return event.build();
    }

    private void add(Event.Builder event, String column, String value) {
      if (!schema.tags().contains(column) && !schema.fields().containsKey(column)) {
        schema = schemas.reload(series);
      }
      FieldType type = schema.fields().get(column);
      if (schema.tags().contains(column)) {
        event.tag(column, value);
      } else if (type != null) {
        event.field(column, type.parse(value));
      } else {
        throw new StoreException("series " + series + " holds a column " + column
            + " that InfluxDB lists neither as a tag nor as a field");
      }
    }
  }

  /**
   * {@code fn} over {@code field} per window and group, following {@link EventStore#aggregate}: on the server for
   * integer and float fields and for {@code COUNT}; booleans are streamed and aggregated here (InfluxQL does not sum
   * them); a string field makes the numeric functions fail when a selected event holds it.
   */
  @Override
  public List<WindowValue> aggregate(EventQuery query, String field, Aggregate fn, Duration window) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(window, "window");
    ensureOpen();
    EventAggregation aggregation = EventAggregation.of(query, field, fn, window);
    capabilities.require(Capability.EVENT_AGGREGATES, "aggregate");
    Schema schema = schemas.current(query.series());
    Optional<String> where = where(query, schema);
    FieldType type = schema.fields().get(field);
    if (where.isEmpty() || type == null) {
      return aggregation.result();
    }
    Optional<String> group = query.groupBy().filter(schema.tags()::contains);
    String selected = InfluxQl.identifier(field) + "::field";
    String from = " FROM " + measurement(query.series()) + " WHERE " + where.get();
    if (fn != Aggregate.COUNT && type == FieldType.STRING) {
      try (QueryRows rows = calls.query("SELECT count(" + selected + ")" + from, false, 0)) {
        Row row = rows.next();
        long texts = row == null ? 0 : Long.parseLong(row.value("count"));
        if (texts > 0) {
          aggregation.addWindow(0, null, texts, texts, 0);
        }
      }
      return aggregation.result();
    }
    if ((fn != Aggregate.COUNT && type == FieldType.BOOLEAN) || aggregation.windowMicros() > SERVER_WINDOW_MICROS) {
      aggregateHere(aggregation, query.series(), "SELECT " + selected
          + group.map(tag -> ", " + InfluxQl.identifier(tag) + "::tag").orElse("") + from, field, type, group);
      return aggregation.result();
    }
    String statement = "SELECT count(" + selected + ")"
        + (fn == Aggregate.COUNT ? "" : ", " + function(fn) + "(" + selected + ")") + from
        + " GROUP BY time(" + aggregation.windowMicros() + "u)"
        + group.map(tag -> ", " + InfluxQl.identifier(tag)).orElse("") + " fill(none)";
    try (QueryRows rows = calls.query(statement, true, options.readChunkSize())) {
      for (Row next = rows.next(); next != null; next = rows.next()) {
        Row row = next;
        long start = Long.parseLong(row.value("time"));
        long number = Math.floorDiv(Math.floorDiv(start, 1_000L), aggregation.windowMicros());
        String groupValue = group.map(tag -> row.tags().get(tag)).filter(v -> !v.isEmpty()).orElse(null);
        long count = Long.parseLong(row.value("count"));
        double value = fn == Aggregate.COUNT ? count : Double.parseDouble(row.value(function(fn)));
        aggregation.addWindow(number, groupValue, count, type == FieldType.STRING ? count : 0, value);
      }
    }
    return aggregation.result();
  }

  /**
   * Streams the field's values (and the grouping tag) and aggregates them here: for booleans, which InfluxQL does not
   * sum, and for windows too wide for InfluxQL's {@code GROUP BY time()} (its durations end near 292 years, and
   * window starts near the ends of its time range overflow).
   */
  private void aggregateHere(EventAggregation aggregation, String series, String statement, String field,
      FieldType type, Optional<String> group) {
    Map<String, String> noTags = Map.of();
    try (QueryRows rows = calls.query(statement, true, options.readChunkSize())) {
      for (Row row = rows.next(); row != null; row = rows.next()) {
        String value = row.value(field);
        if (value == null) {
          continue;
        }
        Map<String, String> tags = noTags;
        if (group.isPresent()) {
          String tagValue = row.value(group.get());
          if (tagValue != null && !tagValue.isEmpty()) {
            tags = new HashMap<>(2);
            tags.put(group.get(), tagValue);
          }
        }
        aggregation.add(new Event(series, LineProtocol.instant(Long.parseLong(row.value("time"))), tags,
            Map.of(field, type.parse(value))));
      }
    }
  }

  private static String function(Aggregate fn) {
    return switch (fn) {
      case SUM -> "sum";
      case MEAN -> "mean";
      case MIN -> "min";
      case MAX -> "max";
      case COUNT -> "count";
    };
  }

  /**
   * Deletes the series' events before {@code cutoff} (InfluxQL {@code DELETE}, 1.x and 2.x) after sending what is
   * buffered; returns how many there were just before (InfluxDB's {@code DELETE} does not say, so they are counted
   * first: events another client writes between the count and the delete are deleted but not counted).
   */
  @Override
  public long deleteBefore(String series, Instant cutoff) {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(cutoff, "cutoff");
    ensureOpen();
    EventRules.requireKey("series", series);
    capabilities.require(Capability.EVENT_DELETE, "deleteBefore");
    long before = clampedNanos(cutoff);
    if (before <= LineProtocol.MIN_NANOS) {
      return 0;
    }
    writer.flush();
    if (schemas.current(series).fields().isEmpty()) {
      return 0;
    }
    long count = 0;
    String range = InfluxQl.timeRange(LineProtocol.MIN_NANOS, Math.min(before - 1, LineProtocol.MAX_NANOS));
    try (QueryRows rows = calls.query("SELECT * FROM " + measurement(series) + " WHERE " + range, true,
        options.readChunkSize())) {
      while (rows.next() != null) {
        count++;
      }
    }
    if (count > 0) {
      calls.delete("DELETE FROM " + InfluxQl.identifier(series) + " WHERE " + range);
    }
    return count;
  }

  /** The schema of a series as the server has it ({@code SHOW FIELD KEYS}, {@code SHOW TAG KEYS}). */
  private Schema readSchema(String series) {
    Map<String, FieldType> fields = new HashMap<>();
    List<String> tags = new ArrayList<>();
    String from = " FROM " + measurement(series);
    try (QueryRows rows = calls.query("SHOW FIELD KEYS" + from + "; SHOW TAG KEYS" + from, false, 0)) {
      for (Row row = rows.next(); row != null; row = rows.next()) {
        if (row.columns().contains("fieldKey")) {
          fields.putIfAbsent(row.value("fieldKey"), FieldType.ofInflux(row.value("fieldType")));
        } else if (row.columns().contains("tagKey")) {
          tags.add(row.value("tagKey"));
        }
      }
    } catch (InvalidQueryException e) {
      if (version.generation() >= 3 && e.getMessage().contains("not found")) {
        return Schema.EMPTY; // 3.x creates a database on its first write: until then it holds nothing
      }
      throw e;
    }
    return new Schema(fields, new java.util.HashSet<>(tags));
  }

  /** A view reporting {@code consistency}: both choices read the one database alike. */
  @Override
  public EventStore reading(ReadConsistency consistency) {
    Objects.requireNonNull(consistency, "consistency");
    ensureOpen();
    return EventStoreView.of(this, consistency);
  }

  @Override
  public ReadConsistency readConsistency() {
    return options.readConsistency();
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    Objects.requireNonNull(type, "type");
    ensureOpen();
    return nativeHandles.unwrap(type);
  }

  @Override
  public <T> T unwrapOrThrow(Class<T> type) {
    Objects.requireNonNull(type, "type");
    ensureOpen();
    return nativeHandles.unwrapOrThrow(type);
  }

  /** @throws IllegalStateException after {@link #close()} */
  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the store is closed: " + this);
    }
  }

  /**
   * Sends what is buffered, stops the writer, closes the client when the store owns it, and then reports what was
   * not stored since the last flush, as {@link #flush()} does. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      writer.stop();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to: it finds the buffer sent
      }
      if (ownsClient) {
        client.close();
      }
    }
    unflushed.reportAndReset("close");
  }

  /**
   * The JVM is exiting with the store open: sends the buffer for at most {@code shutdown.timeout} and reports, as an
   * error, every event that is not stored by then — nothing is lost without a word (see {@link #reportAtExit}).
   */
  private void atShutdown() {
    if (closed.get()) {
      return;
    }
    long left = writer.drain(options.shutdownTimeout());
    if (left > 0) {
      reportAtExit("the JVM exits with an open event store (" + name + "): " + left
          + " appended events could not be sent within shutdown.timeout " + options.shutdownTimeout()
          + " and are lost; close the store before exiting", null);
    }
    try {
      unflushed.reportAndReset("shutdown");
    } catch (StoreException e) {
      reportAtExit("the JVM exits with an open event store (" + name + "): " + e.getMessage(), e);
    }
  }

  /**
   * Logs an error at JVM exit, and writes it to standard error too: logging may already be shut down by then, as
   * shutdown hooks run at the same time (java.util.logging's own hook closes its handlers, so the System.Logger
   * default would drop the message).
   */
  private static void reportAtExit(String message, Throwable cause) {
    LOG.log(System.Logger.Level.ERROR, message, cause);
    System.err.println("ERROR " + InfluxEventStore.class.getName() + ": " + message);
  }

  @Override
  public String toString() {
    return "InfluxEventStore{" + name + ", " + capabilities.backend() + '}';
  }
}
