package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polystore.EventStore;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What every event-store feature contract shares: the base time, fixtures, reading a query to a list and
 * checking aggregate windows.
 *
 * <p>For the feature contracts composed by {@link EventStoreContract}; not a contract of its own.
 */
public interface EventContractSupport extends StoreUnderTest<EventStore> {

  /** A time aligned to 150-second, minute, hour and day windows since the epoch (1 709 251 200 s). */
  Instant BASE = Instant.parse("2024-03-01T00:00:00Z");
  Duration MINUTE = Duration.ofMinutes(1);

  /** {@code count} events of one series, one second apart from {@link #BASE}, field {@code i}. */
  default List<Event> secondly(String series, int count) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(Event.builder(series).time(BASE.plusSeconds(i)).tag("host", "h").field("i", i).build());
    }
    return events;
  }

  default WindowValue window(Instant start, double value, long count) {
    return new WindowValue(start, Map.of(), value, count);
  }

  default void assertWindows(List<WindowValue> expected, List<WindowValue> actual, String message) {
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

  /** Reads a query to a list, closing the stream. */
  default List<Event> read(EventQuery query) {
    try (Stream<Event> events = store().query(query)) {
      return events.toList();
    }
  }
}
