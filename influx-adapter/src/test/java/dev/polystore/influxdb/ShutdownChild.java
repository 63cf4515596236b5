package dev.polystore.influxdb;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link InfluxShutdownTest}: opens a store, appends events, and returns from {@code main} without
 * closing it, as a careless application would. Arguments: the store URL, the number of events, then
 * {@code key=value} store properties.
 */
public final class ShutdownChild {

  /** The first event's time; event {@code i} is {@code i} milliseconds later. */
  static final Instant BASE = Instant.parse("2024-06-01T00:00:00Z");

  private ShutdownChild() {
  }

  public static void main(String[] args) {
    StoreConfig.Builder config = StoreConfig.builder(args[0]);
    int count = Integer.parseInt(args[1]);
    for (int i = 2; i < args.length; i++) {
      int equals = args[i].indexOf('=');
      config.property(args[i].substring(0, equals), args[i].substring(equals + 1));
    }
    EventStore store = Stores.openEventStore(config.build());
    List<Event> slice = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      slice.add(Event.builder("exit").time(BASE.plusMillis(i)).tag("worker", "w" + (i % 4)).field("n", (long) i)
          .build());
      if (slice.size() == 1_000 || i == count - 1) {
        store.appendAll(slice);
        slice = new ArrayList<>();
      }
    }
    System.out.println("appended " + count + " events; returning from main without close()");
  }
}
