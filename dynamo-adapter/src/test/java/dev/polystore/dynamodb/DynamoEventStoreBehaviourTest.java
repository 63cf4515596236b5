package dev.polystore.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EventStore;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreException;
import dev.polystore.PartialWriteException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Batch writes under throttling and partial processing, the event table's fixed bucket size, and aggregate
 * windows over nanosecond times.
 */
@ExtendWith(DynamoLocal.class)
class DynamoEventStoreBehaviourTest {

  private static final Instant BASE = Instant.parse("2024-03-01T00:00:00Z");

  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<String> tables = new ArrayList<>();
  private final FaultInjector faults = new FaultInjector();

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    tables.forEach(DynamoLocal::dropTable);
  }

  /** A store whose client has no SDK retries, so every retry seen is the store's own. */
  private EventStore open(DynamoStoreOptions.Builder options) {
    DynamoDbClient client = DynamoLocal.newClient(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
        .addExecutionInterceptor(faults));
    opened.add(client);
    String table = DynamoLocal.freshTable();
    tables.add(table);
    EventStore store = DynamoStores.openEventStore(client, options.tableName(table)
        .retryBaseDelay(Duration.ofMillis(1)).retryMaxDelay(Duration.ofMillis(20)).build());
    opened.add(store);
    return store;
  }

  private static List<Event> events(int count) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(Event.builder("load").time(BASE.plusSeconds(i)).tag("host", "h" + (i % 3)).field("i", i).build());
    }
    return events;
  }

  private static List<Event> read(EventStore store) {
    try (Stream<Event> events = store.query(EventQuery.builder("load").build())) {
      return events.toList();
    }
  }

  @Test
  void throttledAndPartlyProcessedBatchesAreRetriedUntilEveryItemIsWritten() {
    EventStore store = open(DynamoStoreOptions.builder());
    List<Event> events = events(120);
    faults.throttle.set(2);
    faults.partial.set(4);
    store.appendAll(events);
    store.flush();
    assertEquals(2, faults.throttled.get(), "two calls were throttled");
    assertTrue(faults.heldBack.get() > 0, "some items came back unprocessed");
    assertEquals(events, read(store), "every event was written in the end");
  }

  @Test
  void aBatchThatNeverCompletesFailsNamingTheItemsNotWritten() {
    EventStore store = open(DynamoStoreOptions.builder().retryMaxAttempts(3));
    faults.partial.set(Integer.MAX_VALUE);
    PartialWriteException e = assertThrows(PartialWriteException.class, () -> store.appendAll(events(10)),
        "half of each send was written: not a plain outage, which promises nothing was written");
    assertInstanceOf(StoreUnavailableException.class, e.getCause());
    assertTrue(e.getMessage().contains("item(s) were written before this failure"), e.getMessage());
    assertTrue(e.getMessage().contains("EVENT#load#"), "the message lists the keys not written: " + e.getMessage());
    assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    faults.partial.set(0);
    store.append(events(11).get(10));
    StoreException reported = assertThrows(StoreException.class, store::flush,
        "flush reports the events that were not stored");
    assertSame(e, reported.getCause());
    assertTrue(reported.getMessage().startsWith("flush failed: 10 events appended since the last flush were not"
        + " stored (1 failed write; "), reported.getMessage());
    store.flush();
  }

  @Test
  void theBucketSizeIsFixedPerTable() {
    String table = DynamoLocal.freshTable();
    tables.add(table);
    EventStore daily = DynamoStores.openEventStore(DynamoLocal.client(),
        DynamoStoreOptions.builder().tableName(table).build());
    opened.add(daily);
    daily.appendAll(events(3));
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
        () -> DynamoStores.openEventStore(DynamoLocal.client(),
            DynamoStoreOptions.builder().tableName(table).eventBucket(Duration.ofHours(1)).build()));
    assertTrue(e.getMessage().contains("event.bucket=PT24H"), e.getMessage());
    EventStore again = DynamoStores.openEventStore(DynamoLocal.client(),
        DynamoStoreOptions.builder().tableName(table).build());
    opened.add(again);
    assertEquals(events(3), read(again));
  }

  @Test
  void windowsOfNanosecondTimesAreCountedInWholeMicrosecondsFromTheFloor() {
    EventStore store = open(DynamoStoreOptions.builder());
    store.appendAll(List.of(
        Event.builder("load").time(Instant.EPOCH.minusNanos(1)).field("v", 1).build(),
        Event.builder("load").time(Instant.EPOCH.minusNanos(1000)).field("v", 2).build(),
        Event.builder("load").time(Instant.EPOCH).field("v", 4).build(),
        Event.builder("load").time(Instant.EPOCH.plusNanos(999)).field("v", 8).build(),
        Event.builder("load").time(Instant.EPOCH.plusNanos(1500)).field("v", 16).build()));
    EventQuery all = EventQuery.builder("load").build();
    assertEquals(List.of(
            new WindowValue(Instant.EPOCH.minusNanos(1000), Map.of(), 3, 2),
            new WindowValue(Instant.EPOCH, Map.of(), 12, 2),
            new WindowValue(Instant.EPOCH.plusNanos(1000), Map.of(), 16, 1)),
        store.aggregate(all, "v", Aggregate.SUM, Duration.ofNanos(1000)),
        "one-microsecond windows: times before the epoch step down, nanoseconds are dropped");
    assertEquals(List.of(
            new WindowValue(Instant.EPOCH.minusSeconds(60), Map.of(), 3, 2),
            new WindowValue(Instant.EPOCH, Map.of(), 28, 3)),
        store.aggregate(all, "v", Aggregate.SUM, Duration.ofMinutes(1)));
  }

  @Test
  void eventsAcrossManyBucketsReadInOrderBothWays() {
    EventStore store = open(DynamoStoreOptions.builder().eventBucket(Duration.ofMinutes(1)));
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      events.add(Event.builder("load").time(BASE.plusSeconds(i * 47L)).field("i", i).build());
    }
    store.appendAll(events);
    assertEquals(events, read(store));
    try (Stream<Event> newest = store.query(EventQuery.builder("load").newestFirst().limit(3).build())) {
      assertEquals(List.of(events.get(11), events.get(10), events.get(9)), newest.toList());
    }
    assertEquals(5, store.deleteBefore("load", BASE.plusSeconds(47 * 5)));
    assertEquals(events.subList(5, 12), read(store));
  }
}
