package dev.polystore.tck;

import static dev.polystore.Capability.EVENT_AGGREGATES;
import static dev.polystore.Capability.EVENT_LAST_WRITE_WINS;
import static dev.polystore.Capability.EVENT_MERGE_FIELDS;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.StoreException;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
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

/**
 * The event-store contract on appending and querying: flush and close report failed appends once, field
 * types and tag values round-trip, ranges, tag filters, order and limit, isolated series, the declared rule
 * for duplicates (last write wins, fields merged, or both kept: the two events differ in their field sets, so
 * each rule gives another result), time precision and lazily streamed large results.
 *
 * <p>Part of {@link EventStoreContract}, which composes it with the other event-store features: an adapter
 * subclasses that class, never this interface. JUnit creates one instance per test.
 */
public interface EventAppendAndQueryContract extends EventContractSupport {

  /** A time no backend stores (beyond every store's range, which ends by the year 294276): a rule only stores check. */
  Instant UNSTORABLE = Instant.parse("+300000-01-01T00:00:00Z");

  @Test
  default void flushReportsFailedAppendsOnceNamingHowManyEventsAndWhy() {
    Event before = Event.builder("flushed").time(BASE).field("v", 1).build();
    store().append(before);
    store().flush();

    List<Event> refused = List.of(Event.builder("flushed").time(BASE.plusSeconds(1)).field("v", 2).build(),
        Event.builder("flushed").time(UNSTORABLE).field("v", 3).build());
    RuntimeException first = assertThrows(RuntimeException.class, () -> store().appendAll(refused),
        "an event at " + UNSTORABLE + " cannot be stored");
    Event after = Event.builder("flushed").time(BASE.plusSeconds(2)).field("v", 4).build();
    store().append(after);
    RuntimeException second = assertThrows(RuntimeException.class,
        () -> store().append(Event.builder("flushed").time(UNSTORABLE).field("v", 5).build()));

    StoreException reported = assertThrows(StoreException.class, store()::flush,
        "flush must throw: events appended since the last flush were not stored");
    assertAll(
        () -> assertSame(first, reported.getCause(), "the first failure is the cause"),
        () -> assertNotSame(second, reported.getCause()),
        () -> assertTrue(reported.getMessage().contains("3 events"),
            "names how many events were not stored (2 + 1): " + reported.getMessage()),
        () -> assertTrue(reported.getMessage().contains("2 failed writes"), reported.getMessage()));

    store().flush();
    assertEquals(List.of(before, after), read(EventQuery.builder("flushed").build()),
        "the failure was reported once; the later append was stored");
    store().appendAll(List.of(Event.builder("flushed").time(BASE.plusSeconds(3)).field("v", 6).build()));
    store().flush();
  }

  @Test
  default void closeReportsFailedAppendsThatNoFlushReported() {
    assertThrows(RuntimeException.class,
        () -> store().append(Event.builder("closed").time(UNSTORABLE).field("v", 1).build()));
    StoreException reported = assertThrows(StoreException.class, store()::close,
        "close flushes, so it reports what was not stored");
    assertTrue(reported.getMessage().contains("1 event"), reported.getMessage());
    store().close();
  }

  @Test
  default void appendFlushAndReadBack() {
    Event event = Event.builder("cpu").time(BASE).tag("host", "web-1").tag("region", "eu")
        .field("usage", 0.5).field("cores", 8).build();
    store().append(event);
    store().flush();
    assertEquals(List.of(event), read(EventQuery.builder("cpu").build()));
    store().flush();
    assertEquals(List.of(event), read(EventQuery.builder("cpu").build()), "a second flush changes nothing");
  }

  @Test
  default void appendAllStoresEveryEvent() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(Event.builder("orders.created").time(BASE.plusSeconds(i)).tag("shop", i % 2 == 0 ? "a" : "b")
          .field("amount", i).build());
    }
    store().appendAll(events);
    store().appendAll(List.of());
    store().flush();
    assertEquals(events, read(EventQuery.builder("orders.created").build()));
  }

  @Test
  default void fieldTypesRoundTrip() {
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
    store().append(event);
    store().flush();
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
  default void tagValuesWithSpecialCharactersRoundTripAndMatch() {
    Event odd = Event.builder("net").time(BASE).tag("host", "web 1,a=b\\c").tag("name", "ünï😀")
        .field("bytes", 10).build();
    Event plain = Event.builder("net").time(BASE.plusSeconds(1)).tag("host", "web").field("bytes", 20).build();
    store().appendAll(List.of(odd, plain));
    store().flush();
    assertAll(
        () -> assertEquals(List.of(odd, plain), read(EventQuery.builder("net").build())),
        () -> assertEquals(List.of(odd), read(EventQuery.builder("net").tag("host", "web 1,a=b\\c").build())),
        () -> assertEquals(List.of(odd), read(EventQuery.builder("net").tag("name", "ünï😀").build())),
        () -> assertEquals(List.of(plain), read(EventQuery.builder("net").tag("host", "web").build())),
        () -> assertEquals(List.of(), read(EventQuery.builder("net").tag("host", "web 1").build())));
  }

  @Test
  default void keysWithDotsAndDashesAreNamesNotPaths() throws Throwable {
    Event eu = Event.builder("k8s.pods").time(BASE.plusSeconds(1)).tag("dc.zone", "eu-1").tag("x-y", "1")
        .field("cpu.user", 1.5).field("mem-free", 10).build();
    Event us = Event.builder("k8s.pods").time(BASE.plusSeconds(2)).tag("dc.zone", "us-1").tag("dc", "other")
        .field("cpu.user", 2.5).field("cpu", 99.0).build();
    store().appendAll(List.of(eu, us));
    store().flush();
    assertAll(
        () -> assertEquals(List.of(eu, us), read(EventQuery.builder("k8s.pods").build())),
        () -> assertEquals(List.of(eu), read(EventQuery.builder("k8s.pods").tag("dc.zone", "eu-1").build())),
        () -> assertEquals(List.of(eu), read(EventQuery.builder("k8s.pods").tag("x-y", "1").build())),
        () -> assertEquals(List.of(us), read(EventQuery.builder("k8s.pods").tag("dc", "other").build())));
    requires(EVENT_AGGREGATES, () -> {
      assertWindows(List.of(window(BASE, 4.0, 2)), store().aggregate(EventQuery.builder("k8s.pods").build(),
          "cpu.user", Aggregate.SUM, MINUTE), "a field named cpu.user, not cpu's user");
      assertWindows(List.of(new WindowValue(BASE, Map.of("dc.zone", "eu-1"), 1.5, 1),
              new WindowValue(BASE, Map.of("dc.zone", "us-1"), 2.5, 1)),
          store().aggregate(EventQuery.builder("k8s.pods").groupBy("dc.zone").build(), "cpu.user", Aggregate.MAX,
              MINUTE), "grouped by a tag named dc.zone");
    }, () -> store().aggregate(EventQuery.builder("k8s.pods").build(), "cpu.user", Aggregate.SUM, MINUTE));
  }

  @Test
  default void queryRangeIsFromInclusiveToExclusive() {
    List<Event> events = secondly("cpu", 5);
    store().appendAll(events);
    store().flush();
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
  default void tagFilterMatchesSubsets() {
    Event aEu = Event.builder("cpu").time(BASE).tag("host", "a").tag("region", "eu").field("v", 1).build();
    Event bEu = Event.builder("cpu").time(BASE.plusSeconds(1)).tag("host", "b").tag("region", "eu").field("v", 2).build();
    Event aUs = Event.builder("cpu").time(BASE.plusSeconds(2)).tag("host", "a").tag("region", "us").field("v", 3).build();
    Event bare = Event.builder("cpu").time(BASE.plusSeconds(3)).field("v", 4).build();
    store().appendAll(List.of(aEu, bEu, aUs, bare));
    store().flush();
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
  default void orderAndLimit() {
    List<Event> events = secondly("cpu", 5);
    store().appendAll(events);
    store().flush();
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
  default void seriesAreIsolated() {
    Event cpu = Event.builder("cpu").time(BASE).field("v", 1).build();
    Event cpuTotal = Event.builder("cpu.total").time(BASE).field("v", 2).build();
    Event cpuDash = Event.builder("cpu-total").time(BASE).field("v", 3).build();
    store().appendAll(List.of(cpu, cpuTotal, cpuDash));
    store().flush();
    assertAll(
        () -> assertEquals(List.of(cpu), read(EventQuery.builder("cpu").build())),
        () -> assertEquals(List.of(cpuTotal), read(EventQuery.builder("cpu.total").build())),
        () -> assertEquals(List.of(cpuDash), read(EventQuery.builder("cpu-total").build())),
        () -> assertEquals(List.of(), read(EventQuery.builder("cp").build())),
        () -> assertEquals(List.of(), read(EventQuery.builder("nothing").build())));
  }

  @Test
  default void duplicateSeriesTagsAndTimeFollowTheDeclaredRule() {
    // The two events differ in their field sets, so that each rule gives another result.
    Event first = Event.builder("cpu").time(BASE).tag("host", "a").field("v", 1).field("note", "first")
        .field("extra", true).build();
    Event second = Event.builder("cpu").time(BASE).tag("host", "a").field("v", 2).field("note", "second").build();
    Event otherTags = Event.builder("cpu").time(BASE).tag("host", "b").field("v", 3).field("note", "other").build();
    Event otherSeries = Event.builder("mem").time(BASE).tag("host", "a").field("v", 4).field("note", "mem").build();
    store().append(first);
    store().append(otherTags);
    store().append(otherSeries);
    store().flush();
    store().append(second);
    store().flush();

    assertDeclaredRuleForDuplicates(first, second, read(EventQuery.builder("cpu").tag("host", "a").build()),
        "a later append");
    assertEquals(List.of(otherTags), read(EventQuery.builder("cpu").tag("host", "b").build()),
        "other tags are another event");
    assertEquals(List.of(otherSeries), read(EventQuery.builder("mem").build()), "another series is another event");
  }

  @Test
  default void duplicatesInsideOneBatchFollowTheDeclaredRule() {
    Event first = Event.builder("cpu").time(BASE).tag("host", "a").field("v", 1).field("note", "first")
        .field("extra", true).build();
    Event second = Event.builder("cpu").time(BASE).tag("host", "a").field("v", 2).field("note", "second").build();
    store().appendAll(List.of(first, second));
    store().flush();
    assertDeclaredRuleForDuplicates(first, second, read(EventQuery.builder("cpu").build()), "one batch");
  }

  @Test
  default void instantsRoundTripAtTheDeclaredPrecision() {
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
    store().appendAll(events);
    store().flush();
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
  default void largeStreamsAreReadLazilyInOrder() {
    int total = 20_000;
    List<Event> batch = new ArrayList<>(5_000);
    for (int i = 0; i < total; i++) {
      batch.add(Event.builder("stream").time(BASE.plusSeconds(i)).tag("host", "h" + (i % 4)).field("i", i).build());
      if (batch.size() == 5_000) {
        store().appendAll(batch);
        batch.clear();
      }
    }
    store().flush();
    long count = 0;
    try (Stream<Event> stream = store().query(EventQuery.builder("stream").build())) {
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
    try (Stream<Event> stream = store().query(EventQuery.builder("stream").newestFirst().tag("host", "h3").build())) {
      Event newest = stream.findFirst().orElseThrow();
      assertEquals(BASE.plusSeconds(total - 1), newest.time(), "reading one event of a large stream");
    }
  }

  @Test
  default void emptySeriesReadsNothing() {
    assertEquals(List.of(), read(EventQuery.builder("empty").build()));
    assertEquals(List.of(), read(EventQuery.builder("empty").newestFirst().limit(5).tag("a", "b").build()));
  }

  /**
   * Asserts what the store keeps of two events with the same series, tags and time, {@code first} written before
   * {@code second}: {@code second} alone with {@code EVENT_LAST_WRITE_WINS}; one event with the fields of both,
   * {@code second}'s values winning, with {@code EVENT_MERGE_FIELDS}; both without either.
   */
  private void assertDeclaredRuleForDuplicates(Event first, Event second, List<Event> read, String how) {
    if (has(EVENT_LAST_WRITE_WINS)) {
      assertEquals(List.of(second), read, how + ", EVENT_LAST_WRITE_WINS: one event, the later write, whole");
    } else if (has(EVENT_MERGE_FIELDS)) {
      Event.Builder merged = first.toBuilder();
      second.fields().forEach(merged::field);
      assertEquals(List.of(merged.build()), read,
          how + ", EVENT_MERGE_FIELDS: one event with the fields of both, the later write's values winning");
    } else {
      assertEquals(List.of(first, second), sortedByNote(read),
          how + ", neither EVENT_LAST_WRITE_WINS nor EVENT_MERGE_FIELDS: both are kept");
    }
  }

  private List<Event> sortedByNote(List<Event> events) {
    return events.stream().sorted(Comparator.comparing(e -> String.valueOf(e.fields().get("note")))).toList();
  }
}
