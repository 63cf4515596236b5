package dev.polystore.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.Stores;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store against a private {@code influxd} that is stopped, crashed and restarted under it ({@link InfluxProcess}):
 * events the server acknowledged (a flush that returned) survive a stop and a {@code kill -9}; events buffered when
 * the server went away are reported by {@code flush()} as not stored; the same store works again once the server is
 * back, without being reopened; and reads or opening a store while the server is down fail with
 * {@link StoreUnavailableException} within the few short retries configured, never hanging.
 */
class InfluxServerRestartTest {

  private static final Instant T = Instant.parse("2024-05-01T00:00:00Z");
  /** Short retries, so that a server that is down is given up on within a fraction of a second. */
  private static final Map<String, String> SMALL_RETRIES = Map.of("retry.max.attempts", "2",
      "retry.base.delay", "10ms", "retry.max.delay", "50ms", "flush.interval", "20ms", "database", "restarts");
  /** Well beyond two attempts over a refused connection with pauses of at most 50 ms. */
  private static final Duration GIVE_UP_WITHIN = Duration.ofSeconds(3);

  private InfluxProcess influx;
  private final List<EventStore> stores = new ArrayList<>();

  @BeforeEach
  void startServer() {
    influx = InfluxProcess.start();
  }

  @AfterEach
  void stopServer() {
    try {
      for (EventStore store : stores) {
        try {
          store.close();
        } catch (StoreException unreported) {
          // a test that ends with failures it did not flush has asserted what it needed
        }
      }
    } finally {
      influx.close();
    }
  }

  private EventStore open(Map<String, String> overrides) {
    EventStore store = Stores.openEventStore(StoreConfig.builder(influx.storeUrl()).properties(SMALL_RETRIES)
        .properties(overrides).build());
    stores.add(store);
    return store;
  }

  @Test
  void eventsBufferedWhenTheServerStopsAreReportedAndAcknowledgedOnesSurviveTheRestart() {
    // the writer's own sends wait an hour, so the 500 are still buffered when the server stops
    EventStore store = open(Map.of("flush.interval", "1h"));
    List<Event> acknowledged = events(0, 1_000);
    store.appendAll(acknowledged);
    store.flush();

    store.appendAll(events(1_000, 500));
    influx.stop();
    long started = System.nanoTime();
    StoreException failed = assertThrows(StoreException.class, store::flush);
    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(GIVE_UP_WITHIN) < 0);
    assertTrue(failed.getMessage().contains("500 events"), failed.getMessage());
    assertInstanceOf(StoreUnavailableException.class, failed.getCause());

    influx.restart();
    assertEquals(acknowledged, all(store));

    Event after = Event.builder("restart").time(T.plusSeconds(3_600)).tag("run", "after").field("v", -1L).build();
    store.append(after);
    store.flush();
    List<Event> expected = new ArrayList<>(acknowledged);
    expected.add(after);
    assertEquals(expected, all(store), "the same store writes and reads again once the server is back");
  }

  @Test
  void eventsAcknowledgedBeforeACrashAreThereAfterTheRestart() {
    EventStore store = open(Map.of());
    List<Event> acknowledged = events(0, 2_000);
    store.appendAll(acknowledged);
    store.flush();

    influx.kill();
    influx.restart();
    assertEquals(acknowledged, all(store), "InfluxDB replays its write-ahead log");
    assertEquals(acknowledged, all(open(Map.of())), "a new store reads them too");
  }

  @Test
  void aQueryWhileTheServerIsDownFailsAsUnavailableAfterTheRetries() {
    EventStore store = open(Map.of());
    store.appendAll(events(0, 10));
    store.flush();
    influx.stop();

    long started = System.nanoTime();
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> all(store));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(GIVE_UP_WITHIN) < 0, "gave up after " + took);
    assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
  }

  @Test
  void openingAStoreWhileTheServerIsDownFailsAsUnavailableQuickly() {
    influx.stop();

    long started = System.nanoTime();
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> open(Map.of()));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(GIVE_UP_WITHIN) < 0, "gave up after " + took);
    assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
  }

  /** {@code count} events of series {@code restart}, numbered from {@code first}, one millisecond apart. */
  private static List<Event> events(int first, int count) {
    List<Event> events = new ArrayList<>(count);
    for (int i = first; i < first + count; i++) {
      events.add(Event.builder("restart").time(T.plusMillis(i)).tag("run", "before").field("v", (long) i).build());
    }
    return events;
  }

  private static List<Event> all(EventStore store) {
    try (Stream<Event> events = store.query(EventQuery.builder("restart").build())) {
      return events.toList();
    }
  }
}
