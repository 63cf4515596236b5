package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Request counts of the event store, counted by the adapter's hook on its driver, SDK or HTTP client
 * ({@link RequestCounter}): a query sends as many requests for 300 events as for 10 (each well within every
 * adapter's fetch, chunk and page size), and {@code appendAll} of N events with {@code flush} at most
 * {@code ceil(N / eventsPerWrite)} write requests more than appending one event does, with
 * {@link RequestCosts#eventsPerWrite()} as the backend declares it — so no backend reads or writes event by event.
 *
 * <p>Part of {@link EventStoreContract}.
 */
public interface EventRequestCountContract extends EventContractSupport {

  /** {@code count} events of one series from {@code start} seconds after {@link #BASE}, one second apart. */
  private static List<Event> events(String series, int start, int count) {
    List<Event> events = new ArrayList<>(count);
    for (int i = start; i < start + count; i++) {
      events.add(Event.builder(series).time(BASE.plusSeconds(i)).tag("host", "h1").field("i", i).build());
    }
    return events;
  }

  @Test
  default void queryOfThreeHundredEventsSendsWhatAQueryOfTenDoes() {
    store().appendAll(events("few", 0, 10));
    store().appendAll(events("many", 0, 300));
    store().flush();
    // the first read of each series may learn what it needs about the series (a schema) and keep it
    read(EventQuery.builder("few").build());
    read(EventQuery.builder("many").build());
    RequestCount few = counted(() -> assertEquals(10, read(EventQuery.builder("few").build()).size()));
    RequestCount many = counted(() -> assertEquals(300, read(EventQuery.builder("many").build()).size()));
    RequestCount tagged = counted(() -> assertEquals(300, read(EventQuery.builder("many").tag("host", "h1")
        .build()).size()));
    assertAll(
        () -> assertTrue(few.data() >= 1, "a query sends a request: " + few + " (is requestCounter() wired to"
            + " the store's client?)"),
        () -> assertEquals(few, many, "a query of 300 events sends what a query of 10 does"),
        () -> assertEquals(few, tagged, "a query with a tag condition sends what one without does"));
  }

  @Test
  default void appendAllAndFlushWriteInBatches() {
    int perWrite = costs().eventsPerWrite();
    assertTrue(perWrite > 0, "the event store's test declares RequestCosts.eventsPerWrite() (events per write"
        + " request), so that appendAll can be held to its batches");
    int n = 600;
    RequestCount one = counted(() -> {
      store().appendAll(events("cpu", 0, 1));
      store().flush();
    });
    RequestCount many = counted(() -> {
      store().appendAll(events("cpu", 1, n));
      store().flush();
    });
    long bound = one.total() + (n - 1 + perWrite - 1) / perWrite;
    assertAll(
        () -> assertTrue(one.data() >= 1, "appending an event sends a request: " + one
            + " (is requestCounter() wired to the store's client?)"),
        () -> assertTrue(many.total() <= bound, "appendAll of " + n + " events and flush: at most " + bound
            + " requests (" + one.total() + " of appending one event, plus one per " + perWrite
            + " events beyond the first), not " + many),
        () -> assertTrue(many.control() <= one.control(),
            "transaction control of appendAll does not grow with the events: " + many + " after " + one),
        () -> assertEquals(n + 1, read(EventQuery.builder("cpu").build()).size(), "events stored"));
  }
}
