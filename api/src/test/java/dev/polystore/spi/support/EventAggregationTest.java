package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polystore.InvalidQueryException;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventAggregationTest {

  private static final EventQuery CPU = EventQuery.builder("cpu").build();
  private static final EventQuery BY_HOST = EventQuery.builder("cpu").groupBy("host").build();
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  private static Event event(Instant time, String host, Object load) {
    Event.Builder b = Event.builder("cpu").time(time);
    if (host != null) {
      b.tag("host", host);
    }
    if (load != null) {
      b.field("load", load);
    }
    return b.field("other", 1L).build();
  }

  private static List<WindowValue> inMemory(EventQuery query, Aggregate fn, Duration window, Event... events) {
    EventAggregation aggregation = EventAggregation.of(query, "load", fn, window);
    for (Event e : events) {
      aggregation.add(e);
    }
    return aggregation.result();
  }

  @Test
  void accumulatesEachFunctionPerWindowWithBooleansAsOneAndZero() {
    Event[] events = {event(T0, null, 2L), event(T0.plusSeconds(59), null, 4.5), event(T0.plusSeconds(30), null, true),
        event(T0.plusSeconds(60), null, -1L), event(T0.plusSeconds(61), null, null)};
    assertEquals(List.of(new WindowValue(T0, Map.of(), 3, 3), new WindowValue(T0.plusSeconds(60), Map.of(), 1, 1)),
        inMemory(CPU, Aggregate.COUNT, MINUTE, events), "an event without the field counts nowhere");
    assertEquals(7.5, inMemory(CPU, Aggregate.SUM, MINUTE, events).get(0).value());
    assertEquals(2.5, inMemory(CPU, Aggregate.MEAN, MINUTE, events).get(0).value());
    assertEquals(1.0, inMemory(CPU, Aggregate.MIN, MINUTE, events).get(0).value());
    assertEquals(4.5, inMemory(CPU, Aggregate.MAX, MINUTE, events).get(0).value());
    assertEquals(-1.0, inMemory(CPU, Aggregate.MAX, MINUTE, events).get(1).value());
  }

  @Test
  void windowsAreWholeMicrosecondsFromTheEpochAlsoBeforeIt() {
    Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.999999999Z");
    List<WindowValue> values = inMemory(CPU, Aggregate.COUNT, Duration.ofNanos(1_000),
        event(beforeEpoch, null, 1L), event(Instant.EPOCH.plusNanos(999), null, 1L));
    assertEquals(List.of(Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.EPOCH),
        values.stream().map(WindowValue::start).toList(), "nanoseconds below the microsecond stay in its window");
    assertEquals(Instant.parse("2024-05-01T09:00:00Z"), inMemory(CPU, Aggregate.COUNT, Duration.ofHours(3),
        event(T0, null, 1L)).get(0).start(), "windows are aligned to the epoch, not to the first event");
  }

  @Test
  void theTaglessGroupComesFirstThenGroupsByCodePoint() {
    List<WindowValue> values = inMemory(BY_HOST, Aggregate.COUNT, MINUTE, event(T0, "\uFF5E", 1L),
        event(T0, "😀", 1L), event(T0, null, 1L), event(T0, "b", 1L), event(T0, "B", 1L), event(T0, "b", 1L));
    assertEquals(List.of(Map.of(), Map.of("host", "B"), Map.of("host", "b"), Map.of("host", "\uFF5E"),
        Map.of("host", "😀")), values.stream().map(WindowValue::group).toList());
    assertEquals(2, values.get(2).count());
  }

  @Test
  void numericFunctionsRefuseTextWhileCountTakesIt() {
    Event text = event(T0, null, "high");
    assertEquals(2, inMemory(CPU, Aggregate.COUNT, MINUTE, event(T0, null, 1L), text).get(0).count());
    for (Aggregate fn : List.of(Aggregate.SUM, Aggregate.MEAN, Aggregate.MIN, Aggregate.MAX)) {
      InvalidQueryException e = assertThrows(InvalidQueryException.class,
          () -> inMemory(CPU, fn, MINUTE, event(T0, null, 1L), text));
      assertEquals(fn + " needs a numeric field, but field 'load' holds text in series cpu", e.getMessage());
    }
  }

  @Test
  void windowsABackendComputedFollowTheSameRules() {
    EventAggregation sum = EventAggregation.of(BY_HOST, "load", Aggregate.SUM, MINUTE);
    long number = Math.floorDiv(T0.getEpochSecond() * 1_000_000L, sum.windowMicros());
    sum.addWindow(number + 1, null, 2, 0, 5.0);
    sum.addWindow(number, "b", 1, 0, 3.0);
    sum.addWindow(number, null, 4, 0, 8.0);
    assertEquals(List.of(new WindowValue(T0, Map.of(), 8.0, 4), new WindowValue(T0, Map.of("host", "b"), 3.0, 1),
        new WindowValue(T0.plusSeconds(60), Map.of(), 5.0, 2)), sum.result());
    assertThrows(IllegalArgumentException.class, () -> sum.addWindow(number, "b", 1, 0, 1.0));

    EventAggregation count = EventAggregation.of(CPU, "load", Aggregate.COUNT, MINUTE);
    count.addWindow(number, null, 3, 2, 99.0);
    assertEquals(List.of(new WindowValue(T0, Map.of(), 3, 3)), count.result(), "COUNT is the count, texts included");
    EventAggregation max = EventAggregation.of(CPU, "load", Aggregate.MAX, MINUTE);
    assertThrows(InvalidQueryException.class, () -> max.addWindow(number, null, 3, 1, 0.0));
  }

  @Test
  void argumentsAreCheckedBeforeAnythingIsRead() {
    assertThrows(InvalidQueryException.class, () -> EventAggregation.of(CPU, "no spaces", Aggregate.SUM, MINUTE));
    assertThrows(InvalidQueryException.class, () -> EventAggregation.of(CPU, "load", Aggregate.SUM, Duration.ZERO));
    assertThrows(InvalidQueryException.class,
        () -> EventAggregation.of(CPU, "load", Aggregate.SUM, Duration.ofNanos(1_500)));
    assertThrows(NullPointerException.class, () -> EventAggregation.of(CPU, "load", null, MINUTE));
    assertEquals(60_000_000L, EventAggregation.of(CPU, "load", Aggregate.SUM, MINUTE).windowMicros());
  }

  @Test
  void aWindowStartBeyondAnInstantOfMicrosecondsIsRefused() {
    Duration longest = Duration.ofSeconds(Long.MAX_VALUE / 2_000_000);
    EventAggregation wide = EventAggregation.of(CPU, "load", Aggregate.COUNT, longest);
    wide.addWindow(Long.MAX_VALUE / 2, null, 1, 0, 1);
    InvalidQueryException e = assertThrows(InvalidQueryException.class, wide::result);
    assertEquals(true, e.getMessage().contains("is too long for these event times"), e.getMessage());
  }
}
