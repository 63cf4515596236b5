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
import dev.polystore.StoreConfigurationException;
import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import dev.polystore.spi.support.AppendFailures;
import dev.polystore.spi.support.EventAggregation;
import dev.polystore.spi.support.EventRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Internal: {@link EventStore} over the same single table. Thread-safe.
 *
 * <p>Events of a series are partitioned by time bucket ({@code pk=EVENT#<series>#<bucket start>}) and sorted by
 * time, then by a hash of their tags ({@code sk=<time>#<tag hash>}), so two events with the same series, tags
 * and time are one item and the later write wins. Each bucket that holds events has a marker
 * ({@code pk=SERIES#<series>, sk=BUCKET#<start>}), so a query over all time finds the buckets without a scan.
 * Writes go straight to DynamoDB ({@code BatchWriteItem}); nothing is buffered, so {@link #flush()} has nothing
 * to wait for (it reports, once, append calls that failed since the last flush). Times keep nanosecond precision.
 *
 * <p>Queries and aggregates read the table, never an index: under {@link ReadConsistency#STRONG} (the store's
 * default unless {@code read.consistency} says otherwise, or a {@link #reading} view's) they are strongly
 * consistent ({@code ConsistentRead}, {@link Capability#STRONG_QUERIES}); under {@link ReadConsistency#EVENTUAL}
 * they are DynamoDB's default reads, at half the read capacity, which may miss the latest writes for a moment.
 * {@code deleteBefore} reads what it deletes strongly.
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

  private static final String EVENT = "EVENT#";
  private static final String SERIES = "SERIES#";
  private static final String BUCKET = "BUCKET#";
  /** Sorts after the {@code #} that follows a time in a sort key, and before any digit. */
  private static final String AFTER_TIME = "$";

  private final DynamoDatabase db;
  private final DynamoDbClient client;
  private final String table;
  private final long bucketNanos;
  private final DynamoBatchWriter batch;
  private final DynamoReads reads;
  /** Append calls that failed since the last flush, for {@link #flush()} and {@link #close()} to report. */
  private final AppendFailures unflushed;
  /** Whether queries and aggregates ask for {@code ConsistentRead}. */
  private final ReadConsistency consistency;
  /** The store a {@link #reading} view views; null for the store itself. */
  private final DynamoEventStore viewed;

  /**
   * Opens the store; creates the table when missing (unless the options say not to) and checks that the table's
   * event bucket matches the options.
   *
   * @param ownsClient whether {@link #close()} closes the client
   */
  public DynamoEventStore(DynamoDbClient client, DynamoStoreOptions options, boolean ownsClient) {
    this.db = new DynamoDatabase(client, options, 1, ownsClient, Clock.systemUTC());
    this.client = client;
    this.table = db.table();
    this.bucketNanos = options.eventBucket().toNanos();
    this.batch = new DynamoBatchWriter(client, table, db.retry());
    this.reads = db.reads();
    this.unflushed = new AppendFailures();
    this.consistency = options.readConsistency();
    this.viewed = null;
    checkBucket(options.eventBucket());
  }

  /** A view of {@code store} whose queries and aggregates read with {@code consistency}. */
  private DynamoEventStore(DynamoEventStore store, ReadConsistency consistency) {
    this.db = store.db;
    this.client = store.client;
    this.table = store.table;
    this.bucketNanos = store.bucketNanos;
    this.batch = store.batch;
    this.reads = store.reads;
    this.unflushed = store.unflushed;
    this.consistency = consistency;
    this.viewed = store;
  }

  /** Records the bucket size in the table, or refuses a different one: the layout depends on it. */
  private void checkBucket(Duration bucket) {
    Map<String, AttributeValue> item = RefItem.SCHEMA.itemToMap(
        new RefItem("META", "EVENTS", "META", Long.toString(bucketNanos)), true);
    try {
      client.putItem(r -> r.tableName(table).item(item).conditionExpression(DynamoTable.NOT_EXISTS)
          .expressionAttributeNames(DynamoTable.PK_NAMES));
    } catch (ConditionalCheckFailedException exists) {
      String stored = storedBucket();
      if (!Long.toString(bucketNanos).equals(stored)) {
        String theirs = stored == null ? "?" : Duration.ofNanos(Long.parseLong(stored)).toString();
        throw new StoreConfigurationException("table " + table + " keeps events in buckets of " + theirs
            + ", not " + bucket + "; open it with event.bucket=" + theirs);
      }
    } catch (SdkException e) {
      throw DynamoErrors.translate(e, "checking the event settings of table " + table);
    }
  }

  private String storedBucket() {
    return db.getItem(key("META", "EVENTS"), "reading the event settings of table " + table)
        .map(stored -> stored.get("ref")).map(AttributeValue::s).orElse(null);
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

  private void write(Collection<Event> events) {
    List<WriteRequest> writes = new ArrayList<>(events.size() + 1);
    Set<String> markers = new LinkedHashSet<>();
    for (Event event : events) {
      long time = nanos(event.time());
      long bucket = bucketOf(time);
      Map<String, AttributeValue> item = EventItem.SCHEMA.itemToMap(toItem(event, time, bucket), true);
      DynamoItemSize.check(item, "event " + event.series() + " at " + event.time());
      writes.add(put(item));
      if (markers.add(event.series() + "\u0000" + bucket)) {
        writes.add(put(RefItem.SCHEMA.itemToMap(new RefItem(SERIES + event.series(), BUCKET + timeKey(bucket),
            "BUCKET", Long.toString(bucket)), true)));
      }
    }
    batch.write(writes, "appending " + events.size() + " event(s)");
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
    Iterator<Long> buckets = buckets(query.series(), from, to - 1, newestFirst, consistency == ReadConsistency.STRONG);
    return new Iterator<>() {
      private Iterator<Map<String, AttributeValue>> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          if (!buckets.hasNext()) {
            return false;
          }
          current = reads.items(bucketQuery(query, buckets.next(), from, to, newestFirst, limit), "reading events");
        }
        return true;
      }

      @Override
      public Event next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return toEvent(EventItem.SCHEMA.mapToItem(current.next()));
      }
    };
  }

  /**
   * The starts of the series' buckets that hold events in {@code [first, last]}, from their markers; read with
   * {@code ConsistentRead} when {@code strong}.
   */
  private Iterator<Long> buckets(String series, long first, long last, boolean newestFirst, boolean strong) {
    DynamoExpression e = new DynamoExpression();
    String condition = e.name(PK) + " = " + e.value(s(SERIES + series)) + " AND " + e.name(SK) + " BETWEEN "
        + e.value(s(BUCKET + timeKey(first == Long.MIN_VALUE ? first : bucketOf(first)))) + " AND "
        + e.value(s(BUCKET + timeKey(bucketOf(last))));
    QueryRequest request = QueryRequest.builder().tableName(table).keyConditionExpression(condition)
        .expressionAttributeNames(e.names()).expressionAttributeValues(e.values()).consistentRead(strong ? true : null)
        .scanIndexForward(!newestFirst).build();
    return DynamoReads.mapped(reads.items(request, "listing the buckets of " + series),
        marker -> Long.parseLong(RefItem.SCHEMA.mapToItem(marker).ref()));
  }

  private QueryRequest bucketQuery(EventQuery query, long bucket, long from, long to, boolean newestFirst, int limit) {
    DynamoExpression e = new DynamoExpression();
    String condition = eventsIn(query.series(), bucket, from, to, e);
    List<String> tagTests = new ArrayList<>();
    for (Map.Entry<String, String> tag : query.tags().entrySet()) {
      tagTests.add(e.name("tags") + "." + e.name(tag.getKey()) + " = " + e.value(s(tag.getValue())));
    }
    QueryRequest.Builder request = QueryRequest.builder().tableName(table).keyConditionExpression(condition)
        .filterExpression(tagTests.isEmpty() ? null : String.join(" AND ", tagTests))
        .expressionAttributeNames(e.names()).expressionAttributeValues(e.values())
        .consistentRead(consistency == ReadConsistency.STRONG ? true : null)
        .scanIndexForward(!newestFirst);
    if (limit > 0 && tagTests.isEmpty()) {
      request.limit(Math.min(limit, 1000));
    }
    return request.build();
  }

  /** The key condition of the events of one bucket with times in {@code [from, to)}. */
  private String eventsIn(String series, long bucket, long from, long to, DynamoExpression e) {
    long low = Math.max(from, bucket);
    long high = Math.min(to - 1, bucket + (bucketNanos - 1));
    return e.name(PK) + " = " + e.value(s(partition(series, bucket))) + " AND " + e.name(SK) + " BETWEEN "
        + e.value(s(timeKey(low))) + " AND " + e.value(s(timeKey(high) + AFTER_TIME));
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
    long deleted = 0;
    List<Long> starts = new ArrayList<>();
    buckets(series, Long.MIN_VALUE, end - 1, false, true).forEachRemaining(starts::add);
    for (long bucket : starts) {
      DynamoExpression e = new DynamoExpression();
      String condition = eventsIn(series, bucket, Long.MIN_VALUE, end, e);
      QueryRequest request = QueryRequest.builder().tableName(table).keyConditionExpression(condition)
          .expressionAttributeNames(e.names()).expressionAttributeValues(e.values()).consistentRead(true)
          .projectionExpression(PK + ", " + SK).build();
      List<WriteRequest> deletes = new ArrayList<>();
      reads.items(request, "finding old events of " + series).forEachRemaining(item -> deletes.add(
          WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(item).build()).build()));
      batch.write(deletes, "deleting old events of " + series);
      deleted += deletes.size();
      if (bucket + (bucketNanos - 1) < end) {
        batch.write(List.of(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
            .key(key(SERIES + series, BUCKET + timeKey(bucket))).build()).build()), "deleting an empty bucket");
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
   * {@link #flush()} does. Idempotent: a second call neither closes nor reports anything.
   */
  @Override
  public void close() {
    if (viewed == null) {
      db.close(() -> unflushed.reportAndReset("close"));
    }
  }

  @Override
  public String toString() {
    return "DynamoEventStore{table=" + table + ", bucket=" + Duration.ofNanos(bucketNanos) + ", reading " + consistency
        + '}';
  }

  // ---- layout ----------------------------------------------------------------------------------------------------

  private long bucketOf(long nanos) {
    return Math.floorDiv(nanos, bucketNanos) * bucketNanos;
  }

  private static String partition(String series, long bucket) {
    return EVENT + series + "#" + timeKey(bucket);
  }

  /** Epoch nanoseconds as 20 digits that sort like the numbers, negative ones included. */
  static String timeKey(long nanos) {
    String digits = Long.toUnsignedString(nanos ^ Long.MIN_VALUE);
    return "0".repeat(20 - digits.length()) + digits;
  }

  private static long nanos(Instant t) {
    try {
      return DynamoTime.nanos(t);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new InvalidQueryException(e.getMessage(), e);
    }
  }

  /** A short hash of the tags, so events that differ only by tags get different keys. */
  static String tagHash(Map<String, String> tags) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> tag : new TreeMap<>(tags).entrySet()) {
        digest.update(tag.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(tag.getValue().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static EventItem toItem(Event event, long time, long bucket) {
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
    return new EventItem(partition(event.series(), bucket), timeKey(time) + "#" + tagHash(event.tags()), "EVENT",
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
