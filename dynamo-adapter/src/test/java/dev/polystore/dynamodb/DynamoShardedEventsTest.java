package dev.polystore.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EventStore;
import dev.polystore.StoreConfigurationException;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Events spread over several shards per bucket ({@code event.shards}): writes land on every shard's partition key,
 * a duplicate on the same item, and reads — ranges, tags, both orders, limits, aggregates, deletes — give exactly
 * what the same events give in a table with one shard, also at bucket boundaries and for events of one time that
 * landed in different shards. The shard count is fixed per table, and one shard keeps the layout of tables made
 * before shards existed. The raw items are read with a client of the test's own.
 */
@ExtendWith(DynamoLocal.class)
class DynamoShardedEventsTest {

  private static final Instant BASE = Instant.parse("2024-03-01T00:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);
  /** How long a held read waits for others before the gate gives up; only reached when reads do not overlap. */
  private static final long SAFETY_MILLIS = 10_000;
  /** The Queries of event partitions. */
  private static final Predicate<SdkRequest> EVENT_QUERIES = r -> r instanceof QueryRequest q
      && ReadGate.partitionOf(q).startsWith("EVENT#");

  private final ReadGate gate = new ReadGate();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<String> tables = new ArrayList<>();
  private final Map<EventStore, String> tableOf = new IdentityHashMap<>();

  @AfterEach
  void cleanUp() throws Exception {
    gate.release();
    for (AutoCloseable c : opened) {
      c.close();
    }
    tables.forEach(DynamoLocal::dropTable);
  }

  /** A store on a new table, over a client that passes its requests through {@link #gate}. */
  private EventStore open(DynamoStoreOptions.Builder options) {
    String table = DynamoLocal.freshTable();
    tables.add(table);
    return open(table, options);
  }

  private EventStore open(String table, DynamoStoreOptions.Builder options) {
    DynamoDbClient client = DynamoLocal.newClient(o -> o.addExecutionInterceptor(gate));
    opened.add(client);
    EventStore store = DynamoStores.openEventStore(client, options.tableName(table).build());
    opened.add(store);
    tableOf.put(store, table);
    return store;
  }

  private String tableOf(EventStore store) {
    return tableOf.get(store);
  }

  /** The raw event items of a table, by partition key. */
  private static Map<String, List<Map<String, AttributeValue>>> eventItems(String table) {
    return DynamoLocal.client().scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream()
        .filter(item -> item.containsKey("type") && item.get("type").s().equals("EVENT"))
        .collect(Collectors.groupingBy(item -> item.get("pk").s(), TreeMap::new, Collectors.toList()));
  }

  private static List<Event> read(EventStore store, EventQuery query) {
    try (Stream<Event> events = store.query(query)) {
      return events.toList();
    }
  }

  // ---- writes --------------------------------------------------------------------------------------------------

  @Test
  void writesOfOneSeriesAndBucketSpreadOverEveryShard() {
    EventStore store = open(DynamoStoreOptions.builder().eventShards(4));
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      // one host at successive seconds, and a burst of one microsecond apart: both must spread
      events.add(Event.builder("load").time(BASE.plusSeconds(i)).tag("host", "h1").field("i", i).build());
      events.add(Event.builder("load").time(BASE.plusNanos(1000L * i + 1)).tag("host", "h2").field("i", i).build());
    }
    store.appendAll(events);
    Map<String, List<Map<String, AttributeValue>>> items = eventItems(tableOf(store));
    assertEquals(4, items.size(), "one partition key per shard of the bucket: " + items.keySet());
    String bucket = items.keySet().iterator().next().replaceFirst("#0$", "");
    assertEquals(List.of(bucket + "#0", bucket + "#1", bucket + "#2", bucket + "#3"), List.copyOf(items.keySet()));
    assertTrue(bucket.matches("EVENT#load#\\d{20}"), bucket);
    for (String host : List.of("h1", "h2")) {
      for (Map.Entry<String, List<Map<String, AttributeValue>>> shard : items.entrySet()) {
        long ofHost = shard.getValue().stream().filter(i -> i.get("tags").m().get("host").s().equals(host)).count();
        assertTrue(ofHost >= 70 && ofHost <= 130, "each shard takes about a quarter of " + host + "'s 400 events: "
            + shard.getKey() + " has " + ofHost);
      }
    }
    assertEquals(800, items.values().stream().mapToInt(List::size).sum());
  }

  @Test
  void aDuplicateLandsOnTheSameItemAndTheLaterWriteWins() {
    EventStore store = open(DynamoStoreOptions.builder().eventShards(8));
    for (int i = 0; i < 20; i++) {
      Instant t = BASE.plusMillis(i);
      store.append(Event.builder("load").time(t).tag("host", "a").field("v", 1).build());
      store.append(Event.builder("load").time(t).tag("host", "b").field("v", 1).build());
      store.append(Event.builder("load").time(t).tag("host", "a").field("v", 2).build());
    }
    assertEquals(40, eventItems(tableOf(store)).values().stream().mapToInt(List::size).sum(),
        "two items per time: the duplicate of host a overwrote its first write");
    List<Event> read = read(store, EventQuery.builder("load").tag("host", "a").build());
    assertEquals(20, read.size());
    assertTrue(read.stream().allMatch(e -> e.fields().get("v").equals(2L)), "the later write wins: " + read);
  }

  /** Batch writes that put a bucket marker (an item of partition {@code SERIES#...}). */
  private static final Predicate<SdkRequest> MARKER_WRITES = r -> r instanceof BatchWriteItemRequest b
      && b.requestItems().values().stream().flatMap(List::stream).anyMatch(w -> w.putRequest() != null
          && w.putRequest().item().get("pk").s().startsWith("SERIES#"));

  @Test
  void aBucketsMarkerIsNotWrittenWithEveryAppend() {
    EventStore store = open(DynamoStoreOptions.builder().eventShards(4));
    gate.watch = MARKER_WRITES;
    long start = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      store.append(Event.builder("load").time(BASE.plusMillis(i)).field("i", i).build());
    }
    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
    assertTrue(gate.calls.get() >= 1 && gate.calls.get() <= 1 + seconds, "50 appends in " + seconds
        + " whole second(s) wrote the marker of their bucket " + gate.calls + " time(s): at most once a second,"
        + " else every append to a series would also write the one partition its markers share");
    assertEquals(50, read(store, EventQuery.builder("load").build()).size());
  }

  @Test
  void anAppendAfterADeleteThatDroppedItsBucketsMarkerWritesItAgain() {
    EventStore store = open(DynamoStoreOptions.builder().eventBucket(MINUTE).eventShards(4));
    Event old = Event.builder("load").time(BASE).field("v", 1).build();
    store.append(old);
    assertEquals(1, store.deleteBefore("load", BASE.plus(MINUTE)), "the bucket is emptied and its marker dropped");
    store.append(old);
    assertEquals(List.of(old), read(store, EventQuery.builder("load").build()),
        "the event appended again is found, through its bucket's marker");
  }

  // ---- reads: the same as one shard ----------------------------------------------------------------------------

  /**
   * Events over four one-minute buckets: on each bucket's first and last nanosecond and in between, several of
   * them at one time with different tags (so one time spans shards), and a second series.
   */
  private static List<Event> aroundBoundaries() {
    List<Event> events = new ArrayList<>();
    int n = 0;
    for (int minute = 0; minute < 4; minute++) {
      Instant start = BASE.plus(MINUTE.multipliedBy(minute));
      for (Instant t : List.of(start, start.plusNanos(1), start.plusSeconds(30), start.plus(MINUTE).minusNanos(1))) {
        for (int host = 0; host < 4; host++) {
          events.add(Event.builder("load").time(t).tag("host", "h" + host).tag("dc", host % 2 == 0 ? "x" : "y")
              .field("v", ++n).build());
        }
        events.add(Event.builder("other").time(t).field("v", -1).build());
      }
    }
    return events;
  }

  @Test
  void queriesReadAsWithOneShardAtBucketAndShardBoundaries() {
    EventStore one = open(DynamoStoreOptions.builder().eventBucket(MINUTE));
    EventStore sharded = open(DynamoStoreOptions.builder().eventBucket(MINUTE).eventShards(4));
    String shardedTable = tableOf(sharded);
    List<Event> events = aroundBoundaries();
    one.appendAll(events);
    sharded.appendAll(events);

    Map<String, List<Map<String, AttributeValue>>> items = eventItems(shardedTable);
    Map<String, Set<String>> shardsOfTime = new TreeMap<>();
    items.forEach((pk, list) -> list.forEach(item -> shardsOfTime.computeIfAbsent(item.get("sk").s()
        .substring(0, 20), t -> new java.util.TreeSet<>()).add(pk)));
    assertTrue(shardsOfTime.values().stream().anyMatch(pks -> pks.size() > 1),
        "the events of one time are in more than one shard, so their order comes from the merge: " + shardsOfTime);

    Instant middle = BASE.plus(MINUTE.multipliedBy(2));
    List<Instant> bounds = new ArrayList<>();
    bounds.add(null);
    bounds.addAll(List.of(BASE.minusNanos(1), BASE.plusNanos(1), middle.minusNanos(1), middle,
        BASE.plus(MINUTE.multipliedBy(4)).minusNanos(1)));
    int compared = 0;
    for (Instant from : bounds) {
      for (Instant to : bounds) {
        if (from != null && to != null && !from.isBefore(to)) {
          continue;
        }
        for (boolean newestFirst : List.of(false, true)) {
          for (Map<String, String> tags : from == null ? List.of(Map.<String, String>of(), Map.of("dc", "y"))
              : List.of(Map.<String, String>of())) {
            EventQuery.Builder q = EventQuery.builder("load");
            if (from != null) {
              q.from(from);
            }
            if (to != null) {
              q.to(to);
            }
            tags.forEach(q::tag);
            if (newestFirst) {
              q.newestFirst();
            }
            List<Event> all = read(one, q.build());
            assertEquals(expected(events, from, to, tags, newestFirst), all.stream().map(Event::time).toList(),
                "the one-shard store reads the range " + from + " to " + to + " " + tags);
            assertEquals(all, read(sharded, q.build()), "range " + from + " to " + to + " " + tags
                + (newestFirst ? " newest first" : ""));
            for (int limit : List.of(1, 5)) {
              assertEquals(all.subList(0, Math.min(limit, all.size())), read(sharded, q.limit(limit).build()),
                  "limit " + limit + ", range " + from + " to " + to + " " + tags
                      + (newestFirst ? " newest first" : ""));
              compared++;
            }
          }
        }
      }
    }
    assertTrue(compared > 60, "compared " + compared + " limited queries");

    EventQuery all = EventQuery.builder("load").build();
    for (Duration window : List.of(MINUTE, Duration.ofSeconds(30), Duration.ofNanos(1000))) {
      assertEquals(one.aggregate(all, "v", Aggregate.SUM, window), sharded.aggregate(all, "v", Aggregate.SUM, window),
          "sums over windows of " + window);
    }
    EventQuery byDc = EventQuery.builder("load").from(BASE.plusNanos(1)).groupBy("dc").build();
    assertEquals(one.aggregate(byDc, "v", Aggregate.MAX, MINUTE), sharded.aggregate(byDc, "v", Aggregate.MAX, MINUTE));

    Instant cutoff = BASE.plus(MINUTE).plusSeconds(30);
    assertEquals(one.deleteBefore("load", cutoff), sharded.deleteBefore("load", cutoff));
    assertEquals(read(one, all), read(sharded, all));
    assertEquals(read(one, EventQuery.builder("other").build()), read(sharded, EventQuery.builder("other").build()),
        "the other series is left alone");
    long left = eventItems(shardedTable).values().stream().flatMap(List::stream)
        .filter(item -> item.get("series").s().equals("load")).count();
    assertEquals(read(sharded, all).size(), left, "every shard lost its old items");
  }

  /** The times a query selects, computed from the events: time order, ties in any order. */
  private static List<Instant> expected(List<Event> events, Instant from, Instant to, Map<String, String> tags,
                                        boolean newestFirst) {
    Comparator<Instant> order = newestFirst ? Comparator.reverseOrder() : Comparator.naturalOrder();
    return events.stream().filter(e -> e.series().equals("load"))
        .filter(e -> (from == null || !e.time().isBefore(from)) && (to == null || e.time().isBefore(to)))
        .filter(e -> e.tags().entrySet().containsAll(tags.entrySet()))
        .map(Event::time).sorted(order).toList();
  }

  @Test
  void aQueryReadsTheShardsOfABucketTogetherAndStopsAtItsLimit() {
    EventStore store = open(DynamoStoreOptions.builder().eventBucket(MINUTE).eventShards(4));
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 5 * 60; i++) {
      events.add(Event.builder("load").time(BASE.plusSeconds(i)).tag("host", "h").field("i", i).build());
    }
    store.appendAll(events);

    gate.watch = EVENT_QUERIES;
    gate.hold(4, SAFETY_MILLIS);
    assertEquals(List.of(events.get(299), events.get(298), events.get(297), events.get(296), events.get(295)),
        read(store, EventQuery.builder("load").newestFirst().limit(5).build()));
    assertEquals(4, gate.maxInFlight.get(), "the four shards' Queries of the last bucket were in flight together");
    assertEquals(4, gate.calls.get(), "one Query per shard of the one bucket the limit needs, one page each");

    gate.reset();
    gate.watch = EVENT_QUERIES;
    assertEquals(events.subList(0, 45), read(store, EventQuery.builder("load").limit(45).build()));
    assertEquals(4, gate.calls.get(), "the first bucket's shards hold the first 45 events: " + gate.calls);

    gate.reset();
    gate.watch = EVENT_QUERIES;
    assertEquals(events.subList(50, 70), read(store, EventQuery.builder("load").from(BASE.plusSeconds(50))
        .limit(20).build()));
    assertEquals(8, gate.calls.get(), "a limit across a bucket boundary reads the shards of both buckets");

    gate.reset();
    gate.watch = EVENT_QUERIES;
    assertEquals(events, read(store, EventQuery.builder("load").build()));
    assertEquals(20, gate.calls.get(), "a query of all time: one Query per shard per bucket");
  }

  @Test
  void withOneReadThreadTheShardsAreReadOneAfterAnotherOnTheCallingThread() {
    EventStore store = open(DynamoStoreOptions.builder().eventShards(4).readParallelism(1));
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      events.add(Event.builder("load").time(BASE.plusSeconds(i)).field("i", i).build());
    }
    store.appendAll(events);
    gate.watch = EVENT_QUERIES;
    assertEquals(events, read(store, EventQuery.builder("load").build()));
    assertEquals(4, gate.calls.get());
    assertEquals(1, gate.maxInFlight.get());
    assertEquals(Set.of(Thread.currentThread().getName()), gate.threads);
  }

  // ---- the layout is fixed per table ---------------------------------------------------------------------------

  @Test
  void theShardCountIsFixedPerTable() {
    EventStore four = open(DynamoStoreOptions.builder().eventShards(4));
    String table = tableOf(four);
    four.appendAll(List.of(Event.builder("load").time(BASE).field("v", 1).build()));

    StoreConfigurationException fewer = assertThrows(StoreConfigurationException.class,
        () -> open(table, DynamoStoreOptions.builder().eventShards(2)));
    assertTrue(fewer.getMessage().contains("over 4 shard(s), not 2") && fewer.getMessage().contains("event.shards=4")
        && !fewer.getMessage().contains("event.bucket"), fewer.getMessage());
    StoreConfigurationException both = assertThrows(StoreConfigurationException.class,
        () -> open(table, DynamoStoreOptions.builder().eventBucket(Duration.ofHours(1))));
    assertTrue(both.getMessage().contains("event.bucket=PT24H and event.shards=4"), both.getMessage());

    EventStore again = open(table, DynamoStoreOptions.builder().eventShards(4));
    assertEquals(1, read(again, EventQuery.builder("load").build()).size());
  }

  @Test
  void oneShardKeepsTheLayoutOfTablesMadeBeforeShards() {
    EventStore store = open(DynamoStoreOptions.builder());
    String table = tableOf(store);
    store.appendAll(List.of(Event.builder("load").time(BASE).field("v", 1).build(),
        Event.builder("load").time(BASE.plusSeconds(1)).tag("host", "a").field("v", 2).build()));
    Map<String, List<Map<String, AttributeValue>>> items = eventItems(table);
    assertEquals(1, items.size());
    assertTrue(items.keySet().iterator().next().matches("EVENT#load#\\d{20}"), "no shard suffix: " + items.keySet());

    // the settings item as stores wrote it before shards existed: the bucket size alone
    Map<String, AttributeValue> settings = Map.of("pk", AttributeValue.fromS("META"),
        "sk", AttributeValue.fromS("EVENTS"));
    assertEquals("1", DynamoLocal.client().getItem(r -> r.tableName(table).key(settings).consistentRead(true))
        .item().get("shards").n(), "the shard count is recorded");
    DynamoLocal.client().updateItem(r -> r.tableName(table).key(settings).updateExpression("REMOVE shards"));

    EventStore old = open(table, DynamoStoreOptions.builder());
    assertEquals(2, read(old, EventQuery.builder("load").build()).size(), "an older table opens with one shard");
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
        () -> open(table, DynamoStoreOptions.builder().eventShards(4)));
    assertTrue(e.getMessage().contains("event.shards=1"), e.getMessage());
    assertFalse(e.getMessage().contains("event.bucket"), e.getMessage());
  }
}
