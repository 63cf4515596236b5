package dev.polystore.tck;

import static dev.polystore.Capability.EVENT_AGGREGATES;
import static dev.polystore.Capability.EVENT_DELETE;
import static dev.polystore.Capability.STRONG_QUERIES;
import static dev.polystore.ReadConsistency.EVENTUAL;
import static dev.polystore.ReadConsistency.STRONG;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EventStore;
import dev.polystore.ReadConsistency;
import dev.polystore.StoreConfigurationException;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The event-store contract on read consistency ({@link ReadConsistency}): both choices on every backend.
 *
 * <ul>
 *   <li>{@code reading(...)} gives views that report their choice; the store keeps its own (option
 *       {@code read.consistency}, {@code STRONG} unless set, a bad value refused naming the key).</li>
 *   <li>After a {@code flush()}, {@code STRONG} queries and aggregates see the events at once where the store
 *       declares {@code STRONG_QUERIES}, and eventually where it does not (negative in the compatibility
 *       matrix); {@code EVENTUAL} ones see them eventually: within the subclass's {@code eventualReadBound()}.</li>
 *   <li>Writes, flushes and deletes through a view are the store's own.</li>
 *   <li>A view lives as long as its store: closing it does nothing, closing the store ends it.</li>
 * </ul>
 *
 * <p>Part of {@link EventStoreContract}, which composes it with the other event-store features: an adapter
 * subclasses that class, never this interface. JUnit creates one instance per test.
 */
public interface EventReadConsistencyContract extends EventContractSupport {

  @Test
  default void viewsReportTheirChoiceAndLeaveTheStoresOwn() {
    ReadConsistency own = store().readConsistency();
    EventStore strong = store().reading(STRONG);
    EventStore eventual = store().reading(EVENTUAL);
    assertAll(
        () -> assertEquals(STRONG, strong.readConsistency()),
        () -> assertEquals(EVENTUAL, eventual.readConsistency()),
        () -> assertEquals(STRONG, eventual.reading(STRONG).readConsistency(), "a view's view"),
        () -> assertEquals(EVENTUAL, strong.reading(EVENTUAL).readConsistency(), "a view's view"),
        () -> assertEquals(own, store().readConsistency(), "making views leaves the store's choice as it was"),
        () -> assertEquals(capabilities(), eventual.capabilities(), "a view has the store's capabilities"));
  }

  @Test
  default void strongReadsSeeFlushedEventsAtOnce() throws Throwable {
    EventStore strong = store().reading(STRONG);
    List<Event> events = secondly("cpu", 5);
    store().appendAll(events);
    store().flush();
    declaresOrNot(STRONG_QUERIES,
        () -> assertEquals(reads(events), reads(strong), "strong reads right after the flush"),
        () -> eventually("strong reads without " + STRONG_QUERIES, reads(events), () -> reads(strong)));
  }

  @Test
  default void eventualReadsSeeFlushedEventsEventually() throws Throwable {
    EventStore eventual = store().reading(EVENTUAL);
    List<Event> events = secondly("cpu", 5);
    store().appendAll(events);
    store().flush();
    eventually("eventual reads", reads(events), () -> reads(eventual));
    List<Event> more = List.of(Event.builder("cpu").time(BASE.plusSeconds(30)).tag("host", "h").field("i", 30).build());
    store().appendAll(more);
    store().flush();
    List<Event> all = new ArrayList<>(events);
    all.addAll(more);
    eventually("eventual reads of a later write", reads(all), () -> reads(eventual));
    requires(EVENT_DELETE, () -> {
      store().deleteBefore("cpu", BASE.plusSeconds(10));
      eventually("eventual reads after a delete", reads(more), () -> reads(eventual));
    }, () -> store().deleteBefore("cpu", BASE));
  }

  @Test
  default void writesThroughAViewAreTheStoresOwn() throws Throwable {
    EventStore eventual = store().reading(EVENTUAL);
    List<Event> events = secondly("cpu", 3);
    eventual.appendAll(events.subList(0, 2));
    eventual.append(events.get(2));
    eventual.flush();
    EventStore strong = store().reading(STRONG);
    declaresOrNot(STRONG_QUERIES,
        () -> assertEquals(events, read(strong, EventQuery.builder("cpu").build()), "strong reads of a view's writes"),
        () -> eventually("strong reads of a view's writes", events,
            () -> read(strong, EventQuery.builder("cpu").build())));
    requires(EVENT_DELETE, () -> {
      assertEquals(2, eventual.deleteBefore("cpu", BASE.plusSeconds(2)), "a delete through a view");
      eventually("reads after a view's delete", events.subList(2, 3),
          () -> read(strong, EventQuery.builder("cpu").build()));
    }, () -> eventual.deleteBefore("cpu", BASE));
  }

  @Test
  default void closingAViewLeavesTheStoreOpenAndClosingTheStoreEndsItsViews() {
    EventStore eventual = store().reading(EVENTUAL);
    EventStore strong = store().reading(STRONG);
    eventual.close();
    strong.close();
    List<Event> events = secondly("cpu", 2);
    store().appendAll(events);
    store().flush();
    eventually("the store's reads after its views were closed", events,
        () -> read(store(), EventQuery.builder("cpu").build()));
    eventually("a closed view's reads: it lives with the store", events,
        () -> read(eventual, EventQuery.builder("cpu").build()));
    store().close();
    assertAll("after closing the store",
        () -> assertThrows(IllegalStateException.class, () -> read(strong, EventQuery.builder("cpu").build()),
            "query on a strong view"),
        () -> assertThrows(IllegalStateException.class, () -> eventual.append(events.get(0)), "append on a view"),
        () -> assertThrows(IllegalStateException.class, eventual::flush, "flush on a view"),
        () -> assertThrows(IllegalStateException.class, () -> eventual.reading(STRONG), "reading on a view"),
        () -> assertEquals(EVENTUAL, eventual.readConsistency(), "readConsistency() still answers"),
        () -> assertEquals(capabilities(), eventual.capabilities(), "capabilities() still answers"));
  }

  @Test
  default void theStoresChoiceIsTheOptionReadConsistency() {
    List<Event> events = secondly("mem", 2);
    try (EventStore eventualByDefault = openWith(Map.of("read.consistency", "eventual"))) {
      assertEquals(EVENTUAL, eventualByDefault.readConsistency(), "read.consistency=eventual");
      assertEquals(STRONG, eventualByDefault.reading(STRONG).readConsistency());
      eventualByDefault.appendAll(events);
      eventualByDefault.flush();
      eventually("an eventual read of the store's default", events,
          () -> read(eventualByDefault, EventQuery.builder("mem").build()));
    }
    try (EventStore strongByDefault = openWith(Map.of("read.consistency", "STRONG"))) {
      assertEquals(STRONG, strongByDefault.readConsistency(), "read.consistency=STRONG");
    }
    StoreConfigurationException refused = assertThrows(StoreConfigurationException.class,
        () -> openWith(Map.of("read.consistency", "sometimes")).close());
    assertTrue(refused.getMessage().contains("read.consistency") && refused.getMessage().contains("EVENTUAL"),
        "the refusal names the option and its values: " + refused.getMessage());
  }

  // ---- reads -------------------------------------------------------------------------------------------------

  /**
   * What a query of {@code cpu} and, where declared, its count per minute return once {@code events} (all in the
   * first minute from {@link #BASE}) are seen.
   */
  private Map<String, Object> reads(List<Event> events) {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("query", events);
    if (has(EVENT_AGGREGATES)) {
      expected.put("aggregate", events.isEmpty() ? List.of()
          : List.of(new WindowValue(BASE, Map.of(), events.size(), events.size())));
    }
    return expected;
  }

  /** The reads of {@link #reads(List)} through {@code on}. */
  private Map<String, Object> reads(EventStore on) {
    Map<String, Object> read = new LinkedHashMap<>();
    read.put("query", read(on, EventQuery.builder("cpu").build()));
    if (has(EVENT_AGGREGATES)) {
      read.put("aggregate", on.aggregate(EventQuery.builder("cpu").build(), "i", Aggregate.COUNT, MINUTE));
    }
    return read;
  }

  private static List<Event> read(EventStore on, EventQuery query) {
    try (Stream<Event> events = on.query(query)) {
      return events.toList();
    }
  }
}
