package dev.polystore.tck;

import static dev.polystore.Capability.EVENT_DELETE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event-store contract on deleting: {@code deleteBefore} removes the older events of one series only
 * (needs {@code Capability.EVENT_DELETE}).
 *
 * <p>Part of {@link EventStoreContract}, which composes it with the other event-store features: an adapter
 * subclasses that class, never this interface. JUnit creates one instance per test.
 */
public interface EventDeleteContract extends EventContractSupport {

  @Test
  default void deleteBeforeRemovesOlderEventsOfOneSeries() throws Throwable {
    List<Event> events = secondly("cpu", 5);
    Event other = Event.builder("cpu.total").time(BASE).field("v", 9).build();
    store().appendAll(events);
    store().append(other);
    store().flush();
    requires(EVENT_DELETE, () -> {
      assertEquals(2, store().deleteBefore("cpu", BASE.plusSeconds(2)), "events strictly before the cutoff");
      assertEquals(events.subList(2, 5), read(EventQuery.builder("cpu").build()));
      assertEquals(List.of(other), read(EventQuery.builder("cpu.total").build()), "other series are untouched");
      assertEquals(0, store().deleteBefore("cpu", BASE.plusSeconds(2)), "nothing left to delete");
      assertEquals(0, store().deleteBefore("nothing", BASE.plusSeconds(100)));
      assertEquals(3, store().deleteBefore("cpu", BASE.plusSeconds(3600)));
      assertEquals(List.of(), read(EventQuery.builder("cpu").build()));
    }, () -> store().deleteBefore("cpu", BASE));
  }
}
