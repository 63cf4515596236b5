package dev.polystore.tck;

import static dev.polystore.Capability.EVENT_AGGREGATES;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.Capability;
import dev.polystore.InvalidQueryException;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The event-store contract on aggregates ({@code Capability.EVENT_AGGREGATES}), one test per rule of
 * {@link dev.polystore.EventStore#aggregate}: windows aligned to the epoch, range and tag filters, groups by
 * tag (tagless first, code-point order), booleans as 1 and 0, strings refused by numeric functions, the
 * query's order and limit ignored, windows of positive whole microseconds, valid names. Every fixture gives each
 * field one type per series, so every store runs these tests; aggregates over a field holding strings next to
 * numbers in one series are checked by {@link EventFieldTypesContract}, where a store declares
 * {@code Capability.EVENT_MIXED_FIELD_TYPES}.
 *
 * <p>Part of {@link EventStoreContract}, which composes it with the other event-store features: an adapter
 * subclasses that class, never this interface. JUnit creates one instance per test.
 */
public interface EventAggregatesContract extends EventContractSupport {

  @Test
  default void windowedAggregates() throws Throwable {
    overAggregateFixture(() -> {
      EventQuery all = EventQuery.builder("cpu").build();
      Instant w0 = BASE;
      Instant w1 = BASE.plusSeconds(60);
      Instant w3 = BASE.plusSeconds(180);
      assertAll(
          () -> assertWindows(List.of(window(w0, 3, 3), window(w1, 1, 1), window(w3, 1, 1)),
              store().aggregate(all, "usage", Aggregate.COUNT, MINUTE), "COUNT counts events that have the field"),
          () -> assertWindows(List.of(window(w0, 6.0, 3), window(w1, 4.0, 1), window(w3, 10.0, 1)),
              store().aggregate(all, "usage", Aggregate.SUM, MINUTE), "SUM"),
          () -> assertWindows(List.of(window(w0, 2.0, 3), window(w1, 4.0, 1), window(w3, 10.0, 1)),
              store().aggregate(all, "usage", Aggregate.MEAN, MINUTE), "MEAN"),
          () -> assertWindows(List.of(window(w0, 1.0, 3), window(w1, 4.0, 1), window(w3, 10.0, 1)),
              store().aggregate(all, "usage", Aggregate.MIN, MINUTE), "MIN"),
          () -> assertWindows(List.of(window(w0, 3.0, 3), window(w1, 4.0, 1), window(w3, 10.0, 1)),
              store().aggregate(all, "usage", Aggregate.MAX, MINUTE), "MAX"),
          () -> assertWindows(List.of(window(w0, 3.5, 2), window(w1, 7.0, 1)),
              store().aggregate(all, "load", Aggregate.MEAN, MINUTE), "MEAN over a Long field"),
          () -> assertWindows(List.of(window(w0, 7.0, 2), window(w1, 7.0, 1)),
              store().aggregate(all, "load", Aggregate.SUM, MINUTE), "SUM over a Long field"),
          () -> assertWindows(List.of(window(w0, 20.0, 5)),
              store().aggregate(all, "usage", Aggregate.SUM, Duration.ofHours(1)), "one epoch-aligned hour"));
    });
  }

  @Test
  default void aggregatesHonourRangeTagsAndEpochAlignment() throws Throwable {
    overAggregateFixture(() -> {
      assertAll(
          () -> assertWindows(List.of(window(BASE, 2.0, 1), window(BASE.plusSeconds(60), 4.0, 1)),
              store().aggregate(EventQuery.builder("cpu").between(BASE.plusSeconds(30), BASE.plusSeconds(200)).build(),
                  "usage", Aggregate.SUM, MINUTE),
              "windows start on epoch multiples even when the range starts mid-window; 'to' is exclusive"),
          () -> assertWindows(List.of(window(BASE, 3.0, 1), window(BASE.plusSeconds(180), 10.0, 1)),
              store().aggregate(EventQuery.builder("cpu").tag("host", "b").build(), "usage", Aggregate.SUM, MINUTE),
              "tag filter"),
          () -> assertWindows(List.of(window(BASE, 4.0, 4), window(BASE.plusSeconds(150), 10.0, 1)),
              store().aggregate(EventQuery.builder("cpu").build(), "usage", Aggregate.MAX, Duration.ofSeconds(150)),
              "150-second windows are aligned to the epoch, not to the first event"),
          () -> assertEquals(List.of(),
              store().aggregate(EventQuery.builder("nothing").build(), "usage", Aggregate.SUM, MINUTE)));
    });
  }

  @Test
  default void aggregatesGroupedByTag() throws Throwable {
    overAggregateFixture(() -> {
      List<WindowValue> grouped = store().aggregate(EventQuery.builder("cpu").groupBy("host").build(), "usage",
          Aggregate.SUM, MINUTE);
      assertWindows(List.of(
              new WindowValue(BASE, Map.of("host", "a"), 3.0, 2),
              new WindowValue(BASE, Map.of("host", "b"), 3.0, 1),
              new WindowValue(BASE.plusSeconds(60), Map.of("host", "a"), 4.0, 1),
              new WindowValue(BASE.plusSeconds(180), Map.of("host", "b"), 10.0, 1)),
          grouped, "ordered by window start, then group value");
      List<WindowValue> counted = store().aggregate(EventQuery.builder("cpu").groupBy("host").build(), "usage",
          Aggregate.COUNT, Duration.ofHours(1));
      assertWindows(List.of(new WindowValue(BASE, Map.of("host", "a"), 3, 3),
          new WindowValue(BASE, Map.of("host", "b"), 2, 2)), counted, "COUNT per host per hour");
    }, () -> store().aggregate(EventQuery.builder("cpu").groupBy("host").build(), "usage", Aggregate.SUM, MINUTE));
  }

  @Test
  default void booleansCountAsOneAndZero() throws Throwable {
    store().appendAll(List.of(
        Event.builder("jobs").time(BASE.plusSeconds(1)).tag("host", "a").field("ok", true).build(),
        Event.builder("jobs").time(BASE.plusSeconds(2)).tag("host", "a").field("ok", false).build(),
        Event.builder("jobs").time(BASE.plusSeconds(3)).tag("host", "b").field("ok", true).build(),
        Event.builder("jobs").time(BASE.plusSeconds(61)).tag("host", "a").field("ok", false).build(),
        Event.builder("jobs").time(BASE.plusSeconds(62)).tag("host", "b").field("ok", true).build(),
        Event.builder("jobs").time(BASE.plusSeconds(63)).tag("host", "b").field("ok", false).build(),
        Event.builder("jobs").time(BASE.plusSeconds(64)).tag("host", "b").field("ok", false).build()));
    store().flush();
    requires(EVENT_AGGREGATES, () -> {
      EventQuery all = EventQuery.builder("jobs").build();
      Instant w1 = BASE.plusSeconds(60);
      assertAll(
          () -> assertWindows(List.of(window(BASE, 3, 3), window(w1, 4, 4)),
              store().aggregate(all, "ok", Aggregate.COUNT, MINUTE), "COUNT counts booleans"),
          () -> assertWindows(List.of(window(BASE, 2, 3), window(w1, 1, 4)),
              store().aggregate(all, "ok", Aggregate.SUM, MINUTE), "SUM: true is 1, false is 0"),
          () -> assertWindows(List.of(window(BASE, 2.0 / 3, 3), window(w1, 0.25, 4)),
              store().aggregate(all, "ok", Aggregate.MEAN, MINUTE), "MEAN: the share of true"),
          () -> assertWindows(List.of(window(BASE, 0, 3), window(w1, 0, 4)),
              store().aggregate(all, "ok", Aggregate.MIN, MINUTE), "MIN: false is 0"),
          () -> assertWindows(List.of(window(BASE, 1, 3), window(w1, 1, 4)),
              store().aggregate(all, "ok", Aggregate.MAX, MINUTE), "MAX: true is 1"),
          () -> assertWindows(List.of(new WindowValue(BASE, Map.of("host", "a"), 0, 2),
                  new WindowValue(BASE, Map.of("host", "b"), 1, 1),
                  new WindowValue(w1, Map.of("host", "a"), 0, 1),
                  new WindowValue(w1, Map.of("host", "b"), 0, 3)),
              store().aggregate(EventQuery.builder("jobs").groupBy("host").build(), "ok", Aggregate.MIN, MINUTE),
              "MIN per host"),
          () -> assertWindows(List.of(new WindowValue(BASE, Map.of("host", "a"), 1, 2),
                  new WindowValue(BASE, Map.of("host", "b"), 1, 1),
                  new WindowValue(w1, Map.of("host", "a"), 0, 1),
                  new WindowValue(w1, Map.of("host", "b"), 1, 3)),
              store().aggregate(EventQuery.builder("jobs").groupBy("host").build(), "ok", Aggregate.MAX, MINUTE),
              "MAX per host"));
    }, () -> store().aggregate(EventQuery.builder("jobs").build(), "ok", Aggregate.SUM, MINUTE));
  }

  @Test
  default void countTakesFieldsOfAnyTypeAndNumericAggregatesRefuseStrings() throws Throwable {
    // One type per field and series: in "jobs", "v" holds Longs, "ok" Booleans and "note" Strings (host b only);
    // in "other", "v" holds a String and "note" a Long. (Strings next to numbers under one field name of one
    // series are EventFieldTypesContract's, for stores that declare EVENT_MIXED_FIELD_TYPES.)
    store().appendAll(List.of(
        Event.builder("jobs").time(BASE.plusSeconds(1)).tag("host", "a").field("ok", true).field("v", 1).build(),
        Event.builder("jobs").time(BASE.plusSeconds(2)).tag("host", "a").field("ok", false).field("v", 2).build(),
        Event.builder("jobs").time(BASE.plusSeconds(3)).tag("host", "a").field("v", 3).build(),
        Event.builder("jobs").time(BASE.plusSeconds(61)).tag("host", "b").field("note", "late").field("v", 4)
            .build(),
        Event.builder("jobs").time(BASE.plusSeconds(62)).tag("host", "b").field("note", "").field("v", 5).build(),
        Event.builder("jobs").time(BASE.plusSeconds(121)).tag("host", "b").field("note", "again").build(),
        Event.builder("other").time(BASE.plusSeconds(1)).tag("host", "a").field("v", "text").field("note", 7)
            .build()));
    store().flush();
    requires(EVENT_AGGREGATES, () -> {
      EventQuery all = EventQuery.builder("jobs").build();
      Instant w1 = BASE.plusSeconds(60);
      Instant w2 = BASE.plusSeconds(120);
      assertAll(
          () -> assertWindows(List.of(window(w1, 2, 2), window(w2, 1, 1)),
              store().aggregate(all, "note", Aggregate.COUNT, MINUTE),
              "COUNT counts the events that have a string field, empty strings included"),
          () -> assertWindows(List.of(new WindowValue(w1, Map.of("host", "b"), 2, 2),
                  new WindowValue(w2, Map.of("host", "b"), 1, 1)),
              store().aggregate(EventQuery.builder("jobs").groupBy("host").build(), "note", Aggregate.COUNT,
                  MINUTE), "COUNT of string values, grouped"),
          () -> assertWindows(List.of(window(BASE, 2, 2)),
              store().aggregate(all, "ok", Aggregate.COUNT, MINUTE), "COUNT of boolean values"),
          () -> assertEquals(List.of(),
              store().aggregate(EventQuery.builder("jobs").to(w1).build(), "note", Aggregate.SUM, MINUTE),
              "events outside the range do not matter: the selected events do not have the field"),
          () -> assertEquals(List.of(),
              store().aggregate(EventQuery.builder("jobs").tag("host", "a").build(), "note", Aggregate.MAX, MINUTE),
              "events the tag filter leaves out do not matter"),
          () -> assertWindows(List.of(window(BASE, 6, 3), window(w1, 9, 2)),
              store().aggregate(all, "v", Aggregate.SUM, MINUTE),
              "a string under the same name in another series does not matter"),
          () -> assertWindows(List.of(window(BASE, 7, 1)),
              store().aggregate(EventQuery.builder("other").build(), "note", Aggregate.MAX, MINUTE),
              "a number under a name that holds strings in another series"),
          () -> assertEquals(List.of(), store().aggregate(all, "missing", Aggregate.SUM, MINUTE),
              "a field no event has gives no windows"));
      for (Aggregate fn : List.of(Aggregate.SUM, Aggregate.MEAN, Aggregate.MIN, Aggregate.MAX)) {
        assertAll(fn + " over a field that holds a string in some selected event",
            () -> assertRefusesStrings(() -> store().aggregate(all, "note", fn, MINUTE), fn + " ungrouped"),
            () -> assertRefusesStrings(() -> store().aggregate(EventQuery.builder("jobs").groupBy("host").build(),
                "note", fn, MINUTE), fn + " grouped"),
            () -> assertRefusesStrings(() -> store().aggregate(all, "note", fn, Duration.ofHours(1)),
                fn + " over one window"),
            () -> assertRefusesStrings(() -> store().aggregate(EventQuery.builder("jobs").from(w2).build(), "note",
                fn, MINUTE), fn + " over one string only"),
            () -> assertRefusesStrings(() -> store().aggregate(EventQuery.builder("jobs").tag("host", "b").build(),
                "note", fn, MINUTE), fn + " with a tag filter"));
      }
    }, () -> store().aggregate(EventQuery.builder("jobs").build(), "note", Aggregate.COUNT, MINUTE));
  }

  @Test
  default void eventsWithoutTheGroupingTagFormAnEmptyGroupFirst() throws Throwable {
    store().appendAll(List.of(
        Event.builder("net").time(BASE.plusSeconds(1)).tag("host", "b").field("bytes", 1).build(),
        Event.builder("net").time(BASE.plusSeconds(2)).field("bytes", 2).build(),
        Event.builder("net").time(BASE.plusSeconds(3)).tag("host", "a").field("bytes", 4).build(),
        Event.builder("net").time(BASE.plusSeconds(4)).tag("rack", "r1").field("bytes", 8).build(),
        Event.builder("net").time(BASE.plusSeconds(61)).tag("host", "a").field("bytes", 16).build(),
        Event.builder("net").time(BASE.plusSeconds(121)).tag("rack", "r1").field("bytes", 32).build(),
        Event.builder("net").time(BASE.plusSeconds(122)).tag("host", "b").field("bytes", 64).build(),
        Event.builder("net").time(BASE.plusSeconds(123)).tag("host", "b").field("other", 1).build()));
    store().flush();
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
              store().aggregate(EventQuery.builder("net").groupBy("host").build(), "bytes", Aggregate.SUM, MINUTE),
              "by window start, then group: the tagless group (empty map) first"),
          () -> assertWindows(List.of(window(BASE, 127, 7)),
              store().aggregate(EventQuery.builder("net").groupBy("zone").build(), "bytes", Aggregate.SUM,
                  Duration.ofHours(1)), "grouped by a tag no event has: one group, empty"),
          () -> assertWindows(List.of(new WindowValue(BASE, Map.of("host", "a"), 2, 2)),
              store().aggregate(EventQuery.builder("net").tag("host", "a").groupBy("host").build(), "bytes",
                  Aggregate.COUNT, Duration.ofHours(1)), "grouped by the filtered tag"),
          () -> assertWindows(List.of(window(BASE, 8, 2), new WindowValue(BASE, Map.of("host", "a"), 4, 1)),
              store().aggregate(EventQuery.builder("net").between(BASE.plusSeconds(2), w1).groupBy("host").build(),
                  "bytes", Aggregate.MAX, MINUTE), "only selected events form groups"),
          () -> assertWindows(List.of(window(BASE, 8, 1), window(w2, 32, 1)),
              store().aggregate(EventQuery.builder("net").tag("rack", "r1").groupBy("host").build(), "bytes",
                  Aggregate.MAX, MINUTE), "a tag filter leaving only tagless events"));
    }, () -> store().aggregate(EventQuery.builder("net").groupBy("host").build(), "bytes", Aggregate.SUM, MINUTE));
  }

  @Test
  default void groupValuesSortInCodePointOrder() throws Throwable {
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
    store().appendAll(events);
    store().flush();
    requires(EVENT_AGGREGATES, () -> {
      List<WindowValue> counted = store().aggregate(EventQuery.builder("net").groupBy("host").build(), "bytes",
          Aggregate.COUNT, MINUTE);
      List<Map<String, String>> groups = counted.stream().map(WindowValue::group).toList();
      List<Map<String, String>> expected = new ArrayList<>();
      expected.add(Map.of());
      hosts.forEach(host -> expected.add(Map.of("host", host)));
      assertEquals(expected, groups, "the empty group first, then tag values in code point order: " + counted);
    }, () -> store().aggregate(EventQuery.builder("net").groupBy("host").build(), "bytes", Aggregate.COUNT, MINUTE));
  }

  @Test
  default void aggregatesIgnoreTheQuerysOrderAndLimit() throws Throwable {
    overAggregateFixture(() -> {
      List<WindowValue> expected = List.of(window(BASE, 6.0, 3), window(BASE.plusSeconds(60), 4.0, 1),
          window(BASE.plusSeconds(180), 10.0, 1));
      assertAll(
          () -> assertWindows(expected, store().aggregate(EventQuery.builder("cpu").newestFirst().build(), "usage",
              Aggregate.SUM, MINUTE), "newest first: windows still come oldest first"),
          () -> assertWindows(expected, store().aggregate(EventQuery.builder("cpu").limit(1).build(), "usage",
              Aggregate.SUM, MINUTE), "a limit of 1 neither cuts events nor windows"),
          () -> assertWindows(expected, store().aggregate(EventQuery.builder("cpu").newestFirst().limit(2).build(),
              "usage", Aggregate.SUM, MINUTE), "both"),
          () -> assertWindows(List.of(new WindowValue(BASE, Map.of("host", "a"), 2, 2),
                  new WindowValue(BASE, Map.of("host", "b"), 1, 1),
                  new WindowValue(BASE.plusSeconds(60), Map.of("host", "a"), 1, 1),
                  new WindowValue(BASE.plusSeconds(180), Map.of("host", "b"), 1, 1)),
              store().aggregate(EventQuery.builder("cpu").newestFirst().limit(1).groupBy("host").build(), "usage",
                  Aggregate.COUNT, MINUTE), "grouped"));
    }, () -> store().aggregate(EventQuery.builder("cpu").limit(1).build(), "usage", Aggregate.SUM, MINUTE));
  }

  @Test
  default void aggregateWindowsArePositiveWholeMicroseconds() throws Throwable {
    overAggregateFixture(() -> {
      EventQuery all = EventQuery.builder("cpu").build();
      EventQuery empty = EventQuery.builder("nothing").build();
      for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-60), Duration.ofNanos(-1000),
          Duration.ofNanos(1), Duration.ofNanos(999), Duration.ofNanos(1500), Duration.ofSeconds(60, 1))) {
        assertAll("window " + bad,
            () -> assertThrows(InvalidQueryException.class, () -> store().aggregate(all, "usage", Aggregate.SUM, bad),
                "window " + bad + " is refused"),
            () -> assertThrows(InvalidQueryException.class,
                () -> store().aggregate(empty, "usage", Aggregate.COUNT, bad),
                "window " + bad + " is refused before anything is read, even for an empty series"));
      }
      assertAll(
          () -> assertWindows(List.of(window(BASE.plusSeconds(10), 1.0, 1), window(BASE.plusSeconds(20), 3.0, 1),
                  window(BASE.plusSeconds(50), 2.0, 1), window(BASE.plusSeconds(70), 4.0, 1),
                  window(BASE.plusSeconds(200), 10.0, 1)),
              store().aggregate(all, "usage", Aggregate.SUM, Duration.ofNanos(1000)),
              "one microsecond is a valid window"),
          // Windows of 1.000001 s since the epoch: the one holding BASE + 10 s starts 9.249500 s after BASE,
          // the one holding BASE + 20 s 19.249510 s after it.
          () -> assertWindows(List.of(window(BASE.plus(9_249_500, ChronoUnit.MICROS), 1.0, 1),
                  window(BASE.plus(19_249_510, ChronoUnit.MICROS), 3.0, 1)),
              store().aggregate(EventQuery.builder("cpu").to(BASE.plusSeconds(30)).build(), "usage", Aggregate.SUM,
                  Duration.ofNanos(1_000_001_000)), "whole microseconds, not whole milliseconds, epoch-aligned"),
          () -> assertWindows(List.of(window(Instant.EPOCH, 20.0, 5)),
              store().aggregate(all, "usage", Aggregate.SUM, Duration.ofDays(365_250)),
              "a thousand-year window, aligned to the epoch"));
    });
  }

  @Test
  default void aggregateNamesMustBeValidKeys() throws Throwable {
    overAggregateFixture(() -> {
      EventQuery all = EventQuery.builder("cpu").build();
      EventQuery empty = EventQuery.builder("nothing").build();
      List<String> bad = List.of("", "a b", "usage\") OR 1=1 --", "$.usage", "usage'", "ü", "x".repeat(129));
      for (String name : bad) {
        assertAll("field '" + name + "'",
            () -> assertThrows(InvalidQueryException.class, () -> store().aggregate(all, name, Aggregate.SUM, MINUTE),
                "field '" + name + "'"),
            () -> assertThrows(InvalidQueryException.class,
                () -> store().aggregate(empty, name, Aggregate.COUNT, MINUTE),
                "field '" + name + "' is refused before anything is read, even for an empty series"));
      }
      String huge = "z".repeat(1_000_000);
      String message = assertThrows(InvalidQueryException.class,
          () -> store().aggregate(all, huge, Aggregate.SUM, MINUTE)).getMessage();
      assertTrue(message.length() < 500, "a message does not grow with the input: " + message.length()
          + " characters");
      assertTrue(message.contains("1000000 characters"), "says how long the name was: " + message);
      assertEquals(List.of(),
          store().aggregate(EventQuery.builder("cpu").groupBy("x".repeat(128)).build(), "y".repeat(128),
              Aggregate.SUM, MINUTE), "128-character names are valid (and absent here)");
    });
  }

  /**
   * Series {@code cpu}: minute 0 holds usage 1.0 (a), 3.0 (b), 2.0 (a) and loads 3, 4; minute 1 holds usage
   * 4.0 (a) and an event with load 7 but no usage; minute 2 is empty; minute 3 holds usage 10.0 (b). Series
   * {@code mem} holds noise that must never count.
   */
  private List<Event> aggregateFixture() {
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
    store().appendAll(aggregateFixture());
    store().flush();
    requires(EVENT_AGGREGATES, positive, probe);
  }

  /** {@link #overAggregateFixture(Executable, Executable)} probed with the SUM of cpu usage per minute. */
  private void overAggregateFixture(Executable positive) throws Throwable {
    overAggregateFixture(positive,
        () -> store().aggregate(EventQuery.builder("cpu").build(), "usage", Aggregate.SUM, MINUTE));
  }

  /** Asserts that {@code call} throws {@link InvalidQueryException} naming the field {@code note}. */
  private void assertRefusesStrings(Executable call, String message) {
    InvalidQueryException e = assertThrows(InvalidQueryException.class, call, message);
    assertTrue(e.getMessage() != null && e.getMessage().contains("note"),
        message + ": the message names the field: " + e.getMessage());
  }
}
