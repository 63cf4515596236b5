package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoTable.PK;
import static dev.polystore.dynamodb.internal.DynamoTable.SK;
import static dev.polystore.dynamodb.internal.DynamoTable.key;
import static dev.polystore.dynamodb.internal.DynamoTable.s;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.EventStore;
import dev.polystore.InvalidQueryException;
import dev.polystore.ReadConsistency;
import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import dev.polystore.spi.support.AppendFailures;
import dev.polystore.spi.support.NativeHandles;
import dev.polystore.spi.support.EventAggregation;
import dev.polystore.spi.support.EventRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Internal: {@link EventStore} over the same single table. Thread-safe.
 *
 * <p>Events of a series are partitioned by time bucket and shard ({@code pk=EVENT#<series>#<bucket start>}, with
 * {@code #<shard>} appended when the table has more than one shard) and sorted by time, then by a hash of their tags
 * ({@code sk=<time>#<tag hash>}), so two events with the same series, tags and time are one item (the shard too is
 * computed from those) and the later write wins; {@link EventLayout} holds these rules. Each bucket that holds
 * events has a marker ({@code pk=SERIES#<series>, sk=BUCKET#<start>}), so a query over all time finds the buckets
 * without a scan; a store writes it with the first append into the bucket, then at most once a second
 * ({@link RecentMarkers}). Writes go straight to DynamoDB ({@code BatchWriteItem}); nothing is buffered, so
 * {@link #flush()} has nothing to wait for (it reports, once, append calls that failed since the last flush). Times
 * keep nanosecond precision.
 *
 * <p>Queries and aggregates read the table, never an index: under {@link ReadConsistency#STRONG} (the store's
 * default unless {@code read.consistency} says otherwise, or a {@link #reading} view's) they are strongly
 * consistent ({@code ConsistentRead}, {@link Capability#STRONG_QUERIES}); under {@link ReadConsistency#EVENTUAL}
 * they are DynamoDB's default reads, at half the read capacity, which may miss the latest writes for a moment.
 * {@code deleteBefore} reads what it deletes strongly.
 *
 * <p>A query reads bucket after bucket. Within a bucket it sends one Query per shard, the first pages of all
 * together on the store's read pool ({@code read.parallelism}), and merges the shards' items by sort key as they
 * stream ({@link SortedMerge}), reading a shard's next page only when the merge reaches it; so order, limits and
 * ties are those of one shard, and a consumer that stops early stops the reads.
 *
 * <p>Aggregates read the selected events once (as {@link #query} does, ignoring order and limit) and keep one
 * accumulator per window and group ({@link EventAggregation}), in memory bounded by the number of windows and
 * groups. They follow the rules of {@link EventStore#aggregate}: booleans are 1 and 0, a string value under the
 * field makes the numeric functions fail at the first such event, {@code COUNT} takes any type, events without the
 * grouping tag form the first group, group values sort by code point, and windows are whole microseconds counted
 * from the epoch (an event's nanoseconds below the microsecond do not move it to another window). Field, tag and
 * grouping keys are checked against the event key rule before anything is read; a query's tag keys too.
 */
public final class DynamoEventStore implements EventStore {

  static final Capabilities CAPABILITIES = Capabilities.of(DynamoUserStore.BACKEND, ChronoUnit.NANOS,
      Capability.EVENT_STORE, Capability.EVENT_AGGREGATES, Capability.EVENT_DELETE, Capability.EVENT_LAST_WRITE_WINS,
      Capability.EVENT_MIXED_FIELD_TYPES, Capability.STRONG_QUERIES);

  /** Sorts after the {@code #} that follows a time in a sort key, and before any digit. */
  private static final String AFTER_TIME = "$";

  private final DynamoDatabase db;
  private final String table;
  private final EventLayout layout;
  private final DynamoBatchWriter batch;
  private final DynamoReads reads;
  private final DynamoReadPool pool;
  /** The bucket markers this store wrote lately, not to be written with every append. */
  private final RecentMarkers recentMarkers;
  /** Append calls that failed since the last flush, for {@link #flush()} and {@link #close()} to report. */
  private final AppendFailures unflushed;
  /** The client and the table, for {@link #unwrap}. */
  private final NativeHandles nativeHandles;
  /** Whether queries and aggregates ask for {@code ConsistentRead}. */
  private final ReadConsistency consistency;
  /** The store a {@link #reading} view views; null for the store itself. */
  private final DynamoEventStore viewed;

  /**
   * Opens the store; creates the table when missing (unless the options say not to) and checks that the table's
   * event bucket and shard count match the options (recording them when the table has none yet).
   *
   * @param ownsClient whether {@link #close()} closes the client
   */
  public DynamoEventStore(DynamoDbClient client, DynamoStoreOptions options, boolean ownsClient) {
    this.db = new DynamoDatabase(client, options, options.readParallelism(), ownsClient, Clock.systemUTC());
    this.table = db.table();
    this.layout = new EventLayout(options.eventBucket(), options.eventShards());
    this.batch = new DynamoBatchWriter(client, table, db.retry());
    this.reads = db.reads();
    this.pool = db.pool();
    this.recentMarkers = new RecentMarkers();
    this.unflushed = new AppendFailures();
    this.nativeHandles = db.nativeHandles("event store").build();
    this.consistency = options.readConsistency();
    this.viewed = null;
    EventTableSettings.recordOrCheck(db, layout);
  }

  /** A view of {@code store} whose queries and aggregates read with {@code consistency}. */
  private DynamoEventStore(DynamoEventStore store, ReadConsistency consistency) {
    this.db = store.db;
    this.table = store.table;
    this.layout = store.layout;
    this.batch = store.batch;
    this.reads = store.reads;
    this.pool = store.pool;
    this.recentMarkers = store.recentMarkers;
    this.unflushed = store.unflushed;
    this.nativeHandles = store.nativeHandles;
    this.consistency = consistency;
    this.viewed = store;
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
    unflushed.write(events, this::write);
  }

  /**
   * Writes the events, each after its bucket's marker unless this store wrote that marker lately
   * ({@link RecentMarkers}).
   */
  private void write(Collection<Event> events) {
    long now = System.nanoTime();
    List<WriteRequest> writes = new ArrayList<>(events.size() + 1);
    Set<RecentMarkers.Marker> markers = new LinkedHashSet<>();
    for (Event event : events) {
      long time = nanos(event.time());
      long bucket = layout.bucketOf(time);
      Map<String, AttributeValue> item = EventItem.SCHEMA.itemToMap(toItem(event, time), true);
      DynamoItemSize.check(item, "event " + event.series() + " at " + event.time());
      RecentMarkers.Marker marker = new RecentMarkers.Marker(event.series(), bucket);
      if (recentMarkers.due(marker, now) && markers.add(marker)) {
        writes.add(put(RefItem.SCHEMA.itemToMap(new RefItem(EventLayout.markerPartition(event.series()),
            EventLayout.markerSortKey(bucket), "BUCKET", Long.toString(bucket)), true)));
      }
      writes.add(put(item));
    }
    batch.write(writes, "appending " + events.size() + " event(s)");
    recentMarkers.written(markers, now);
  }

  /**
   * Writes are not buffered (when {@code append} returns, the events are stored), so this returns at once, unless
   * an {@code append} or {@code appendAll} call failed since the last flush: then it throws, once, as
   * {@link EventStore#flush()} says.
   */
  @Override
  public void flush() {
    ensureOpen();
    unflushed.reportAndReset("flush");
  }

  // ---- reads -----------------------------------------------------------------------------------------------------

  @Override
  public Stream<Event> query(EventQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    boolean newestFirst = query.order() == EventQuery.Order.NEWEST_FIRST;
    Iterator<Event> events = events(query, newestFirst, query.limit().isPresent() ? query.limit().getAsInt() : 0);
    Stream<Event> stream = StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(events, Spliterator.ORDERED | Spliterator.NONNULL), false);
    return query.limit().isPresent() ? stream.limit(query.limit().getAsInt()) : stream;
  }

  /** The matching events, bucket after bucket and page after page, read lazily. */
  private Iterator<Event> events(EventQuery query, boolean newestFirst, int limit) {
    long from = query.from().map(DynamoTime::clampedNanos).orElse(Long.MIN_VALUE);
    long to = query.to().map(DynamoTime::clampedNanos).orElse(Long.MAX_VALUE);
    if (from >= to) {
      return Collections.emptyIterator();
    }
    boolean strong = consistency == ReadConsistency.STRONG;
    Iterator<Long> buckets = buckets(query.series(), from, to - 1, newestFirst, strong);
    Iterator<Map<String, AttributeValue>> items = concatenated(buckets, bucket -> merged(layout.partitions(
        query.series(), bucket).stream().map(partition -> eventsQuery(query, partition, bucket, from, to,
        newestFirst, limit)).toList(), newestFirst, "reading events of " + query.series()));
    return DynamoReads.mapped(items, item -> toEvent(EventItem.SCHEMA.mapToItem(item)));
  }

  /**
   * The items of the Queries of one bucket's shards in sort-key order ({@code descending}: reversed): the first
   * page of each read together on the read pool, the rest as the merge reaches them.
   */
  private Iterator<Map<String, AttributeValue>> merged(List<QueryRequest> shards, boolean descending, String what) {
    List<Iterator<Map<String, AttributeValue>>> started = pool.map(shards, request -> {
      Iterator<Map<String, AttributeValue>> items = reads.items(request, what);
      items.hasNext();
      return items;
    }, what);
    Comparator<Map<String, AttributeValue>> bySortKey = Comparator.comparing(item -> item.get(SK).s());
    return SortedMerge.of(started, descending ? bySortKey.reversed() : bySortKey);
  }

  /** The elements of the iterators {@code open} makes of each of {@code keys}, one after another, opened lazily. */
  private static <K, T> Iterator<T> concatenated(Iterator<K> keys, Function<K, Iterator<T>> open) {
    return new Iterator<>() {
      private Iterator<T> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          if (!keys.hasNext()) {
            return false;
          }
          current = open.apply(keys.next());
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /**
   * The starts of the series' buckets that hold events in {@code [first, last]}, from their markers; read with
   * {@code ConsistentRead} when {@code strong}.
   */
  private Iterator<Long> buckets(String series, long first, long last, boolean newestFirst, boolean strong) {
    DynamoExpression e = new DynamoExpression();
    String condition = e.name(PK) + " = " + e.value(s(EventLayout.markerPartition(series))) + " AND "
        + e.name(SK) + " BETWEEN "
        + e.value(s(EventLayout.markerSortKey(first == Long.MIN_VALUE ? first : layout.bucketOf(first)))) + " AND "
        + e.value(s(EventLayout.markerSortKey(layout.bucketOf(last))));
    return DynamoReads.mapped(reads.items(request(condition, e, newestFirst, strong).build(), "listing the buckets of "
        + series), marker -> Long.parseLong(RefItem.SCHEMA.mapToItem(marker).ref()));
  }

  /** The Query of the events of one shard of a bucket that a query selects. */
  private QueryRequest eventsQuery(EventQuery query, String partition, long bucket, long from, long to,
                                   boolean newestFirst, int limit) {
    DynamoExpression e = new DynamoExpression();
    String condition = eventsIn(partition, bucket, from, to, e);
    List<String> tagTests = new ArrayList<>();
    for (Map.Entry<String, String> tag : query.tags().entrySet()) {
      tagTests.add(e.name("tags") + "." + e.name(tag.getKey()) + " = " + e.value(s(tag.getValue())));
    }
    QueryRequest.Builder request = request(condition, e, newestFirst, consistency == ReadConsistency.STRONG)
        .filterExpression(tagTests.isEmpty() ? null : String.join(" AND ", tagTests));
    if (limit > 0 && tagTests.isEmpty()) {
      // each shard may hold all of the first `limit` events
      request.limit(Math.min(limit, 1000));
    }
    return request.build();
  }

  /**
   * The one place a read of the event store is built: a Query of the table with this key condition (whose names
   * and values {@code e} holds, and which a caller may extend with a filter or projection before building it),
   * strongly consistent when {@code strong} (else DynamoDB's default, eventually consistent read), in sort-key order
   * or reversed.
   */
  private QueryRequest.Builder request(String keyCondition, DynamoExpression e, boolean descending, boolean strong) {
    return QueryRequest.builder().tableName(table).keyConditionExpression(keyCondition)
        .expressionAttributeNames(e.names()).expressionAttributeValues(e.values()).consistentRead(strong ? true : null)
        .scanIndexForward(!descending);
  }

  /** The key condition of the events of one partition of a bucket with times in {@code [from, to)}. */
  private String eventsIn(String partition, long bucket, long from, long to, DynamoExpression e) {
    long low = Math.max(from, bucket);
    long high = Math.min(to - 1, layout.lastOf(bucket));
    return e.name(PK) + " = " + e.value(s(partition)) + " AND " + e.name(SK) + " BETWEEN "
        + e.value(s(EventLayout.timeKey(low))) + " AND " + e.value(s(EventLayout.timeKey(high) + AFTER_TIME));
  }

  /**
   * Streams the selected events once into an {@link EventAggregation}: one accumulator per window and group,
   * following the rules of {@link EventStore#aggregate}.
   */
  @Override
  public List<WindowValue> aggregate(EventQuery query, String field, Aggregate fn, Duration window) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(window, "window");
    ensureOpen();
    EventAggregation aggregation = EventAggregation.of(query, field, fn, window);
    for (Iterator<Event> it = events(query, false, 0); it.hasNext(); ) {
      aggregation.add(it.next());
    }
    return aggregation.result();
  }

  @Override
  public long deleteBefore(String series, Instant cutoff) {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(cutoff, "cutoff");
    ensureOpen();
    EventRules.requireKey("series", series);
    long end = DynamoTime.clampedNanos(cutoff);
    if (end == Long.MIN_VALUE) {
      return 0;
    }
    try {
      return deleteBuckets(series, end);
    } finally {
      // the markers of emptied buckets are gone: the next append to one of them writes its marker again
      recentMarkers.forget(series);
    }
  }

  /**
   * Deletes the series' events before {@code end} bucket by bucket, the keys of each bucket's shards read together,
   * and the marker of each bucket that ends before {@code end}.
   */
  private long deleteBuckets(String series, long end) {
    long deleted = 0;
    List<Long> starts = new ArrayList<>();
    buckets(series, Long.MIN_VALUE, end - 1, false, true).forEachRemaining(starts::add);
    String what = "finding old events of " + series;
    for (long bucket : starts) {
      List<QueryRequest> shards = new ArrayList<>();
      for (String partition : layout.partitions(series, bucket)) {
        DynamoExpression e = new DynamoExpression();
        String condition = eventsIn(partition, bucket, Long.MIN_VALUE, end, e);
        shards.add(request(condition, e, false, true).projectionExpression(PK + ", " + SK).build());
      }
      List<WriteRequest> deletes = new ArrayList<>();
      for (List<Map<String, AttributeValue>> keys : pool.map(shards, request -> reads.all(request, what), what)) {
        keys.forEach(item -> deletes.add(
            WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(item).build()).build()));
      }
      batch.write(deletes, "deleting old events of " + series);
      deleted += deletes.size();
      if (layout.lastOf(bucket) < end) {
        batch.write(List.of(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
            .key(key(EventLayout.markerPartition(series), EventLayout.markerSortKey(bucket))).build()).build()),
            "deleting an empty bucket");
      }
    }
    return deleted;
  }

  /** @throws IllegalStateException after {@link #close()} */
  private void ensureOpen() {
    db.ensureOpen();
  }

  @Override
  public EventStore reading(ReadConsistency consistency) {
    Objects.requireNonNull(consistency, "consistency");
    ensureOpen();
    return new DynamoEventStore(viewed == null ? this : viewed, consistency);
  }

  @Override
  public ReadConsistency readConsistency() {
    return consistency;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * Closes the client when the store owns it, then reports append calls that failed since the last flush as
   * {@link #flush()} does. Idempotent: a second call neither closes nor reports anything. On a {@link #reading}
   * view, does nothing: close the store it views.
   */
  @Override
  public void close() {
    if (viewed == null) {
      db.close(() -> unflushed.reportAndReset("close"));
    }
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

  @Override
  public String toString() {
    return "DynamoEventStore{table=" + table + ", bucket=" + Duration.ofNanos(layout.bucketNanos()) + ", shards="
        + layout.shards() + ", reading " + consistency + '}';
  }

  // ---- layout ----------------------------------------------------------------------------------------------------

  private static long nanos(Instant t) {
    try {
      return DynamoTime.nanos(t);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new InvalidQueryException(e.getMessage(), e);
    }
  }

  private EventItem toItem(Event event, long time) {
    Map<String, Long> longs = new LinkedHashMap<>();
    Map<String, String> doubles = new LinkedHashMap<>();
    Map<String, Boolean> booleans = new LinkedHashMap<>();
    Map<String, String> strings = new LinkedHashMap<>();
    event.fields().forEach((k, v) -> {
      if (v instanceof Long l) {
        longs.put(k, l);
      } else if (v instanceof Double d) {
        doubles.put(k, Double.toString(d));
      } else if (v instanceof Boolean b) {
        booleans.put(k, b);
      } else {
        strings.put(k, (String) v);
      }
    });
    return new EventItem(layout.partitionOf(event.series(), time, event.tags()),
        EventLayout.sortKey(time, event.tags()), "EVENT",
        event.series(), time, event.tags().isEmpty() ? null : event.tags(), empty(longs), empty(doubles),
        empty(booleans), empty(strings));
  }

  private static <V> Map<String, V> empty(Map<String, V> m) {
    return m.isEmpty() ? null : m;
  }

  private static Event toEvent(EventItem item) {
    Event.Builder b = Event.builder(item.series()).time(DynamoTime.instant(item.time()));
    if (item.tags() != null) {
      item.tags().forEach(b::tag);
    }
    orEmpty(item.longs()).forEach(b::field);
    orEmpty(item.doubles()).forEach((k, v) -> b.field(k, Double.parseDouble(v)));
    orEmpty(item.booleans()).forEach(b::field);
    orEmpty(item.strings()).forEach(b::field);
    return b.build();
  }

  private static <V> Map<String, V> orEmpty(Map<String, V> m) {
    return m == null ? Map.of() : m;
  }

  private static WriteRequest put(Map<String, AttributeValue> item) {
    return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
  }
}
