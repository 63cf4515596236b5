package dev.polystore.tck;

import static dev.polystore.tck.ConventionChecks.assertNamedNull;
import static dev.polystore.tck.ConventionChecks.assertPolystoreFailure;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polystore.EventStore;
import dev.polystore.ReadConsistency;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The event-store contract on the conventions every method follows, whatever it does: a null argument is a
 * {@link NullPointerException} naming the argument, thrown before anything is sent (such a call appends
 * nothing and counts for nothing); every call on a closed store is an {@link IllegalStateException}
 * ({@code close()}, {@code capabilities()} and {@code readConsistency()} excepted); and no failure, from a method or while a stream is
 * read, is of a type outside Polystore's {@link dev.polystore.StoreException} hierarchy and those usage
 * errors.
 *
 * <p>Part of {@link EventStoreContract}, which composes it with the other event-store features: an adapter
 * subclasses that class, never this interface. JUnit creates one instance per test.
 */
public interface EventConventionsContract extends EventContractSupport {

  @Test
  default void nullArgumentsAreRefusedNamingTheArgumentBeforeAnythingIsSent() {
    Event event = Event.builder("cpu").time(BASE).field("v", 1).build();
    EventQuery query = EventQuery.builder("cpu").build();
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("event", () -> store().append(null));
    calls.put("events", () -> store().appendAll(null));
    calls.put("query", () -> store().query(null));
    calls.put("query ", () -> store().aggregate(null, "v", Aggregate.SUM, MINUTE));
    calls.put("field", () -> store().aggregate(query, null, Aggregate.SUM, MINUTE));
    calls.put("fn", () -> store().aggregate(query, "v", null, MINUTE));
    calls.put("window", () -> store().aggregate(query, "v", Aggregate.SUM, null));
    calls.put("series", () -> store().deleteBefore(null, BASE));
    calls.put("cutoff", () -> store().deleteBefore("cpu", null));
    calls.put("consistency", () -> store().reading(null));
    store().append(event);
    store().flush();
    List<Executable> checks = new ArrayList<>();
    calls.forEach((argument, call) -> checks.add(() -> assertNamedNull(argument, call)));
    assertAll(checks);
    store().flush();
    assertEquals(List.of(event), read(query), "nothing was written or deleted");
  }

  @Test
  default void everyCallOnAClosedStoreIsAnIllegalStateException() {
    EventStore closed = store();
    closed.close();
    assertAll(calls(closed).entrySet().stream().map(call -> (Executable) () ->
        assertThrows(IllegalStateException.class, call.getValue(), call.getKey() + " when the store is closed")));
    closed.close();
    assertEquals(capabilities(), closed.capabilities(), "capabilities() still answers");
  }

  @Test
  default void failuresThroughEveryEntryPointAreOfPolystoresTypes() {
    store().appendAll(secondly("cpu", 3));
    store().append(Event.builder("cpu").time(BASE.plusSeconds(9)).field("note", "text").build());
    store().flush();
    EventQuery query = EventQuery.builder("cpu").build();
    Map<String, Executable> failures = new LinkedHashMap<>();
    failures.put("append of a time no store holds",
        () -> store().append(Event.builder("cpu").time(Instant.parse("+300000-01-01T00:00:00Z")).field("v", 1).build()));
    failures.put("flush after a failed append", () -> store().flush());
    failures.put("aggregate of a string field", () -> store().aggregate(query, "note", Aggregate.SUM, MINUTE));
    failures.put("aggregate over a window of nanoseconds",
        () -> store().aggregate(query, "i", Aggregate.SUM, Duration.ofNanos(1500)));
    failures.put("aggregate of an invalid field name", () -> store().aggregate(query, "no field", Aggregate.SUM, MINUTE));
    failures.put("deleteBefore of an invalid series", () -> store().deleteBefore("no series", BASE));
    failures.put("a stream read after it was closed", () -> {
      Stream<Event> events = store().query(query);
      events.close();
      events.toList();
    });
    List<Executable> checks = new ArrayList<>();
    failures.forEach((what, call) -> checks.add(() -> assertPolystoreFailure(what, call)));
    assertAll(checks);
    try {
      store().close();
    } catch (RuntimeException e) {
      assertPolystoreFailure("close", () -> {
        throw e;
      });
    }
    assertAll(calls(store()).entrySet().stream()
        .map(call -> (Executable) () -> assertPolystoreFailure(call.getKey() + " on a closed store", call.getValue())));
  }

  /**
   * One call of every method of {@code on} but {@code close()}, {@code capabilities()} and {@code readConsistency()},
   * with valid arguments.
   */
  private Map<String, Executable> calls(EventStore on) {
    EventQuery query = EventQuery.builder("cpu").build();
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("append", () -> on.append(Event.builder("cpu").time(BASE).field("v", 1).build()));
    calls.put("appendAll", () -> on.appendAll(secondly("cpu", 2)));
    calls.put("flush", on::flush);
    calls.put("query", () -> {
      try (Stream<Event> events = on.query(query)) {
        events.toList();
      }
    });
    calls.put("aggregate", () -> on.aggregate(query, "v", Aggregate.COUNT, MINUTE));
    calls.put("deleteBefore", () -> on.deleteBefore("cpu", BASE));
    calls.put("reading", () -> on.reading(ReadConsistency.EVENTUAL));
    return calls;
  }
}
