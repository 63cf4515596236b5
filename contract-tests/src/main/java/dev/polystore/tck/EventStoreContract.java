package dev.polystore.tck;

import static dev.polystore.Capability.EVENT_AGGREGATES;
import static dev.polystore.Capability.EVENT_DELETE;
import static dev.polystore.Capability.EVENT_LAST_WRITE_WINS;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.Capability;
import dev.polystore.EventStore;
import dev.polystore.InvalidQueryException;
import dev.polystore.StoreException;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract every {@link EventStore} passes. An adapter subclasses it once per backend (and variant) and
 * supplies {@link #openEmptyStore()}:
 *
 * <pre>{@code
 * class SqliteEventStoreTest extends EventStoreContract {
 *   @TempDir Path dir;
 *   protected EventStore openEmptyStore() { return Stores.openEventStore("jdbc:sqlite:" + dir.resolve("e.db")); }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh, empty store and closes it afterwards. A test that needs a capability the store
 * does not declare checks instead that the operation fails with
 * {@link dev.polystore.UnsupportedCapabilityException} naming it ("negative" in the compatibility matrix).
 * Every read follows a {@link EventStore#flush()}. Times are whole seconds unless a test is about precision,
 * and the base time {@code 2024-03-01T00:00:00Z} is a multiple of every window length used (except in the test
 * of windows that are whole microseconds but not whole milliseconds).
 *
 * <p>Failed writes are held to the rule of {@link EventStore}: {@code flush()} (and {@code close()}) throws, once,
 * when events appended since the last flush were not stored, naming how many, with the first failure as cause.
 * The failure the contract provokes is one every store refuses and only stores check: an event time beyond
 * every backend's range.
 *
 * <p>Aggregates are held to the rules of
 * {@link EventStore#aggregate(EventQuery, String, Aggregate, Duration)}, one test per rule: booleans as 1 and 0;
 * {@code COUNT} of any type; a string value in any selected event refused by the numeric functions, while
 * unselected events never matter; events without the grouping tag in an empty group, first; group values in
 * code point order (asserted with non-ASCII values on purpose: the rule is the same on every backend, whatever
 * its collation); order and limit ignored; windows of positive whole microseconds; invalid field names refused.
 * (Invalid tag keys and {@code groupBy} tags never reach a store: {@link EventQuery} refuses them when built,
 * which the API's own tests cover.)
 *
 * <p>JUnit creates one instance per test; an instance is not shared between threads.
 */
public abstract class EventStoreContract extends EventInputContract {

  /** The contract's name in the compatibility matrix. */
  static final String NAME = "event-store";

  /** A time aligned to 150-second, minute, hour and day windows since the epoch (1 709 251 200 s). */
  private static final Instant BASE = Instant.parse("2024-03-01T00:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  protected EventStoreContract() {
    super(NAME);
  }

  // ==== capabilities ============================================================================

  @Test
  void declaresEventStoreCapabilities() {
    assertAll(
        () -> assertFalse(capabilities().backend().isBlank(), "backend name must not be blank"),
        () -> assertTrue(has(Capability.EVENT_STORE), "an event store declares EVENT_STORE"),
        () -> assertTrue(capabilities().timePrecision().getDuration().compareTo(Duration.ofMillis(1)) <= 0,
            "timestamps keep at least milliseconds, not " + capabilities().timePrecision()));
  }

  @Test
  void closeIsIdempotent() {
    store.append(Event.builder("cpu").time(BASE).field("v", 1).build());
    store.close();
    store.close();
  }

  // ==== failed writes ===========================================================================

  /** A time no backend stores (beyond every store's range, which ends by the year 294276): a rule only stores check. */
  private static final Instant UNSTORABLE = Instant.parse("+300000-01-01T00:00:00Z");

  @Test
  void flushReportsFailedAppendsOnceNamingHowManyEventsAndWhy() {
    Event before = Event.builder("flushed").time(BASE).field("v", 1).build();
    store.append(before);
    store.flush();

    List<Event> refused = List.of(Event.builder("flushed").time(BASE.plusSeconds(1)).field("v", 2).build(),
        Event.builder("flushed").time(UNSTORABLE).field("v", 3).build());
    RuntimeException first = assertThrows(RuntimeException.class, () -> store.appendAll(refused),
        "an event at " + UNSTORABLE + " cannot be stored");
    Event after = Event.builder("flushed").time(BASE.plusSeconds(2)).field("v", 4).build();
    store.append(after);
    RuntimeException second = assertThrows(RuntimeException.class,
        () -> store.append(Event.builder("flushed").time(UNSTORABLE).field("v", 5).build()));

    StoreException reported = assertThrows(StoreException.class, store::flush,
        "flush must throw: events appended since the last flush were not stored");
    assertAll(
        () -> assertSame(first, reported.getCause(), "the first failure is the cause"),
        () -> assertNotSame(second, reported.getCause()),
        () -> assertTrue(reported.getMessage().contains("3 events"),
            "names how many events were not stored (2 + 1): " + reported.getMessage()),
        () -> assertTrue(reported.getMessage().contains("2 failed writes"), reported.getMessage()));

    store.flush();
    assertEquals(List.of(before, after), read(EventQuery.builder("flushed").build()),
        "the failure was reported once; the later append was stored");
    store.appendAll(List.of(Event.builder("flushed").time(BASE.plusSeconds(3)).field("v", 6).build()));
    store.flush();
  }

  @Test
  void closeReportsFailedAppendsThatNoFlushReported() {
    assertThrows(RuntimeException.class,
        () -> store.append(Event.builder("closed").time(UNSTORABLE).field("v", 1).build()));
    StoreException reported = assertThrows(StoreException.class, store::close,
        "close flushes, so it reports what was not stored");
    assertTrue(reported.getMessage().contains("1 event"), reported.getMessage());
    store.close();
  }

  // ==== append and read =========================================================================

  @Test
  void appendFlushAndReadBack() {
    Event event = Event.builder("cpu").time(BASE).tag("host", "web-1").tag("region", "eu")
        .field("usage", 0.5).field("cores", 8).build();
    store.append(event);
    store.flush();
    assertEquals(List.of(event), read(EventQuery.builder("cpu").build()));
    store.flush();
    assertEquals(List.of(event), read(EventQuery.builder("cpu").build()), "a second flush changes nothing");
  }

  @Test
  void appendAllStoresEveryEvent() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(Event.builder("orders.created").time(BASE.plusSeconds(i)).tag("shop", i % 2 == 0 ? "a" : "b")
          .field("amount", i).build());
    }
    store.appendAll(events);
    store.appendAll(List.of());
    store.flush();
    assertEquals(events, read(EventQuery.builder("orders.created").build()));
  }

  @Test
  void fieldTypesRoundTrip() {
    Event event = Event.builder("types").time(BASE)
        .field("long", 42L)
        .field("negative", -7)
        .field("largest", Long.MAX_VALUE)
        .field("smallest", Long.MIN_VALUE + 1)
        .field("double", 0.1)
        .field("whole_double", 1.0)
        .field("tiny", -2.5e-8)
        .field("huge", 1.7e300)
        .field("yes", true)
        .field("no", false)
        .field("text", "héllo \"quoted\", a=b c\\d 😀")
        .field("digits", "42")
        .field("truth", "true")
        .field("empty", "")
        .build();
    store.append(event);
    store.flush();
    Event read = read(EventQuery.builder("types").build()).get(0);
    assertAll(
        () -> assertEquals(Long.class, read.fields().get("long").getClass(), "Long stays Long"),
        () -> assertEquals(Double.class, read.fields().get("whole_double").getClass(), "1.0 stays a Double"),
        () -> assertEquals(String.class, read.fields().get("digits").getClass(), "\"42\" stays a String"),
        () -> assertEquals(String.class, read.fields().get("truth").getClass(), "\"true\" stays a String"),
        () -> assertEquals(Boolean.class, read.fields().get("yes").getClass()),
        () -> assertEquals(event.fields(), read.fields()),
        () -> assertEquals(event, read));
  }

  @Test
  void tagValuesWithSpecialCharactersRoundTripAndMatch() {
    Event odd = Event.builder("net").time(BASE).tag("host", "web 1,a=b\\c").tag("name", "ünï😀")
        .field("bytes", 10).build();
    Event plain = Event.builder("net").time(BASE.plusSeconds(1)).tag("host", "web").field("bytes", 20).build();
    store.appendAll(List.of(odd, plain));
    store.flush();
    assertAll(
        () -> assertEquals(List.of(odd, plain), read(EventQuery.builder("net").build())),
        () -> assertEquals(List.of(odd), read(EventQuery.builder("net").tag("host", "web 1,a=b\\c").build())),
        () -> assertEquals(List.of(odd), read(EventQuery.builder("net").tag("name", "ünï😀").build())),
        () -> assertEquals(List.of(plain), read(EventQuery.builder("net").tag("host", "web").build())),
        () -> assertEquals(List.of(), read(EventQuery.builder("net").tag("host", "web 1").build())));
  }

  @Test
  void keysWithDotsAndDashesAreNamesNotPaths() throws Throwable {
    Event eu = Event.builder("k8s.pods").time(BASE.plusSeconds(1)).tag("dc.zone", "eu-1").tag("x-y", "1")
        .field("cpu.user", 1.5).field("mem-free", 10).build();
    Event us = Event.builder("k8s.pods").time(BASE.plusSeconds(2)).tag("dc.zone", "us-1").tag("dc", "other")
        .field("cpu.user", 2.5).field("cpu", 99.0).build();
    store.appendAll(List.of(eu, us));
    store.flush();
    assertAll(
        () -> assertEquals(List.of(eu, us), read(EventQuery.builder("k8s.pods").build())),
        () -> assertEquals(List.of(eu), read(EventQuery.builder("k8s.pods").tag("dc.zone", "eu-1").build())),
        () -> assertEquals(List.of(eu), read(EventQuery.builder("k8s.pods").tag("x-y", "1").build())),
        () -> assertEquals(List.of(us), read(EventQuery.builder("k8s.pods").tag("dc", "other").build())));
    requires(EVENT_AGGREGATES, () -> {
      assertWindows(List.of(window(BASE, 4.0, 2)), store.aggregate(EventQuery.builder("k8s.pods").build(),
          "cpu.user", Aggregate.SUM, MINUTE), "a field named cpu.user, not cpu's user");
      assertWindows(List.of(new WindowValue(BASE, Map.of("dc.zone", "eu-1"), 1.5, 1),
              new WindowValue(BASE, Map.of("dc.zone", "us-1"), 2.5, 1)),
          store.aggregate(EventQuery.builder("k8s.pods").groupBy("dc.zone").build(), "cpu.user", Aggregate.MAX,
              MINUTE), "grouped by a tag named dc.zone");
    }, () -> store.aggregate(EventQuery.builder("k8s.pods").build(), "cpu.user", Aggregate.SUM, MINUTE));
  }

  @Test
  void queryRangeIsFromInclusiveToExclusive() {
    List<Event> events = secondly("cpu", 5);
    store.appendAll(events);
    store.flush();
    assertAll(
        () -> assertEquals(events.subList(1, 3),
            read(EventQuery.builder("cpu").between(BASE.plusSeconds(1), BASE.plusSeconds(3)).build())),
        () -> assertEquals(events.subList(2, 5), read(EventQuery.builder("cpu").from(BASE.plusSeconds(2)).build())),
        () -> assertEquals(events.subList(0, 2), read(EventQuery.builder("cpu").to(BASE.plusSeconds(2)).build())),
        () -> assertEquals(events.subList(0, 1),
            read(EventQuery.builder("cpu").between(BASE, BASE.plusMillis(1)).build())),
        () -> assertEquals(List.of(),
            read(EventQuery.builder("cpu").between(BASE.plusMillis(1), BASE.plusSeconds(1)).build())),
        () -> assertEquals(List.of(), read(EventQuery.builder("cpu").from(BASE.plusSeconds(5)).build())),
        () -> assertEquals(events, read(EventQuery.builder("cpu").between(BASE.minusSeconds(3600),
            BASE.plusSeconds(3600)).build())));
  }

  @Test
  void tagFilterMatchesSubsets() {
    Event aEu = Event.builder("cpu").time(BASE).tag("host", "a").tag("region", "eu").field("v", 1).build();
    Event bEu = Event.builder("cpu").time(BASE.plusSeconds(1)).tag("host", "b").tag("region", "eu").field("v", 2).build();
    Event aUs = Event.builder("cpu").time(BASE.plusSeconds(2)).tag("host", "a").tag("region", "us").field("v", 3).build();
    Event bare = Event.builder("cpu").time(BASE.plusSeconds(3)).field("v", 4).build();
    store.appendAll(List.of(aEu, bEu, aUs, bare));
    store.flush();
    assertAll(
        () -> assertEquals(List.of(aEu, bEu, aUs, bare), read(EventQuery.builder("cpu").build())),
        () -> assertEquals(List.of(aEu, aUs), read(EventQuery.builder("cpu").tag("host", "a").build())),
        () -> assertEquals(List.of(aEu, bEu), read(EventQuery.builder("cpu").tag("region", "eu").build())),
        () -> assertEquals(List.of(aEu), read(EventQuery.builder("cpu").tag("host", "a").tag("region", "eu").build())),
        () -> assertEquals(List.of(), read(EventQuery.builder("cpu").tag("host", "c").build())),
        () -> assertEquals(List.of(), read(EventQuery.builder("cpu").tag("rack", "1").build())),
        () -> assertEquals(List.of(), read(EventQuery.builder("cpu").tag("host", "A").build()), "tag values are case-sensitive"),
        () -> assertEquals(List.of(), read(EventQuery.builder("cpu").tag("host", "' OR '1'='1").build())));
  }

  @Test
  void orderAndLimit() {
    List<Event> events = secondly("cpu", 5);
    store.appendAll(events);
    store.flush();
    List<Event> reversed = new ArrayList<>(events);
    Collections.reverse(reversed);
    assertAll(
        () -> assertEquals(events, read(EventQuery.builder("cpu").order(EventQuery.Order.OLDEST_FIRST).build())),
        () -> assertEquals(reversed, read(EventQuery.builder("cpu").newestFirst().build())),
        () -> assertEquals(events.subList(0, 2), read(EventQuery.builder("cpu").limit(2).build())),
        () -> assertEquals(reversed.subList(0, 2), read(EventQuery.builder("cpu").newestFirst().limit(2).build())),
        () -> assertEquals(events, read(EventQuery.builder("cpu").limit(100).build())),
        () -> assertEquals(List.of(events.get(3), events.get(2)), read(EventQuery.builder("cpu").newestFirst()
            .between(BASE.plusSeconds(1), BASE.plusSeconds(4)).limit(2).build())));
  }

  @Test
  void seriesAreIsolated() {
    Event cpu = Event.builder("cpu").time(BASE).field("v", 1).build();
    Event cpuTotal = Event.builder("cpu.total").time(BASE).field("v", 2).build();
    Event cpuDash = Event.builder("cpu-total").time(BASE).field("v", 3).build();
    store.appendAll(List.of(cpu, cpuTotal, cpuDash));
    store.flush();
    assertAll(
        () -> assertEquals(List.of(cpu), read(EventQuery.builder("cpu").build())),
        () -> assertEquals(List.of(cpuTotal), read(EventQuery.builder("cpu.total").build())),
        () -> assertEquals(List.of(cpuDash), read(EventQuery.builder("cpu-total").build())),
        () -> assertEquals(List.of(), read(EventQuery.builder("cp").build())),
        () -> assertEquals(List.of(), read(EventQuery.builder("nothing").build())));
  }

  @Test
  void duplicateSeriesTagsAndTimeFollowTheDeclaredRule() {
    Event first = Event.builder("cpu").time(BASE).tag("host", "a").field("v", 1).field("note", "first").build();
    Event second = Event.builder("cpu").time(BASE).tag("host", "a").field("v", 2).field("note", "second").build();
    Event otherTags = Event.builder("cpu").time(BASE).tag("host", "b").field("v", 3).field("note", "other").build();
    Event otherSeries = Event.builder("mem").time(BASE).tag("host", "a").field("v", 4).field("note", "mem").build();
    store.append(first);
    store.append(otherTags);
    store.append(otherSeries);
    store.flush();
    store.append(second);
    store.flush();

    List<Event> hostA = read(EventQuery.builder("cpu").tag("host", "a").build());
    if (has(EVENT_LAST_WRITE_WINS)) {
      assertEquals(List.of(second), hostA, "EVENT_LAST_WRITE_WINS: one event with the later fields");
    } else {
      assertEquals(List.of(first, second), sortedByNote(hostA), "without EVENT_LAST_WRITE_WINS both are kept");
    }
    assertEquals(List.of(otherTags), read(EventQuery.builder("cpu").tag("host", "b").build()),
        "other tags are another event");
    assertEquals(List.of(otherSeries), read(EventQuery.builder("mem").build()), "another series is another event");
  }

  @Test
  void duplicatesInsideOneBatchFollowTheDeclaredRule() {
    Event first = Event.builder("cpu").time(BASE).tag("host", "a").field("v", 1).field("note", "first").build();
    Event second = Event.builder("cpu").time(BASE).tag("host", "a").field("v", 2).field("note", "second").build();
    store.appendAll(List.of(first, second));
    store.flush();
    List<Event> read = read(EventQuery.builder("cpu").build());
    if (has(EVENT_LAST_WRITE_WINS)) {
      assertEquals(List.of(second), read, "EVENT_LAST_WRITE_WINS: the later event of the batch wins");
    } else {
      assertEquals(List.of(first, second), sortedByNote(read), "without EVENT_LAST_WRITE_WINS both are kept");
    }
  }

  @Test
  void instantsRoundTripAtTheDeclaredPrecision() {
    ChronoUnit precision = capabilities().timePrecision();
    List<Instant> times = List.of(
        Instant.parse("1900-01-01T00:00:00.123456789Z"),
        Instant.parse("1969-12-31T23:59:59.999999999Z"),
        Instant.parse("1970-01-01T00:00:00Z"),
        BASE.plusNanos(1),
        BASE.plusNanos(123_456_789),
        Instant.parse("2200-12-31T23:59:59.987654321Z"));
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      events.add(Event.builder("precise").time(times.get(i).truncatedTo(precision)).field("i", i).build());
    }
    store.appendAll(events);
    store.flush();
    List<Event> read = read(EventQuery.builder("precise").build());
    assertEquals(events.stream().map(Event::time).toList(), read.stream().map(Event::time).toList(),
        "times truncated to " + precision + " come back equal, in order");
    assertEquals(events, read);
    Instant exact = times.get(4).truncatedTo(precision);
    assertAll(
        () -> assertEquals(List.of(events.get(4)),
            read(EventQuery.builder("precise").between(exact, exact.plus(1, precision)).build()),
            "[t, t + one unit) holds exactly the event at t"),
        () -> assertEquals(List.of(),
            read(EventQuery.builder("precise").between(exact.plus(1, precision), BASE.plusSeconds(1)).build())),
        () -> assertEquals(List.of(events.get(0), events.get(1)),
            read(EventQuery.builder("precise").to(Instant.EPOCH).build()), "before the epoch"),
        () -> assertEquals(List.of(events.get(5)),
            read(EventQuery.builder("precise").from(Instant.parse("2200-01-01T00:00:00Z")).build())));
  }

  @Test
  void largeStreamsAreReadLazilyInOrder() {
    int total = 20_000;
    List<Event> batch = new ArrayList<>(5_000);
    for (int i = 0; i < total; i++) {
      batch.add(Event.builder("stream").time(BASE.plusSeconds(i)).tag("host", "h" + (i % 4)).field("i", i).build());
      if (batch.size() == 5_000) {
        store.appendAll(batch);
        batch.clear();
      }
    }
    store.flush();
    long count = 0;
    try (Stream<Event> stream = store.query(EventQuery.builder("stream").build())) {
      Iterator<Event> events = stream.iterator();
      while (events.hasNext()) {
        Event event = events.next();
        if (!event.time().equals(BASE.plusSeconds(count)) || event.number("i") != count) {
          throw new AssertionError("event " + count + " out of order or wrong: " + event);
        }
        count++;
      }
    }
    assertEquals(total, count);
    try (Stream<Event> stream = store.query(EventQuery.builder("stream").newestFirst().tag("host", "h3").build())) {
      Event newest = stream.findFirst().orElseThrow();
      assertEquals(BASE.plusSeconds(total - 1), newest.time(), "reading one event of a large stream");
    }
  }

  @Test
  void emptySeriesReadsNothing() {
    assertEquals(List.of(), read(EventQuery.builder("empty").build()));
    assertEquals(List.of(), read(EventQuery.builder("empty").newestFirst().limit(5).tag("a", "b").build()));
  }

  // ==== aggregates ==============================================================================

  @Test
  void windowedAggregates() throws Throwable {
    overAggregateFixture(() -> {
      EventQuery all = EventQuery.builder("cpu").build();
      Instant w0 = BASE;
      Instant w1 = BASE.plusSeconds(60);
      Instant w3 = BASE.plusSeconds(180);
      assertAll(
          () -> assertWindows(List.of(window(w0, 3, 3), window(w1, 1, 1), window(w3, 1, 1)),
              store.aggregate(all, "usage", Aggregate.COUNT, MINUTE), "COUNT counts events that have the field"),
          () -> assertWindows(List.of(window(w0, 6.0, 3), window(w1, 4.0, 1), window(w3, 10.0, 1)),
              store.aggregate(all, "usage", Aggregate.SUM, MINUTE), "SUM"),
          () -> assertWindows(List.of(window(w0, 2.0, 3), window(w1, 4.0, 1), window(w3, 10.0, 1)),
              store.aggregate(all, "usage", Aggregate.MEAN, MINUTE), "MEAN"),
          () -> assertWindows(List.of(window(w0, 1.0, 3), window(w1, 4.0, 1), window(w3, 10.0, 1)),
              store.aggregate(all, "usage", Aggregate.MIN, MINUTE), "MIN"),
          () -> assertWindows(List.of(window(w0, 3.0, 3), window(w1, 4.0, 1), window(w3, 10.0, 1)),
              store.aggregate(all, "usage", Aggregate.MAX, MINUTE), "MAX"),
          () -> assertWindows(List.of(window(w0, 3.5, 2), window(w1, 7.0, 1)),
              store.aggregate(all, "load", Aggregate.MEAN, MINUTE), "MEAN over a Long field"),
          () -> assertWindows(List.of(window(w0, 7.0, 2), window(w1, 7.0, 1)),
              store.aggregate(all, "load", Aggregate.SUM, MINUTE), "SUM over a Long field"),
          () -> assertWindows(List.of(window(w0, 20.0, 5)),
              store.aggregate(all, "usage", Aggregate.SUM, Duration.ofHours(1)), "one epoch-aligned hour"));
    });
  }

  @Test
  void aggregatesHonourRangeTagsAndEpochAlignment() throws Throwable {
    overAggregateFixture(() -> {
      assertAll(
          () -> assertWindows(List.of(window(BASE, 2.0, 1), window(BASE.plusSeconds(60), 4.0, 1)),
              store.aggregate(EventQuery.builder("cpu").between(BASE.plusSeconds(30), BASE.plusSeconds(200)).build(),
                  "usage", Aggregate.SUM, MINUTE),
              "windows start on epoch multiples even when the range starts mid-window; 'to' is exclusive"),
          () -> assertWindows(List.of(window(BASE, 3.0, 1), window(BASE.plusSeconds(180), 10.0, 1)),
              store.aggregate(EventQuery.builder("cpu").tag("host", "b").build(), "usage", Aggregate.SUM, MINUTE),
              "tag filter"),
          () -> assertWindows(List.of(window(BASE, 4.0, 4), window(BASE.plusSeconds(150), 10.0, 1)),
              store.aggregate(EventQuery.builder("cpu").build(), "usage", Aggregate.MAX, Duration.ofSeconds(150)),
              "150-second windows are aligned to the epoch, not to the first event"),
          () -> assertEquals(List.of(),
              store.aggregate(EventQuery.builder("nothing").build(), "usage", Aggregate.SUM, MINUTE)));
    });
  }

  @Test
  void aggregatesGroupedByTag() throws Throwable {
    overAggregateFixture(() -> {
      List<WindowValue> grouped = store.aggregate(EventQuery.builder("cpu").groupBy("host").build(), "usage",
          Aggregate.SUM, MINUTE);
      assertWindows(List.of(
              new WindowValue(BASE, Map.of("host", "a"), 3.0, 2),
              new WindowValue(BASE, Map.of("host", "b"), 3.0, 1),
              new WindowValue(BASE.plusSeconds(60), Map.of("host", "a"), 4.0, 1),
              new WindowValue(BASE.plusSeconds(180), Map.of("host", "b"), 10.0, 1)),
          grouped, "ordered by window start, then group value");
      List<WindowValue> counted = store.aggregate(EventQuery.builder("cpu").groupBy("host").build(), "usage",
          Aggregate.COUNT, Duration.ofHours(1));
      assertWindows(List.of(new WindowValue(BASE, Map.of("host", "a"), 3, 3),
          new WindowValue(BASE, Map.of("host", "b"), 2, 2)), counted, "COUNT per host per hour");
    }, () -> store.aggregate(EventQuery.builder("cpu").groupBy("host").build(), "usage", Aggregate.SUM, MINUTE));
  }

  @Test
  void booleansCountAsOneAndZero() throws Throwable {
    store.appendAll(List.of(
        Event.builder("jobs").time(BASE.plusSeconds(1)).tag("host", "a").field("ok", true).build(),
        Event.builder("jobs").time(BASE.plusSeconds(2)).tag("host", "a").field("ok", false).build(),
        Event.builder("jobs").time(BASE.plusSeconds(3)).tag("host", "b").field("ok", true).build(),
        Event.builder("jobs").time(BASE.plusSeconds(61)).tag("host", "a").field("ok", false).build(),
        Event.builder("jobs").time(BASE.plusSeconds(62)).tag("host", "b").field("ok", 0.5).build(),
        Event.builder("jobs").time(BASE.plusSeconds(63)).tag("host", "b").field("ok", -2).build()));
    store.flush();
    requires(EVENT_AGGREGATES, () -> {
      EventQuery all = EventQuery.builder("jobs").build();
      Instant w1 = BASE.plusSeconds(60);
      assertAll(
          () -> assertWindows(List.of(window(BASE, 3, 3), window(w1, 3, 3)),
              store.aggregate(all, "ok", Aggregate.COUNT, MINUTE), "COUNT counts booleans"),
          () -> assertWindows(List.of(window(BASE, 2, 3), window(w1, -1.5, 3)),
              store.aggregate(all, "ok", Aggregate.SUM, MINUTE), "SUM: true is 1, false is 0, next to numbers"),
          () -> assertWindows(List.of(window(BASE, 2.0 / 3, 3), window(w1, -0.5, 3)),
              store.aggregate(all, "ok", Aggregate.MEAN, MINUTE), "MEAN of booleans and numbers"),
          () -> assertWindows(List.of(window(BASE, 0, 3), window(w1, -2, 3)),
              store.aggregate(all, "ok", Aggregate.MIN, MINUTE), "MIN: false is 0"),
          () -> assertWindows(List.of(window(BASE, 1, 3), window(w1, 0.5, 3)),
              store.aggregate(all, "ok", Aggregate.MAX, MINUTE), "MAX: true is 1, false is 0"),
          () -> assertWindows(List.of(new WindowValue(BASE, Map.of("host", "a"), 0, 2),
                  new WindowValue(BASE, Map.of("host", "b"), 1, 1),
                  new WindowValue(w1, Map.of("host", "a"), 0, 1),
                  new WindowValue(w1, Map.of("host", "b"), -2, 2)),
              store.aggregate(EventQuery.builder("jobs").groupBy("host").build(), "ok", Aggregate.MIN, MINUTE),
              "MIN per host"));
    }, () -> store.aggregate(EventQuery.builder("jobs").build(), "ok", Aggregate.SUM, MINUTE));
  }

  @Test
  void countTakesFieldsOfAnyTypeAndNumericAggregatesRefuseStrings() throws Throwable {
    // "note" is a number, a boolean and a string in different events, windows and groups; "v" is numeric.
    store.appendAll(List.of(
        Event.builder("jobs").time(BASE.plusSeconds(1)).tag("host", "a").field("note", 5).field("v", 1).build(),
        Event.builder("jobs").time(BASE.plusSeconds(2)).tag("host", "a").field("note", true).field("v", 2).build(),
        Event.builder("jobs").time(BASE.plusSeconds(3)).tag("host", "a").field("v", 3).build(),
        Event.builder("jobs").time(BASE.plusSeconds(61)).tag("host", "b").field("note", "late").field("v", 4)
            .build(),
        Event.builder("jobs").time(BASE.plusSeconds(62)).tag("host", "b").field("note", "").field("v", 5).build(),
        Event.builder("other").time(BASE.plusSeconds(1)).tag("host", "a").field("v", "text").build()));
    store.flush();
    requires(EVENT_AGGREGATES, () -> {
      EventQuery all = EventQuery.builder("jobs").build();
      Instant w1 = BASE.plusSeconds(60);
      assertAll(
          () -> assertWindows(List.of(window(BASE, 2, 2), window(w1, 2, 2)),
              store.aggregate(all, "note", Aggregate.COUNT, MINUTE),
              "COUNT counts the events that have the field, numbers, booleans and strings alike"),
          () -> assertWindows(List.of(new WindowValue(BASE.plusSeconds(60), Map.of("host", "b"), 2, 2)),
              store.aggregate(EventQuery.builder("jobs").from(w1).groupBy("host").build(), "note",
                  Aggregate.COUNT, MINUTE), "COUNT of string values only"),
          () -> assertWindows(List.of(window(BASE, 6, 2)),
              store.aggregate(EventQuery.builder("jobs").to(w1).build(), "note", Aggregate.SUM, MINUTE),
              "events outside the range do not matter: without them the field is numeric"),
          () -> assertWindows(List.of(window(BASE, 5, 2)),
              store.aggregate(EventQuery.builder("jobs").tag("host", "a").build(), "note", Aggregate.MAX, MINUTE),
              "events the tag filter leaves out do not matter"),
          () -> assertWindows(List.of(window(BASE, 6, 3), window(w1, 9, 2)),
              store.aggregate(all, "v", Aggregate.SUM, MINUTE),
              "a string under the same name in another series does not matter"),
          () -> assertEquals(List.of(), store.aggregate(all, "missing", Aggregate.SUM, MINUTE),
              "a field no event has gives no windows"));
      for (Aggregate fn : List.of(Aggregate.SUM, Aggregate.MEAN, Aggregate.MIN, Aggregate.MAX)) {
        assertAll(fn + " over a field that holds a string in some selected event",
            () -> assertRefusesStrings(() -> store.aggregate(all, "note", fn, MINUTE), fn + " ungrouped"),
            () -> assertRefusesStrings(() -> store.aggregate(EventQuery.builder("jobs").groupBy("host").build(),
                "note", fn, MINUTE), fn + " grouped: the string is in another group than the numbers"),
            () -> assertRefusesStrings(() -> store.aggregate(all, "note", fn, Duration.ofHours(1)),
                fn + " over one window holding numbers, a boolean and strings"),
            () -> assertRefusesStrings(() -> store.aggregate(EventQuery.builder("jobs").from(w1).build(), "note",
                fn, MINUTE), fn + " over strings only"));
      }
    }, () -> store.aggregate(EventQuery.builder("jobs").build(), "note", Aggregate.COUNT, MINUTE));
  }

  @Test
  void eventsWithoutTheGroupingTagFormAnEmptyGroupFirst() throws Throwable {
    store.appendAll(List.of(
        Event.builder("net").time(BASE.plusSeconds(1)).tag("host", "b").field("bytes", 1).build(),
        Event.builder("net").time(BASE.plusSeconds(2)).field("bytes", 2).build(),
        Event.builder("net").time(BASE.plusSeconds(3)).tag("host", "a").field("bytes", 4).build(),
        Event.builder("net").time(BASE.plusSeconds(4)).tag("rack", "r1").field("bytes", 8).build(),
        Event.builder("net").time(BASE.plusSeconds(61)).tag("host", "a").field("bytes", 16).build(),
        Event.builder("net").time(BASE.plusSeconds(121)).tag("rack", "r1").field("bytes", 32).build(),
        Event.builder("net").time(BASE.plusSeconds(122)).tag("host", "b").field("bytes", 64).build(),
        Event.builder("net").time(BASE.plusSeconds(123)).tag("host", "b").field("other", 1).build()));
    store.flush();
    requires(EVENT_AGGREGATES, () -> {
      Instant w1 = BASE.plusSeconds(60);
      Instant w2 = BASE.plusSeconds(120);
      assertAll(
          () -> assertWindows(List.of(
                  window(BASE, 10, 2),
                  new WindowValue(BASE, Map.of("host", "a"), 4, 1),
                  new WindowValue(BASE, Map.of("host", "b"), 1, 1),
                  new WindowValue(w1, Map.of("host", "a"), 16, 1),
                  window(w2, 32, 1),
                  new WindowValue(w2, Map.of("host", "b"), 64, 1)),
              store.aggregate(EventQuery.builder("net").groupBy("host").build(), "bytes", Aggregate.SUM, MINUTE),
              "by window start, then group: the tagless group (empty map) first"),
          () -> assertWindows(List.of(window(BASE, 127, 7)),
              store.aggregate(EventQuery.builder("net").groupBy("zone").build(), "bytes", Aggregate.SUM,
                  Duration.ofHours(1)), "grouped by a tag no event has: one group, empty"),
          () -> assertWindows(List.of(new WindowValue(BASE, Map.of("host", "a"), 2, 2)),
              store.aggregate(EventQuery.builder("net").tag("host", "a").groupBy("host").build(), "bytes",
                  Aggregate.COUNT, Duration.ofHours(1)), "grouped by the filtered tag"),
          () -> assertWindows(List.of(window(BASE, 8, 2), new WindowValue(BASE, Map.of("host", "a"), 4, 1)),
              store.aggregate(EventQuery.builder("net").between(BASE.plusSeconds(2), w1).groupBy("host").build(),
                  "bytes", Aggregate.MAX, MINUTE), "only selected events form groups"),
          () -> assertWindows(List.of(window(BASE, 8, 1), window(w2, 32, 1)),
              store.aggregate(EventQuery.builder("net").tag("rack", "r1").groupBy("host").build(), "bytes",
                  Aggregate.MAX, MINUTE), "a tag filter leaving only tagless events"));
    }, () -> store.aggregate(EventQuery.builder("net").groupBy("host").build(), "bytes", Aggregate.SUM, MINUTE));
  }

  @Test
  void groupValuesSortInCodePointOrder() throws Throwable {
    // Code point order: "B" (U+0042) < "a" (U+0061) < "z" < "é" (U+00E9) < "ｚ" (U+FF5A) < "😀" (U+1F600).
    // A case-insensitive or locale collation puts "a" before "B" and "é" before "z"; UTF-16 unit order puts
    // "😀" (a surrogate pair, 0xD83D 0xDE00) before "ｚ".
    List<String> hosts = List.of("B", "a", "z", "é", "ｚ", "😀");
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      String host = hosts.get(hosts.size() - 1 - i);
      events.add(Event.builder("net").time(BASE.plusSeconds(i)).tag("host", host).field("bytes", i).build());
    }
    events.add(Event.builder("net").time(BASE.plusSeconds(30)).field("bytes", 100).build());
    store.appendAll(events);
    store.flush();
    requires(EVENT_AGGREGATES, () -> {
      List<WindowValue> counted = store.aggregate(EventQuery.builder("net").groupBy("host").build(), "bytes",
          Aggregate.COUNT, MINUTE);
      List<Map<String, String>> groups = counted.stream().map(WindowValue::group).toList();
      List<Map<String, String>> expected = new ArrayList<>();
      expected.add(Map.of());
      hosts.forEach(host -> expected.add(Map.of("host", host)));
      assertEquals(expected, groups, "the empty group first, then tag values in code point order: " + counted);
    }, () -> store.aggregate(EventQuery.builder("net").groupBy("host").build(), "bytes", Aggregate.COUNT, MINUTE));
  }

  @Test
  void aggregatesIgnoreTheQuerysOrderAndLimit() throws Throwable {
    overAggregateFixture(() -> {
      List<WindowValue> expected = List.of(window(BASE, 6.0, 3), window(BASE.plusSeconds(60), 4.0, 1),
          window(BASE.plusSeconds(180), 10.0, 1));
      assertAll(
          () -> assertWindows(expected, store.aggregate(EventQuery.builder("cpu").newestFirst().build(), "usage",
              Aggregate.SUM, MINUTE), "newest first: windows still come oldest first"),
          () -> assertWindows(expected, store.aggregate(EventQuery.builder("cpu").limit(1).build(), "usage",
              Aggregate.SUM, MINUTE), "a limit of 1 neither cuts events nor windows"),
          () -> assertWindows(expected, store.aggregate(EventQuery.builder("cpu").newestFirst().limit(2).build(),
              "usage", Aggregate.SUM, MINUTE), "both"),
          () -> assertWindows(List.of(new WindowValue(BASE, Map.of("host", "a"), 2, 2),
                  new WindowValue(BASE, Map.of("host", "b"), 1, 1),
                  new WindowValue(BASE.plusSeconds(60), Map.of("host", "a"), 1, 1),
                  new WindowValue(BASE.plusSeconds(180), Map.of("host", "b"), 1, 1)),
              store.aggregate(EventQuery.builder("cpu").newestFirst().limit(1).groupBy("host").build(), "usage",
                  Aggregate.COUNT, MINUTE), "grouped"));
    }, () -> store.aggregate(EventQuery.builder("cpu").limit(1).build(), "usage", Aggregate.SUM, MINUTE));
  }

  @Test
  void aggregateWindowsArePositiveWholeMicroseconds() throws Throwable {
    overAggregateFixture(() -> {
      EventQuery all = EventQuery.builder("cpu").build();
      EventQuery empty = EventQuery.builder("nothing").build();
      for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-60), Duration.ofNanos(-1000),
          Duration.ofNanos(1), Duration.ofNanos(999), Duration.ofNanos(1500), Duration.ofSeconds(60, 1))) {
        assertAll("window " + bad,
            () -> assertThrows(InvalidQueryException.class, () -> store.aggregate(all, "usage", Aggregate.SUM, bad),
                "window " + bad + " is refused"),
            () -> assertThrows(InvalidQueryException.class,
                () -> store.aggregate(empty, "usage", Aggregate.COUNT, bad),
                "window " + bad + " is refused before anything is read, even for an empty series"));
      }
      assertAll(
          () -> assertWindows(List.of(window(BASE.plusSeconds(10), 1.0, 1), window(BASE.plusSeconds(20), 3.0, 1),
                  window(BASE.plusSeconds(50), 2.0, 1), window(BASE.plusSeconds(70), 4.0, 1),
                  window(BASE.plusSeconds(200), 10.0, 1)),
              store.aggregate(all, "usage", Aggregate.SUM, Duration.ofNanos(1000)),
              "one microsecond is a valid window"),
          // Windows of 1.000001 s since the epoch: the one holding BASE + 10 s starts 9.249500 s after BASE,
          // the one holding BASE + 20 s 19.249510 s after it.
          () -> assertWindows(List.of(window(BASE.plus(9_249_500, ChronoUnit.MICROS), 1.0, 1),
                  window(BASE.plus(19_249_510, ChronoUnit.MICROS), 3.0, 1)),
              store.aggregate(EventQuery.builder("cpu").to(BASE.plusSeconds(30)).build(), "usage", Aggregate.SUM,
                  Duration.ofNanos(1_000_001_000)), "whole microseconds, not whole milliseconds, epoch-aligned"),
          () -> assertWindows(List.of(window(Instant.EPOCH, 20.0, 5)),
              store.aggregate(all, "usage", Aggregate.SUM, Duration.ofDays(365_250)),
              "a thousand-year window, aligned to the epoch"));
    });
  }

  @Test
  void aggregateNamesMustBeValidKeys() throws Throwable {
    overAggregateFixture(() -> {
      EventQuery all = EventQuery.builder("cpu").build();
      EventQuery empty = EventQuery.builder("nothing").build();
      List<String> bad = List.of("", "a b", "usage\") OR 1=1 --", "$.usage", "usage'", "ü", "x".repeat(129));
      for (String name : bad) {
        assertAll("field '" + name + "'",
            () -> assertThrows(InvalidQueryException.class, () -> store.aggregate(all, name, Aggregate.SUM, MINUTE),
                "field '" + name + "'"),
            () -> assertThrows(InvalidQueryException.class,
                () -> store.aggregate(empty, name, Aggregate.COUNT, MINUTE),
                "field '" + name + "' is refused before anything is read, even for an empty series"));
      }
      String huge = "z".repeat(1_000_000);
      String message = assertThrows(InvalidQueryException.class,
          () -> store.aggregate(all, huge, Aggregate.SUM, MINUTE)).getMessage();
      assertTrue(message.length() < 500, "a message does not grow with the input: " + message.length()
          + " characters");
      assertTrue(message.contains("1000000 characters"), "says how long the name was: " + message);
      assertEquals(List.of(),
          store.aggregate(EventQuery.builder("cpu").groupBy("x".repeat(128)).build(), "y".repeat(128),
              Aggregate.SUM, MINUTE), "128-character names are valid (and absent here)");
    });
  }

  // ==== delete ==================================================================================

  @Test
  void deleteBeforeRemovesOlderEventsOfOneSeries() throws Throwable {
    List<Event> events = secondly("cpu", 5);
    Event other = Event.builder("cpu.total").time(BASE).field("v", 9).build();
    store.appendAll(events);
    store.append(other);
    store.flush();
    requires(EVENT_DELETE, () -> {
      assertEquals(2, store.deleteBefore("cpu", BASE.plusSeconds(2)), "events strictly before the cutoff");
      assertEquals(events.subList(2, 5), read(EventQuery.builder("cpu").build()));
      assertEquals(List.of(other), read(EventQuery.builder("cpu.total").build()), "other series are untouched");
      assertEquals(0, store.deleteBefore("cpu", BASE.plusSeconds(2)), "nothing left to delete");
      assertEquals(0, store.deleteBefore("nothing", BASE.plusSeconds(100)));
      assertEquals(3, store.deleteBefore("cpu", BASE.plusSeconds(3600)));
      assertEquals(List.of(), read(EventQuery.builder("cpu").build()));
    }, () -> store.deleteBefore("cpu", BASE));
  }

  // ==== fixtures and helpers ====================================================================

  /** {@code count} events of one series, one second apart from {@link #BASE}, field {@code i}. */
  private static List<Event> secondly(String series, int count) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(Event.builder(series).time(BASE.plusSeconds(i)).tag("host", "h").field("i", i).build());
    }
    return events;
  }

  /**
   * Series {@code cpu}: minute 0 holds usage 1.0 (a), 3.0 (b), 2.0 (a) and loads 3, 4; minute 1 holds usage
   * 4.0 (a) and an event with load 7 but no usage; minute 2 is empty; minute 3 holds usage 10.0 (b). Series
   * {@code mem} holds noise that must never count.
   */
  private static List<Event> aggregateFixture() {
    return List.of(
        Event.builder("cpu").time(BASE.plusSeconds(10)).tag("host", "a").field("usage", 1.0).field("load", 3).build(),
        Event.builder("cpu").time(BASE.plusSeconds(20)).tag("host", "b").field("usage", 3.0).field("load", 4).build(),
        Event.builder("cpu").time(BASE.plusSeconds(50)).tag("host", "a").field("usage", 2.0).build(),
        Event.builder("cpu").time(BASE.plusSeconds(70)).tag("host", "a").field("usage", 4.0).build(),
        Event.builder("cpu").time(BASE.plusSeconds(80)).tag("host", "a").field("load", 7).build(),
        Event.builder("cpu").time(BASE.plusSeconds(200)).tag("host", "b").field("usage", 10.0).build(),
        Event.builder("mem").time(BASE.plusSeconds(10)).tag("host", "a").field("usage", 1000.0).build());
  }

  /**
   * Stores {@link #aggregateFixture()}; then runs {@code positive} when the store declares
   * {@link Capability#EVENT_AGGREGATES}, else checks that {@code probe} is refused (see {@code requires}).
   */
  private void overAggregateFixture(Executable positive, Executable probe) throws Throwable {
    store.appendAll(aggregateFixture());
    store.flush();
    requires(EVENT_AGGREGATES, positive, probe);
  }

  /** {@link #overAggregateFixture(Executable, Executable)} probed with the SUM of cpu usage per minute. */
  private void overAggregateFixture(Executable positive) throws Throwable {
    overAggregateFixture(positive,
        () -> store.aggregate(EventQuery.builder("cpu").build(), "usage", Aggregate.SUM, MINUTE));
  }

  private static WindowValue window(Instant start, double value, long count) {
    return new WindowValue(start, Map.of(), value, count);
  }

  private static void assertWindows(List<WindowValue> expected, List<WindowValue> actual, String message) {
    assertEquals(expected.size(), actual.size(), message + ": " + actual);
    for (int i = 0; i < expected.size(); i++) {
      WindowValue e = expected.get(i);
      WindowValue a = actual.get(i);
      assertEquals(e.start(), a.start(), message + ": start of window " + i + " in " + actual);
      assertEquals(e.group(), a.group(), message + ": group of window " + i + " in " + actual);
      assertEquals(e.value(), a.value(), 1e-9, message + ": value of window " + i + " in " + actual);
      assertEquals(e.count(), a.count(), message + ": count of window " + i + " in " + actual);
    }
  }

  /** Asserts that {@code call} throws {@link InvalidQueryException} naming the field {@code note}. */
  private static void assertRefusesStrings(Executable call, String message) {
    InvalidQueryException e = assertThrows(InvalidQueryException.class, call, message);
    assertTrue(e.getMessage() != null && e.getMessage().contains("note"),
        message + ": the message names the field: " + e.getMessage());
  }

  /** Reads a query to a list, closing the stream. */
  private List<Event> read(EventQuery query) {
    try (Stream<Event> events = store.query(query)) {
      return events.toList();
    }
  }

  private static List<Event> sortedByNote(List<Event> events) {
    return events.stream().sorted(Comparator.comparing(e -> String.valueOf(e.fields().get("note")))).toList();
  }
}
