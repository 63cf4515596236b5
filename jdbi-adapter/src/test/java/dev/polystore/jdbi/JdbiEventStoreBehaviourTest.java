package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EventStore;
import dev.polystore.InvalidQueryException;
import dev.polystore.StoreConfig;
import dev.polystore.StoreException;
import dev.polystore.Stores;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import dev.polystore.tck.ServerBackends;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the SQL event store promises beyond the contract, on SQLite, PostgreSQL and MySQL: streams that do not
 * hold their result in memory and give their connection back, window arithmetic before the epoch, the rules for
 * boolean and string fields in aggregates, last-write-wins across batch boundaries, and the edges of the time
 * range each database stores.
 */
class JdbiEventStoreBehaviourTest {

  private static final Instant BASE = Instant.parse("2024-03-01T00:00:00Z");
  private static final String SQLITE = "sqlite";

  /** Private schemas or databases on the test servers, by backend name; dropped after the class. */
  private static final Map<String, ServerDatabase> SERVERS = new ConcurrentHashMap<>();

  @TempDir
  Path dir;

  // ---- streaming -------------------------------------------------------------------------------

  /**
   * Writes 100 000 events of about 600 bytes (60 MB) and reads them all back in a separate JVM whose heap is
   * 32 MB: only a stream that fetches rows in chunks fits.
   */
  @ParameterizedTest
  @ValueSource(strings = {SQLITE, PostgresTestServer.NAME, MysqlTestServer.NAME})
  void streamsOneHundredThousandEventsInBoundedMemory(String backend) throws Exception {
    int total = 100_000;
    String padding = "x".repeat(500);
    Target target = target(backend);
    try (EventStore store = target.open()) {
      List<Event> batch = new ArrayList<>(10_000);
      for (int i = 0; i < total; i++) {
        batch.add(Event.builder("big").time(BASE.plusMillis(i)).tag("host", "h" + (i % 7))
            .field("i", i).field("padding", padding).build());
        if (batch.size() == 10_000) {
          store.appendAll(batch);
          batch.clear();
        }
      }
    }
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx32m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
        JdbiEventStoreBehaviourTest.class.getName(), Integer.toString(total));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // The store's URL and properties go through the environment, so no credential shows on a command line.
    builder.environment().put(PROBE_PREFIX + "URL", target.config().url());
    target.config().properties().forEach((key, value) ->
        builder.environment().put(PROBE_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
    Process probe = builder.start();
    String output;
    try {
      output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!probe.waitFor(5, TimeUnit.MINUTES)) {
        throw new AssertionError("the probe JVM did not finish: " + output);
      }
    } finally {
      probe.destroyForcibly();
    }
    assertEquals(0, probe.exitValue(), "the probe JVM failed:\n" + output);
    assertTrue(output.contains("read " + total + " events in order"), output);
  }

  /** The environment prefix of the probe's store config: {@code POLYSTORE_PROBE_URL}, ... */
  private static final String PROBE_PREFIX = "POLYSTORE_PROBE_";

  /**
   * The probe of {@link #streamsOneHundredThousandEventsInBoundedMemory}: reads series {@code big} of the store
   * configured as role {@code probe} in the environment, expecting {@code args[0]} events; exits non-zero on a
   * wrong event or when memory runs out.
   */
  public static void main(String[] args) {
    StoreConfig config = StoreConfig.fromEnvironment("probe").toBuilder()
        .property(JdbiStoreOptions.MIGRATE, "false").property(JdbiStoreOptions.POOL_MIN_IDLE, "0")
        .property(JdbiStoreOptions.POOL_MAX_SIZE, "1").build();
    long expected = Long.parseLong(args[0]);
    long count = 0;
    try (EventStore store = Stores.openEventStore(config);
         Stream<Event> events = store.query(EventQuery.builder("big").build())) {
      Iterator<Event> it = events.iterator();
      while (it.hasNext()) {
        Event e = it.next();
        if (!e.time().equals(BASE.plusMillis(count)) || e.number("i") != count) {
          throw new IllegalStateException("event " + count + " is wrong: " + e);
        }
        count++;
      }
    }
    if (count != expected) {
      throw new IllegalStateException("read " + count + " events, expected " + expected);
    }
    System.out.println("read " + count + " events in order");
  }

  @ParameterizedTest
  @ValueSource(strings = {SQLITE, PostgresTestServer.NAME, MysqlTestServer.NAME})
  void closedStreamsGiveTheirConnectionBack(String backend) {
    try (EventStore store = target(backend).open(Map.of(JdbiStoreOptions.POOL_MAX_SIZE, "2",
        JdbiStoreOptions.POOL_MIN_IDLE, "0", JdbiStoreOptions.POOL_CONNECTION_TIMEOUT, "2s"))) {
      store.appendAll(List.of(event(BASE, 1), event(BASE.plusSeconds(1), 2), event(BASE.plusSeconds(2), 3)));
      for (int i = 0; i < 6; i++) {
        try (Stream<Event> events = store.query(EventQuery.builder("cpu").build())) {
          assertEquals(BASE, events.findFirst().orElseThrow().time(), "a stream closed after one of three events");
        }
      }
      store.append(event(BASE.plusSeconds(3), 4));
      assertEquals(4, read(store, EventQuery.builder("cpu").build()).size());
    }
  }

  // ---- aggregates ------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {SQLITE, PostgresTestServer.NAME, MysqlTestServer.NAME})
  void windowsBeforeTheEpochStartAtTheFloor(String backend) {
    try (EventStore store = target(backend).open()) {
      store.appendAll(List.of(event(Instant.EPOCH.minusSeconds(90), 1), event(Instant.EPOCH.minusSeconds(30), 2),
          event(Instant.EPOCH.minusNanos(1000), 3), event(Instant.EPOCH, 4), event(Instant.EPOCH.plusSeconds(59), 5)));
      List<WindowValue> windows = store.aggregate(EventQuery.builder("cpu").build(), "v", Aggregate.SUM,
          Duration.ofMinutes(1));
      assertEquals(List.of(
          new WindowValue(Instant.EPOCH.minusSeconds(120), Map.of(), 1, 1),
          new WindowValue(Instant.EPOCH.minusSeconds(60), Map.of(), 5, 2),
          new WindowValue(Instant.EPOCH, Map.of(), 9, 2)), windows);
    }
  }

  /**
   * Times at both ends of what every dialect stores, in windows from one microsecond to the longest a
   * {@code Duration} of whole microseconds holds: the window arithmetic neither overflows nor loses a window.
   */
  @ParameterizedTest
  @ValueSource(strings = {SQLITE, PostgresTestServer.NAME, MysqlTestServer.NAME})
  void windowsAtTheEdgesOfTheStoredRange(String backend) {
    Instant first = Instant.parse("1000-01-01T00:00:00Z");
    Instant second = first.plusNanos(1000);
    Instant last = Instant.parse("9999-12-31T23:59:59.999999Z");
    Duration longest = Duration.ofSeconds(Long.MAX_VALUE / 1_000_000, Long.MAX_VALUE % 1_000_000 * 1000);
    try (EventStore store = target(backend).open()) {
      store.appendAll(List.of(event(first, 1), event(second, 2), event(last, 4)));
      EventQuery all = EventQuery.builder("cpu").build();
      assertAll(
          () -> assertEquals(List.of(new WindowValue(first, Map.of(), 1, 1), new WindowValue(second, Map.of(), 2, 1),
                  new WindowValue(last, Map.of(), 4, 1)),
              store.aggregate(all, "v", Aggregate.SUM, Duration.ofNanos(1000)), "one microsecond"),
          () -> assertEquals(List.of(new WindowValue(first, Map.of(), 3, 2),
                  new WindowValue(Instant.parse("9999-12-31T23:59:00Z"), Map.of(), 4, 1)),
              store.aggregate(all, "v", Aggregate.SUM, Duration.ofMinutes(1)), "one minute"),
          () -> assertEquals(List.of(new WindowValue(Instant.EPOCH.minus(longest), Map.of(), 2, 2),
                  new WindowValue(Instant.EPOCH, Map.of(), 1, 1)),
              store.aggregate(all, "v", Aggregate.COUNT, longest), "the longest window"),
          () -> assertEquals(List.of(new WindowValue(Instant.EPOCH.minus(longest), Map.of(), 1.5, 2),
                  new WindowValue(Instant.EPOCH, Map.of(), 4, 1)),
              store.aggregate(all, "v", Aggregate.MEAN, longest), "the longest window, MEAN"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {SQLITE, PostgresTestServer.NAME, MysqlTestServer.NAME})
  void booleansCountAsOneAndZeroAndStringsAreRefused(String backend) {
    try (EventStore store = target(backend).open()) {
      store.appendAll(List.of(
          Event.builder("jobs").time(BASE).tag("host", "a").field("ok", true).field("note", "fine").build(),
          Event.builder("jobs").time(BASE.plusSeconds(1)).tag("host", "a").field("ok", false).field("note", "x")
              .build(),
          Event.builder("jobs").time(BASE.plusSeconds(2)).field("ok", true).field("note", 5).build()));
      EventQuery all = EventQuery.builder("jobs").build();
      Duration hour = Duration.ofHours(1);
      assertAll(
          () -> assertEquals(List.of(new WindowValue(BASE, Map.of(), 2, 3)),
              store.aggregate(all, "ok", Aggregate.SUM, hour), "true is 1, false is 0"),
          () -> assertEquals(List.of(new WindowValue(BASE, Map.of(), 2.0 / 3, 3)),
              store.aggregate(all, "ok", Aggregate.MEAN, hour)),
          () -> assertEquals(List.of(new WindowValue(BASE, Map.of(), 3, 3)),
              store.aggregate(all, "note", Aggregate.COUNT, hour), "COUNT takes any type"),
          () -> assertEquals(List.of(new WindowValue(BASE, Map.of(), 1, 1),
                  new WindowValue(BASE, Map.of("host", "a"), 1, 2)),
              store.aggregate(EventQuery.builder("jobs").groupBy("host").build(), "ok", Aggregate.SUM, hour),
              "events without the grouping tag form a group of their own, first"),
          () -> assertEquals(List.of(new WindowValue(BASE, Map.of(), 5, 1)),
              store.aggregate(EventQuery.builder("jobs").from(BASE.plusSeconds(2)).build(), "note",
                  Aggregate.MAX, hour), "only the matching events' types matter"),
          () -> assertEquals(List.of(), store.aggregate(all, "missing", Aggregate.SUM, hour)));
      for (Aggregate fn : List.of(Aggregate.SUM, Aggregate.MEAN, Aggregate.MIN, Aggregate.MAX)) {
        InvalidQueryException e = assertThrows(InvalidQueryException.class,
            () -> store.aggregate(all, "note", fn, hour), fn + " over a string field");
        assertTrue(e.getMessage().contains("note"), e.getMessage());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {SQLITE, PostgresTestServer.NAME, MysqlTestServer.NAME})
  void malformedAggregateArgumentsAreRefused(String backend) {
    try (EventStore store = target(backend).open()) {
      EventQuery all = EventQuery.builder("cpu").build();
      assertAll(
          () -> assertThrows(InvalidQueryException.class,
              () -> store.aggregate(all, "v", Aggregate.SUM, Duration.ZERO)),
          () -> assertThrows(InvalidQueryException.class,
              () -> store.aggregate(all, "v", Aggregate.SUM, Duration.ofSeconds(-1))),
          () -> assertThrows(InvalidQueryException.class,
              () -> store.aggregate(all, "v", Aggregate.SUM, Duration.ofNanos(1500)), "not whole microseconds"),
          () -> assertThrows(InvalidQueryException.class,
              () -> store.aggregate(all, "v\") OR 1=1 --", Aggregate.SUM, Duration.ofSeconds(1))));
    }
  }

  // ---- writes ----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {SQLITE, PostgresTestServer.NAME, MysqlTestServer.NAME})
  void theLastOfSeveralEqualEventsWinsAcrossBatches(String backend) {
    try (EventStore store = target(backend).open()) {
      int distinct = 1_250;
      List<Event> events = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < distinct; i++) {
          events.add(Event.builder("cpu").time(BASE.plusSeconds(i)).tag("host", "a").field("v", round * 10_000 + i)
              .build());
        }
      }
      store.appendAll(events);
      List<Event> read = read(store, EventQuery.builder("cpu").build());
      assertEquals(events.subList(distinct, 2 * distinct), read, "one event per time, with the later fields");
      store.append(Event.builder("cpu").time(BASE.plusNanos(999)).tag("host", "a").field("v", -1).build());
      assertEquals(-1, read(store, EventQuery.builder("cpu").limit(1).build()).get(0).number("v"),
          "times equal at microsecond precision are the same event");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {SQLITE, PostgresTestServer.NAME, MysqlTestServer.NAME})
  void aCallWithAnUnstorableTimeWritesNothing(String backend) {
    try (EventStore store = target(backend).open()) {
      List<Event> events = List.of(event(BASE, 1), event(Instant.parse("+300000-01-01T00:00:00Z"), 2));
      InvalidQueryException refused = assertThrows(InvalidQueryException.class, () -> store.appendAll(events));
      assertEquals(List.of(), read(store, EventQuery.builder("cpu").build()));
      assertSame(refused, assertThrows(StoreException.class, store::flush).getCause(), "flush reports it");
    }
  }

  /**
   * A write the database fails (its table renamed away behind the store's back) is reported by the call and
   * then, once, by {@code flush}; once the table is back, appends and flushes succeed again.
   */
  @ParameterizedTest
  @ValueSource(strings = {SQLITE, PostgresTestServer.NAME, MysqlTestServer.NAME})
  void aWriteTheDatabaseFailedIsReportedByTheNextFlushOnce(String backend) throws Exception {
    Target target = target(backend);
    try (EventStore store = target.open()) {
      store.append(event(BASE, 1));
      target.execute("ALTER TABLE events RENAME TO events_away");
      StoreException failed;
      try {
        failed = assertThrows(StoreException.class,
            () -> store.appendAll(List.of(event(BASE.plusSeconds(1), 2), event(BASE.plusSeconds(2), 3))));
      } finally {
        target.execute("ALTER TABLE events_away RENAME TO events");
      }
      store.append(event(BASE.plusSeconds(3), 4));
      StoreException reported = assertThrows(StoreException.class, store::flush);
      assertSame(failed, reported.getCause());
      assertTrue(reported.getMessage().startsWith("flush failed: 2 events appended since the last flush were not"
          + " stored (1 failed write; the first failed with StoreException: "), reported.getMessage());
      store.flush();
      assertEquals(List.of(event(BASE, 1), event(BASE.plusSeconds(3), 4)),
          read(store, EventQuery.builder("cpu").build()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {SQLITE, PostgresTestServer.NAME, MysqlTestServer.NAME})
  void boundsBeyondTheStoredRangeAndBetweenMicroseconds(String backend) {
    try (EventStore store = target(backend).open()) {
      List<Event> events = List.of(event(BASE, 1), event(BASE.plusSeconds(1), 2));
      store.appendAll(events);
      Instant t = BASE.plusSeconds(1);
      assertAll(
          () -> assertEquals(events, read(store, EventQuery.builder("cpu").between(Instant.MIN, Instant.MAX).build())),
          () -> assertEquals(List.of(), read(store, EventQuery.builder("cpu").to(Instant.MIN.plusSeconds(1)).build())),
          () -> assertEquals(List.of(),
              read(store, EventQuery.builder("cpu").from(Instant.MAX.minusSeconds(1)).build())),
          () -> assertEquals(events.subList(1, 2),
              read(store, EventQuery.builder("cpu").from(t.minusNanos(500)).build()),
              "from rounds up to the next stored microsecond"),
          () -> assertEquals(List.of(), read(store, EventQuery.builder("cpu").from(t.plusNanos(1)).build())),
          () -> assertEquals(events, read(store, EventQuery.builder("cpu").to(t.plusNanos(1)).build()),
              "an event at t is before t + 1 ns"));
      assertEquals(0, store.deleteBefore("cpu", Instant.MIN));
      assertEquals(1, store.deleteBefore("cpu", t.minusNanos(1)));
      assertEquals(1, store.deleteBefore("cpu", Instant.MAX));
    }
  }

  // ---- fixtures --------------------------------------------------------------------------------

  private static Event event(Instant time, long v) {
    return Event.builder("cpu").time(time).tag("host", "a").field("v", v).build();
  }

  private static List<Event> read(EventStore store, EventQuery query) {
    try (Stream<Event> events = store.query(query)) {
      return events.toList();
    }
  }

  /** A database to test on: a new SQLite file, or the private schema or database of a server. */
  private record Target(StoreConfig config, ServerDatabase server) {

    /** A store over an empty events table, with these options ({@code pool.max.size}, ...) added. */
    EventStore open(Map<String, String> options) {
      EventStore store = Stores.openEventStore(config.toBuilder().properties(options).build());
      if (server != null) {
        server.execute("DELETE FROM events");
      }
      return store;
    }

    /** Runs statements on the store's database, beside the store. */
    void execute(String... sql) throws java.sql.SQLException {
      if (server != null) {
        server.execute(sql);
        return;
      }
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(config.url());
           java.sql.Statement statement = c.createStatement()) {
        for (String each : sql) {
          statement.execute(each);
        }
      }
    }

    EventStore open() {
      return open(Map.of());
    }
  }

  private Target target(String backend) {
    if (backend.equals(SQLITE)) {
      return new Target(StoreConfig.of("jdbc:sqlite:" + dir.resolve("events.db")), null);
    }
    ServerDatabase server = SERVERS.computeIfAbsent(backend,
        name -> ServerDatabase.create(ServerBackends.resolve(name), "polystore_events"));
    return new Target(server.config().build(), server);
  }

  @AfterAll
  static void dropServerDatabases() {
    SERVERS.values().forEach(ServerDatabase::close);
    SERVERS.clear();
  }
}
