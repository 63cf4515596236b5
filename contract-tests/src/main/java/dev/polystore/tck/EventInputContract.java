package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.Capability;
import dev.polystore.EventStore;
import dev.polystore.InvalidQueryException;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The part of the {@link EventStoreContract} about input: text every backend stores as given or every backend
 * refuses alike, before anything is sent. {@link EventStoreContract} extends it, so an adapter inherits these
 * tests with the rest of the event-store contract and does not extend this class itself.
 *
 * <ul>
 *   <li>Ill-formed UTF-16 (an unpaired surrogate) and NUL are refused in tag values and string fields with
 *       {@link IllegalArgumentException} when the {@link Event} is built, and in the tag values of an
 *       {@link EventQuery} with {@link InvalidQueryException} when it is built.
 *   <li>A query's series and tag values are held to the rules of events: a series no event could have, or a tag
 *       value longer than {@link Event#MAX_TAG_VALUE_LENGTH}, is refused when the query is built.
 *   <li>Trailing spaces are significant: tag values {@code "web"} and {@code "web "} are different.
 * </ul>
 *
 * <p>JUnit creates one instance per test; an instance is not shared between threads.
 */
public abstract class EventInputContract extends StoreContract<EventStore> implements EventContractSupport {

  private static final List<String> BAD_TEXT = List.of(UserInputContract.LONE_HIGH, UserInputContract.LONE_LOW,
      UserInputContract.TRAILING_HIGH, UserInputContract.REVERSED_PAIR, UserInputContract.NUL);

  EventInputContract(String contractName) {
    super(contractName, EventStore::capabilities);
  }

  @Test
  void illFormedTextAndNulAreRefusedInEventsAndQueries() {
    for (String bad : BAD_TEXT) {
      assertAll(UserInputContract.shown(bad),
          () -> assertThrows(IllegalArgumentException.class,
              () -> Event.builder("cpu").time(BASE).tag("host", bad).field("load", 1).build(), "tag value"),
          () -> assertThrows(IllegalArgumentException.class,
              () -> Event.builder("cpu").time(BASE).field("note", bad).build(), "string field"),
          () -> assertThrows(InvalidQueryException.class,
              () -> EventQuery.builder("cpu").tag("host", bad).build(), "query tag value"),
          () -> assertThrows(InvalidQueryException.class, () -> EventQuery.builder("cpu" + bad).build(),
              "query series"));
    }
    store.append(Event.builder("cpu").time(BASE).tag("host", "a").field("load", 1).build());
    store.flush();
    assertEquals(1, read(EventQuery.builder("cpu").build()).size());
  }

  @Test
  void querySeriesAndTagValuesFollowTheRulesOfEvents() {
    String longest = "v".repeat(Event.MAX_TAG_VALUE_LENGTH);
    Event event = Event.builder("cpu").time(BASE).tag("host", longest).field("load", 1).build();
    store.append(event);
    store.flush();
    assertAll(
        () -> assertEquals(List.of(event), read(EventQuery.builder("cpu").tag("host", longest).build())),
        () -> assertRefused(() -> EventQuery.builder("cpu").tag("host", longest + "v").build(), "tag value",
            Event.MAX_TAG_VALUE_LENGTH),
        () -> assertRefused(() -> EventQuery.builder("cpu").tag("host", "").build(), "tag value",
            Event.MAX_TAG_VALUE_LENGTH),
        () -> assertRefused(() -> EventQuery.builder("cpu load").build(), "series", 128),
        () -> assertRefused(() -> EventQuery.builder("s".repeat(129)).build(), "series", 128),
        () -> assertEquals(List.of(), read(EventQuery.builder("s".repeat(128)).build())));
  }

  @Test
  void deleteBeforeHoldsItsSeriesToTheRulesOfEvents() throws Throwable {
    requires(Capability.EVENT_DELETE, () -> assertAll(
        () -> assertThrows(InvalidQueryException.class, () -> store.deleteBefore("a\u0000b", BASE), "NUL"),
        () -> assertThrows(InvalidQueryException.class, () -> store.deleteBefore("cpu load", BASE), "a space"),
        () -> assertThrows(InvalidQueryException.class, () -> store.deleteBefore("s".repeat(129), BASE), "too long"),
        () -> assertEquals(0, store.deleteBefore("s".repeat(128), BASE))),
        () -> store.deleteBefore("cpu", BASE));
  }


  @Test
  void trailingSpacesAreSignificantInTagValuesAndStringFields() {
    Event padded = Event.builder("net").time(BASE).tag("host", "web ").field("note", "up ").build();
    Event plain = Event.builder("net").time(BASE).tag("host", "web").field("note", "up").build();
    store.appendAll(List.of(padded, plain));
    store.flush();
    assertAll(
        () -> assertEquals(2, read(EventQuery.builder("net").build()).size(),
            "same series and time, tags differing by a trailing space: two events"),
        () -> assertEquals(List.of(padded), read(EventQuery.builder("net").tag("host", "web ").build())),
        () -> assertEquals(List.of(plain), read(EventQuery.builder("net").tag("host", "web").build())));
  }

  private static void assertRefused(Executable call, String what, int limit) {
    InvalidQueryException e = assertThrows(InvalidQueryException.class, call,
        "a query " + what + " no event could have is refused when the query is built");
    assertTrue(e.getMessage().contains(what) && e.getMessage().contains(Integer.toString(limit)),
        "the message names the " + what + " and the limit " + limit + ": " + e.getMessage());
  }
}
