package dev.polystore.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.Capability;
import dev.polystore.EventStore;
import dev.polystore.InvalidQueryException;
import dev.polystore.StoreConfig;
import dev.polystore.StoreException;
import dev.polystore.Stores;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import dev.polystore.tck.ServerBackend;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The rules InfluxDB imposes on data, as the store applies them against a real 1.x server: keys InfluxDB reserves
 * and line breaks in tag values are refused before anything is sent (so nothing is stored, not even the measurement a
 * line break would inject); times at both ends of InfluxDB's range read back and one nanosecond beyond is refused;
 * one type per field and one kind (tag or field) per key in a measurement, across shards and including what another
 * client wrote, refused at append with the series, key and both types named; same-time writes merge their fields
 * (EVENT_MERGE_FIELDS); extreme integers and doubles read back exactly and typed; and aggregates over 1900 and 2200
 * agree with an independent computation whether the server or the adapter computes them (windows over 10 years).
 */
class InfluxDataRulesTest {

  private static final TestDatabases DATABASES = new TestDatabases("polystore_datarules");
  private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");
  private static final Instant EARLIEST = Instant.parse("1677-09-21T00:12:43.145224194Z");
  private static final Instant LATEST = Instant.parse("2262-04-11T23:47:16.854775806Z");

  private final List<EventStore> stores = new ArrayList<>();
  private ServerBackend server;
  private EventStore store;

  private EventStore openEmpty() {
    server = InfluxTestServer.resolve();
    store = DATABASES.openEmpty(server, Map.of("flush.interval", "20ms"));
    stores.add(store);
    return store;
  }

  /** Another store over the database of {@link #openEmpty()}: it knows only what the server holds. */
  private EventStore openAgain() {
    EventStore again = Stores.openEventStore(StoreConfig.builder(server.jdbcUrl())
        .property("database", DATABASES.current()).property("flush.interval", "20ms").build());
    stores.add(again);
    return again;
  }

  @AfterEach
  void closeStores() {
    for (EventStore each : stores) {
      each.close();
    }
    stores.clear();
  }

  @AfterAll
  static void dropDatabases() {
    DATABASES.dropAll();
  }

  // ---- reserved keys, line breaks ----------------------------------------------------------------------------------

  @Test
  void reservedKeysAreRefusedAsTagsAndAsFieldsAndNothingIsStored() {
    openEmpty();
    for (String key : List.of("time", "_field", "_measurement", "__chunk_order")) {
      Event asTag = Event.builder("reserved").time(T).tag(key, "x").field("v", 1L).build();
      InvalidQueryException tag = refused(store, () -> store.append(asTag));
      assertTrue(tag.getMessage().contains("tag key " + key), tag.getMessage());

      Event asField = Event.builder("reserved").time(T).field(key, 1L).field("v", 1L).build();
      InvalidQueryException field = refused(store, () -> store.append(asField));
      assertTrue(field.getMessage().contains("field key " + key), field.getMessage());
    }
    assertEquals(List.of(), all(store, "reserved"));
    assertEquals(List.of(), measurements(), "nothing reached the server");
  }

  @Test
  void aLineBreakInATagValueIsRefusedAndInjectsNoMeasurement() {
    openEmpty();
    for (String injection : List.of("a 1\ninjected,host=h v=666i", "a 1\rinjected v=666i", "a\r\ninjected v=1i")) {
      Event event = Event.builder("victim").time(T).tag("host", injection).field("v", 1L).build();
      InvalidQueryException e = refused(store, () -> store.append(event));
      assertTrue(e.getMessage().contains("tag host") && e.getMessage().contains("line break"), e.getMessage());
    }
    assertEquals(List.of(), measurements(), "neither the event nor an injected line reached the server");
  }

  // ---- times --------------------------------------------------------------------------------------------------------

  @Test
  void theEarliestAndLatestTimesInfluxDbStoresReadBackAndOneNanosecondBeyondIsRefused() {
    openEmpty();
    Event earliest = Event.builder("edges").time(EARLIEST).field("v", 1L).build();
    Event latest = Event.builder("edges").time(LATEST).field("v", 2L).build();
    store.appendAll(List.of(latest, earliest));
    store.flush();
    assertEquals(List.of(earliest, latest), all(store, "edges"));
    assertEquals(List.of(latest, earliest), query(store, EventQuery.builder("edges").newestFirst().build()));
    assertEquals(List.of(earliest), query(store, EventQuery.builder("edges")
        .between(EARLIEST, EARLIEST.plusNanos(1)).build()));

    for (Instant outside : List.of(EARLIEST.minusNanos(1), LATEST.plusNanos(1), Instant.parse("1000-01-01T00:00:00Z"),
        Instant.parse("3000-01-01T00:00:00Z"))) {
      Event event = Event.builder("edges").time(outside).field("v", 3L).build();
      InvalidQueryException e = refused(store, () -> store.append(event));
      assertTrue(e.getMessage().contains(outside.toString()), e.getMessage());
    }
    assertEquals(List.of(earliest, latest), all(store, "edges"));
  }

  // ---- one type per field, one kind per key ---------------------------------------------------------------------------

  @Test
  void aTypeConflictWithinOneAppendAllIsRefusedNamingSeriesFieldAndBothTypesAndStoresNothingOfTheCall() {
    openEmpty();
    Event number = Event.builder("conflict").time(T).field("v", 1L).build();
    Event text = Event.builder("conflict").time(T.plusSeconds(1)).field("v", "one").build();
    Event unrelated = Event.builder("other").time(T).field("w", 1L).build();
    InvalidQueryException e = refused(store, () -> store.appendAll(List.of(unrelated, number, text)), 3);
    for (String named : List.of("series conflict", "field v", "Long (InfluxDB integer)", "String (InfluxDB string)")) {
      assertTrue(e.getMessage().contains(named), () -> "names " + named + ": " + e.getMessage());
    }
    assertEquals(List.of(), all(store, "conflict"));
    assertEquals(List.of(), all(store, "other"));
    assertEquals(List.of(), measurements());

    store.append(text); // the refused call fixed no type: a String is as welcome as a Long was
    store.flush();
    assertEquals(List.of(text), all(store, "conflict"));
  }

  @Test
  void aTypeConflictAcrossShardsIsRefusedByThisStoreAndByOneThatReadsTheSchemaFromTheServer() {
    openEmpty();
    Event in1970 = Event.builder("shards").time(Instant.parse("1970-01-02T00:00:00Z")).field("v", 1L).build();
    store.append(in1970);
    store.flush();
    Event in2024 = Event.builder("shards").time(T).field("v", "text").build();
    InvalidQueryException e = refused(store, () -> store.append(in2024));
    assertTrue(e.getMessage().contains("Long (InfluxDB integer)") && e.getMessage().contains("String"),
        e.getMessage());

    EventStore fresh = openAgain();
    refused(fresh, () -> fresh.append(in2024));
    assertEquals(List.of(in1970), all(fresh, "shards"), "the 1970 integer is not hidden by a string in 2024");
  }

  @Test
  void aFieldAnotherClientWroteAsFloatRefusesALongFromAStoreOpenedAfterwards() {
    openEmpty();
    store.close();
    write(DATABASES.current(), "foreign,host=a v=1.5 " + nanos(T));
    EventStore fresh = openAgain();

    Event asLong = Event.builder("foreign").time(T.plusSeconds(1)).tag("host", "a").field("v", 2L).build();
    InvalidQueryException e = refused(fresh, () -> fresh.append(asLong));
    assertTrue(e.getMessage().contains("series foreign") && e.getMessage().contains("Double (InfluxDB float)")
        && e.getMessage().contains("Long (InfluxDB integer)"), e.getMessage());
    Event asTagKey = Event.builder("foreign").time(T.plusSeconds(1)).tag("v", "x").field("w", 2L).build();
    refused(fresh, () -> fresh.append(asTagKey));
    Event asFieldKey = Event.builder("foreign").time(T.plusSeconds(1)).field("host", "b").build();
    refused(fresh, () -> fresh.append(asFieldKey));

    Event asDouble = Event.builder("foreign").time(T.plusSeconds(1)).tag("host", "a").field("v", 2.0).build();
    fresh.append(asDouble);
    fresh.flush();
    assertEquals(List.of(Event.builder("foreign").time(T).tag("host", "a").field("v", 1.5).build(), asDouble),
        all(fresh, "foreign"));
  }

  @Test
  void aKeyThatIsATagInOneEventCannotBeAFieldInAnotherNorTheReverse() {
    openEmpty();
    Event tagged = Event.builder("kinds").time(T).tag("host", "a").field("v", 1L).build();
    store.append(tagged);
    store.flush();

    Event hostAsField = Event.builder("kinds").time(T.plusSeconds(1)).field("host", "b").field("v", 2L).build();
    InvalidQueryException e = refused(store, () -> store.append(hostAsField));
    assertTrue(e.getMessage().contains("series kinds") && e.getMessage().contains("host is a tag"), e.getMessage());

    Event vAsTag = Event.builder("kinds").time(T.plusSeconds(2)).tag("v", "x").field("w", 1L).build();
    InvalidQueryException reverse = refused(store, () -> store.append(vAsTag));
    assertTrue(reverse.getMessage().contains("v is a field of type Long (InfluxDB integer)"), reverse.getMessage());

    Event first = Event.builder("kinds2").time(T).tag("k", "a").field("v", 1L).build();
    Event second = Event.builder("kinds2").time(T.plusSeconds(1)).field("k", 1L).build();
    refused(store, () -> store.appendAll(List.of(first, second)), 2);

    assertEquals(List.of(tagged), all(store, "kinds"));
    assertEquals(List.of(), all(store, "kinds2"));
  }

  @Test
  void theSameFieldNameWithAnotherTypeInAnotherSeriesIsFine() {
    openEmpty();
    List<Event> events = List.of(
        Event.builder("a").time(T).field("v", 1L).build(),
        Event.builder("b").time(T).field("v", "text").build(),
        Event.builder("c").time(T).field("v", true).build(),
        Event.builder("d").time(T).field("v", 0.5).build(),
        Event.builder("e").time(T).tag("v", "tag here").field("w", 1L).build());
    store.appendAll(events);
    store.flush();
    for (Event event : events) {
      assertEquals(List.of(event), all(store, event.series()));
    }
  }

  // ---- same-time writes, numbers ---------------------------------------------------------------------------------------

  @Test
  void writesWithTheSameSeriesTagsAndTimeMergeTheirFieldsTheLaterValueWinning() {
    openEmpty();
    assertTrue(store.capabilities().has(Capability.EVENT_MERGE_FIELDS));
    store.append(Event.builder("merge").time(T).tag("host", "a").field("x", 1L).field("y", 1L).build());
    store.flush();
    store.append(Event.builder("merge").time(T).tag("host", "a").field("y", 2L).field("z", "new").build());
    store.append(Event.builder("merge").time(T).tag("host", "b").field("x", 9L).build());
    store.flush();

    assertEquals(List.of(
        Event.builder("merge").time(T).tag("host", "a").field("x", 1L).field("y", 2L).field("z", "new").build(),
        Event.builder("merge").time(T).tag("host", "b").field("x", 9L).build()),
        all(store, "merge").stream().sorted((p, q) -> p.tags().get("host").compareTo(q.tags().get("host"))).toList());
  }

  @Test
  void extremeIntegersAndDoublesReadBackExactlyAndWithTheirTypes() {
    openEmpty();
    Event event = Event.builder("numbers").time(T)
        .field("longMin", Long.MIN_VALUE + 1).field("longMax", Long.MAX_VALUE).field("zero", 0L)
        .field("negativeZero", -0.0).field("huge", 1e308).field("tiniest", Double.MIN_VALUE)
        .field("two", 2.0).field("third", 1.0 / 3).field("negative", -123.456e-7).build();
    store.append(event);
    store.flush();
    List<Event> read = all(store, "numbers");
    assertEquals(List.of(event), read);
    Map<String, Object> fields = read.get(0).fields();
    assertEquals(Double.class, fields.get("two").getClass(), "2.0 is read back as a Double, not a Long");
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) fields.get("negativeZero")),
        "-0.0 keeps its sign");
    assertEquals(Long.class, fields.get("zero").getClass());
  }

  // ---- aggregates ---------------------------------------------------------------------------------------------------------

  @Test
  void aggregatesOver1900And2200AgreeWithAnIndependentComputationOnTheServerAndInTheAdapter() {
    openEmpty();
    List<Event> events = List.of(
        at("1900-03-01T00:00:00Z", 1L), at("1900-03-01T00:00:01Z", 2L), at("1900-07-01T00:00:00Z", 4L),
        at("1969-12-31T23:59:59.999999Z", 8L), at("1970-01-01T00:00:00Z", 16L),
        at("2200-01-01T00:00:00Z", 32L), at("2200-12-31T23:59:59Z", 64L));
    store.appendAll(events);
    store.flush();

    Duration day = Duration.ofDays(1);
    Duration nearlyTenYears = Duration.ofDays(3652);
    Duration overTenYears = Duration.ofDays(3653);
    Duration fourCenturies = Duration.ofDays(146_097);
    for (Duration window : List.of(day, nearlyTenYears, overTenYears, fourCenturies)) {
      for (Aggregate fn : List.of(Aggregate.COUNT, Aggregate.SUM)) {
        assertEquals(expected(events, window, fn),
            store.aggregate(EventQuery.builder("agg").build(), "v", fn, window), fn + " per " + window);
      }
    }
    // the expectation itself: 400 Gregorian years from 1970 back to 1570 hold 1900, and 1970 to 2370 hold 2200
    List<WindowValue> wide = store.aggregate(EventQuery.builder("agg").build(), "v", Aggregate.SUM, fourCenturies);
    assertEquals(2, wide.size(), wide.toString());
    assertEquals(1 + 2 + 4 + 8, wide.get(0).value());
    assertEquals(16 + 32 + 64, wide.get(1).value());
  }

  @Test
  void booleansAreSummedAndAveragedAsOneAndZero() {
    openEmpty();
    store.appendAll(List.of(
        Event.builder("flags").time(T).field("on", true).build(),
        Event.builder("flags").time(T.plusSeconds(1)).field("on", true).build(),
        Event.builder("flags").time(T.plusSeconds(2)).field("on", false).build(),
        Event.builder("flags").time(T.plusSeconds(3600)).field("on", false).build()));
    store.flush();
    EventQuery all = EventQuery.builder("flags").build();
    Duration hour = Duration.ofHours(1);
    Instant firstHour = Instant.parse("2024-05-01T12:00:00Z");
    Instant secondHour = Instant.parse("2024-05-01T13:00:00Z");

    assertEquals(List.of(new WindowValue(firstHour, Map.of(), 2, 3), new WindowValue(secondHour, Map.of(), 0, 1)),
        store.aggregate(all, "on", Aggregate.SUM, hour));
    assertEquals(List.of(new WindowValue(firstHour, Map.of(), 2.0 / 3, 3), new WindowValue(secondHour, Map.of(), 0, 1)),
        store.aggregate(all, "on", Aggregate.MEAN, hour));
    assertEquals(List.of(new WindowValue(firstHour, Map.of(), 3, 3), new WindowValue(secondHour, Map.of(), 1, 1)),
        store.aggregate(all, "on", Aggregate.COUNT, hour));
    assertEquals(List.of(new WindowValue(Instant.EPOCH, Map.of(), 0.5, 4)),
        store.aggregate(all, "on", Aggregate.MEAN, Duration.ofDays(365L * 100)), "a window over 10 years");
  }

  // ---- helpers ------------------------------------------------------------------------------------------------------------

  private static Event at(String time, long value) {
    return Event.builder("agg").time(Instant.parse(time)).field("v", value).build();
  }

  /** COUNT or SUM of {@code v} per epoch-aligned window, computed here. */
  private static List<WindowValue> expected(List<Event> events, Duration window, Aggregate fn) {
    long windowMicros = Math.addExact(Math.multiplyExact(window.getSeconds(), 1_000_000L), window.getNano() / 1_000);
    TreeMap<Long, long[]> byWindow = new TreeMap<>();
    for (Event event : events) {
      long micros = Math.addExact(Math.multiplyExact(event.time().getEpochSecond(), 1_000_000L),
          event.time().getNano() / 1_000);
      long[] countAndSum = byWindow.computeIfAbsent(Math.floorDiv(micros, windowMicros), n -> new long[2]);
      countAndSum[0]++;
      countAndSum[1] += (Long) event.fields().get("v");
    }
    List<WindowValue> values = new ArrayList<>();
    byWindow.forEach((number, countAndSum) -> values.add(new WindowValue(
        Instant.EPOCH.plus(number * windowMicros, ChronoUnit.MICROS),
        Map.of(), fn == Aggregate.COUNT ? countAndSum[0] : countAndSum[1], countAndSum[0])));
    return values;
  }

  /**
   * Runs an append the store must refuse: returns the {@link InvalidQueryException}, after checking that the next
   * flush reports the call's events as not stored, with the refusal as cause, and that the flush after it is clean.
   */
  private static InvalidQueryException refused(EventStore target, Executable append, int events) {
    InvalidQueryException refusal = assertThrows(InvalidQueryException.class, append);
    StoreException reported = assertThrows(StoreException.class, target::flush);
    assertSame(refusal, reported.getCause());
    assertTrue(reported.getMessage().contains(events + (events == 1 ? " event " : " events ")),
        reported.getMessage());
    target.flush();
    return refusal;
  }

  private static InvalidQueryException refused(EventStore target, Executable append) {
    return refused(target, append, 1);
  }

  private static List<Event> all(EventStore target, String series) {
    return query(target, EventQuery.builder(series).build());
  }

  private static List<Event> query(EventStore target, EventQuery query) {
    try (Stream<Event> events = target.query(query)) {
      return events.toList();
    }
  }

  /** The measurements of the current database, as the server lists them (outside the store). */
  private List<String> measurements() {
    String reply = TestDatabases.query(TestDatabases.httpUrl(server), DATABASES.current(), "SHOW MEASUREMENTS");
    List<String> names = new ArrayList<>();
    int values = reply.indexOf("\"values\":[");
    if (values < 0) {
      return names;
    }
    for (String part : reply.substring(values + 10).split("\\[\"")) {
      if (!part.isEmpty()) {
        names.add(part.substring(0, part.indexOf('"')));
      }
    }
    return names;
  }

  /** Writes line protocol as another client would, with plain HTTP. */
  private void write(String database, String lines) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(TestDatabases.httpUrl(server) + "/write?precision=ns&db="
        + URLEncoder.encode(database, StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.ofString(lines)).build();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(204, response.statusCode(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long nanos(Instant time) {
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }

}
