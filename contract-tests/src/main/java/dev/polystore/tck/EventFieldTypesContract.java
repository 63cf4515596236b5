package dev.polystore.tck;

import static dev.polystore.Capability.EVENT_AGGREGATES;
import static dev.polystore.Capability.EVENT_MIXED_FIELD_TYPES;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.InvalidQueryException;
import dev.polystore.StoreException;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The event-store contract on field types across the events of a series ({@code Capability.EVENT_MIXED_FIELD_TYPES}).
 * A store with the capability keeps a field name holding a {@code Long} in one event and a {@code String} in
 * another, and a key that is a tag in one event and a field in another, as given, and aggregates over such
 * fields follow the rules of {@link dev.polystore.EventStore#aggregate} (a string in any selected event refused by
 * the numeric functions, even next to numbers in other windows or groups). A store without it refuses the
 * append that would mix them, with {@link InvalidQueryException} naming the series, the key and both types or
 * kinds; the refusal is a failed append ({@code flush()} reports it) and stores nothing. On every store, each
 * series has its own field types and tag keys.
 *
 * <p>Part of {@link EventStoreContract}, which composes it with the other event-store features: an adapter
 * subclasses that class, never this interface. JUnit creates one instance per test.
 */
public interface EventFieldTypesContract extends EventContractSupport {

  @Test
  default void eachSeriesHasItsOwnFieldTypesAndTagKeys() {
    Event number = Event.builder("jobs").time(BASE).tag("host", "a").field("note", 5).build();
    Event text = Event.builder("runs").time(BASE).tag("host", "a").field("note", "late").build();
    Event flag = Event.builder("checks").time(BASE).tag("note", "n1").field("host", true).build();
    store().append(number);
    store().flush();
    store().append(text);
    store().append(flag);
    store().flush();
    assertAll(
        () -> assertEquals(List.of(number), read(EventQuery.builder("jobs").build())),
        () -> assertEquals(List.of(text), read(EventQuery.builder("runs").build()),
            "a String under a field name that holds a Long in another series"),
        () -> assertEquals(List.of(flag), read(EventQuery.builder("checks").tag("note", "n1").build()),
            "tag and field keys swapped against another series"));
  }

  @Test
  default void fieldsMayHoldValuesOfDifferentTypesWhereDeclared() throws Throwable {
    Event number = Event.builder("jobs").time(BASE.plusSeconds(1)).tag("host", "a").field("note", 5).field("v", 1)
        .build();
    Event late = Event.builder("jobs").time(BASE.plusSeconds(61)).tag("host", "b").field("note", "late")
        .field("v", 4).build();
    store().append(number);
    store().flush();
    Optional<InvalidQueryException> refused = requiresOrRefuses(EVENT_MIXED_FIELD_TYPES, () -> {
      List<Event> mixed = List.of(number,
          Event.builder("jobs").time(BASE.plusSeconds(2)).tag("host", "a").field("note", true).field("v", 2).build(),
          Event.builder("jobs").time(BASE.plusSeconds(3)).tag("host", "a").field("v", 3).build(),
          Event.builder("jobs").time(BASE.plusSeconds(4)).tag("host", "a").field("note", -2.5).field("v", 7).build(),
          late,
          Event.builder("jobs").time(BASE.plusSeconds(62)).tag("host", "b").field("note", "").field("v", 5).build(),
          Event.builder("jobs").time(BASE.plusSeconds(63)).tag("host", "b").field("note", 0.5).field("v", 6).build());
      store().appendAll(mixed.subList(1, mixed.size()));
      store().flush();
      assertEquals(mixed, read(EventQuery.builder("jobs").build()),
          "a Long, a Boolean, Doubles and Strings under one field name, each read back as written");
      requires(EVENT_AGGREGATES, () -> assertAggregatesOverMixedTypes(),
          () -> store().aggregate(EventQuery.builder("jobs").build(), "note", Aggregate.COUNT, MINUTE));
    }, InvalidQueryException.class, () -> store().append(late));
    if (refused.isPresent()) {
      InvalidQueryException e = refused.get();
      assertNames(e, "the series, the field and both types", "jobs", "note", "Long", "String");
      StoreException reported = assertThrows(StoreException.class, store()::flush,
          "the refused append is a failed append, which the next flush reports");
      assertSame(e, reported.getCause(), "flush names the refusal as its cause");
      assertEquals(List.of(number), read(EventQuery.builder("jobs").build()), "only the first event is stored");
    }
  }

  @Test
  default void aKeyMayBeATagInOneEventAndAFieldInAnotherWhereDeclared() throws Throwable {
    Event tagged = Event.builder("jobs").time(BASE).tag("host", "a").field("v", 1).build();
    Event fielded = Event.builder("jobs").time(BASE.plusSeconds(1)).field("host", "b").field("v", 2).build();
    Event fieldFirst = Event.builder("runs").time(BASE).field("zone", "eu").field("v", 3).build();
    Event tagLater = Event.builder("runs").time(BASE.plusSeconds(1)).tag("zone", "us").field("v", 4).build();
    store().append(tagged);
    store().append(fieldFirst);
    store().flush();
    Optional<InvalidQueryException> refused = requiresOrRefuses(EVENT_MIXED_FIELD_TYPES, () -> {
      store().append(fielded);
      store().append(tagLater);
      store().flush();
      assertAll(
          () -> assertEquals(List.of(tagged, fielded), read(EventQuery.builder("jobs").build())),
          () -> assertEquals(List.of(tagged), read(EventQuery.builder("jobs").tag("host", "a").build())),
          () -> assertEquals(List.of(), read(EventQuery.builder("jobs").tag("host", "b").build()),
              "a field is not a tag: a tag filter does not match it"),
          () -> assertEquals(List.of(fieldFirst, tagLater), read(EventQuery.builder("runs").build())),
          () -> assertEquals(List.of(tagLater), read(EventQuery.builder("runs").tag("zone", "us").build())));
    }, InvalidQueryException.class, () -> store().append(fielded));
    if (refused.isPresent()) {
      assertNames(refused.get(), "a field where the series has a tag", "jobs", "host");
      InvalidQueryException tagRefused = assertThrows(InvalidQueryException.class, () -> store().append(tagLater),
          "a tag where the series has a field is refused too");
      assertNames(tagRefused, "a tag where the series has a field", "runs", "zone");
      StoreException reported = assertThrows(StoreException.class, store()::flush,
          "the refused appends are failed appends, which the next flush reports");
      assertTrue(reported.getMessage().contains("2 events"), "both refusals count: " + reported.getMessage());
      assertAll(
          () -> assertEquals(List.of(tagged), read(EventQuery.builder("jobs").build()), "nothing refused is stored"),
          () -> assertEquals(List.of(fieldFirst), read(EventQuery.builder("runs").build())));
    }
  }

  /**
   * Over series {@code jobs} of {@link #fieldsMayHoldValuesOfDifferentTypesWhereDeclared()}: minute 0 holds note
   * 5, true and -2.5 (host a, next to an event without note), minute 1 holds "late", "" and 0.5 (host b). Numbers
   * and booleans aggregate together; the numeric functions refuse the field wherever the strings are; COUNT
   * counts every type.
   */
  private void assertAggregatesOverMixedTypes() {
    EventQuery all = EventQuery.builder("jobs").build();
    Instant w1 = BASE.plusSeconds(60);
    assertAll(
        () -> assertWindows(List.of(window(BASE, 3, 3), window(w1, 3, 3)),
            store().aggregate(all, "note", Aggregate.COUNT, MINUTE),
            "COUNT counts the events that have the field, numbers, booleans and strings alike"),
        () -> assertWindows(List.of(new WindowValue(BASE, Map.of("host", "a"), 3, 3),
                new WindowValue(w1, Map.of("host", "b"), 3, 3)),
            store().aggregate(EventQuery.builder("jobs").groupBy("host").build(), "note", Aggregate.COUNT, MINUTE),
            "COUNT per group, of any type"),
        () -> assertWindows(List.of(window(BASE, 3.5, 3)),
            store().aggregate(EventQuery.builder("jobs").to(w1).build(), "note", Aggregate.SUM, MINUTE),
            "events outside the range do not matter: SUM of 5, true (1) and -2.5"),
        () -> assertWindows(List.of(window(BASE, 3.5 / 3, 3)),
            store().aggregate(EventQuery.builder("jobs").tag("host", "a").build(), "note", Aggregate.MEAN, MINUTE),
            "events the tag filter leaves out do not matter: MEAN of 5, true and -2.5"),
        () -> assertWindows(List.of(window(BASE, -2.5, 3)),
            store().aggregate(EventQuery.builder("jobs").to(w1).build(), "note", Aggregate.MIN, MINUTE),
            "MIN of a Long, a Boolean and a Double"),
        () -> assertWindows(List.of(new WindowValue(BASE, Map.of("host", "a"), 5, 3)),
            store().aggregate(EventQuery.builder("jobs").to(w1).groupBy("host").build(), "note", Aggregate.MAX,
                MINUTE), "MAX of a Long, a Boolean and a Double, grouped"));
    for (Aggregate fn : List.of(Aggregate.SUM, Aggregate.MEAN, Aggregate.MIN, Aggregate.MAX)) {
      assertAll(fn + " over a field that holds strings next to numbers",
          () -> assertRefusesNote(() -> store().aggregate(all, "note", fn, MINUTE),
              fn + ": the strings are in another window than the numbers"),
          () -> assertRefusesNote(() -> store().aggregate(EventQuery.builder("jobs").groupBy("host").build(), "note",
              fn, MINUTE), fn + " grouped: the strings are in another group than the numbers"),
          () -> assertRefusesNote(() -> store().aggregate(all, "note", fn, Duration.ofHours(1)),
              fn + " over one window holding numbers, a boolean and strings"),
          () -> assertRefusesNote(() -> store().aggregate(EventQuery.builder("jobs").from(w1).build(), "note", fn,
              MINUTE), fn + " over strings next to a Double in one window"));
    }
  }

  private static void assertRefusesNote(Executable call, String message) {
    InvalidQueryException e = assertThrows(InvalidQueryException.class, call, message);
    assertTrue(e.getMessage() != null && e.getMessage().contains("note"),
        message + ": the message names the field: " + e.getMessage());
  }

  private static void assertNames(StoreException e, String what, String... words) {
    for (String word : words) {
      assertTrue(e.getMessage() != null && e.getMessage().contains(word),
          "the refusal names " + what + " (" + word + "): " + e.getMessage());
    }
  }
}
