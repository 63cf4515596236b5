package dev.polystore.influxdb;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The child JVM of {@link InfluxMillionEventsTest}, run with a small heap: appends 1,000,000 events (series
 * {@value #SERIES}, one a millisecond, a tag with 4 values, two fields) in slices of 10,000, flushes, streams them all
 * back checking count and time order, reads the newest 10, and counts them per hour on the server. Exits 0 only when
 * every check held; prints its timings. Arguments: the store URL, then {@code key=value} store properties.
 */
public final class MillionEventsChild {

  static final String SERIES = "big";
  static final int EVENTS = 1_000_000;
  static final int SLICE = 10_000;
  /** Ten minutes before an hour: the events fill 600,000 ms of one hour and 400,000 of the next. */
  static final Instant BASE = Instant.parse("2024-03-01T09:50:00Z");

  private MillionEventsChild() {
  }

  public static void main(String[] args) {
    StoreConfig.Builder config = StoreConfig.builder(args[0]);
    for (int i = 1; i < args.length; i++) {
      int equals = args[i].indexOf('=');
      config.property(args[i].substring(0, equals), args[i].substring(equals + 1));
    }
    List<String> failures = new ArrayList<>();
    try (EventStore store = Stores.openEventStore(config.build())) {
      long started = System.nanoTime();
      for (int first = 0; first < EVENTS; first += SLICE) {
        List<Event> slice = new ArrayList<>(SLICE);
        for (int i = first; i < first + SLICE; i++) {
          slice.add(Event.builder(SERIES).time(BASE.plusMillis(i)).tag("sensor", "s" + (i % 4))
              .field("value", i * 0.5).field("seq", (long) i).build());
        }
        store.appendAll(slice);
      }
      store.flush();
      report("write", EVENTS, started);

      started = System.nanoTime();
      long count = 0;
      Instant previous = null;
      boolean ordered = true;
      try (Stream<Event> events = store.query(EventQuery.builder(SERIES).build())) {
        for (Iterator<Event> it = events.iterator(); it.hasNext(); ) {
          Event event = it.next();
          if (previous != null && !event.time().isAfter(previous)) {
            ordered = false;
          }
          previous = event.time();
          count++;
        }
      }
      report("read", count, started);
      check(failures, count == EVENTS, "streamed " + count + " events, not " + EVENTS);
      check(failures, ordered, "the stream was not in time order");

      started = System.nanoTime();
      List<Event> newest;
      try (Stream<Event> events = store.query(EventQuery.builder(SERIES).newestFirst().limit(10).build())) {
        newest = events.toList();
      }
      report("newest 10", newest.size(), started);
      check(failures, newest.size() == 10, "newest first: " + newest.size() + " events, not 10");
      for (int i = 0; i < newest.size(); i++) {
        Event event = newest.get(i);
        long seq = EVENTS - 1 - i;
        check(failures, event.time().equals(BASE.plusMillis(seq)) && event.fields().get("seq").equals(seq)
            && event.tags().get("sensor").equals("s" + (seq % 4)), "newest first, #" + i + ": " + event);
      }

      started = System.nanoTime();
      List<WindowValue> hours = store.aggregate(EventQuery.builder(SERIES).build(), "value", Aggregate.COUNT,
          Duration.ofHours(1));
      report("count per hour", hours.size(), started);
      check(failures, hours.size() == 2 && hours.get(0).start().equals(Instant.parse("2024-03-01T09:00:00Z"))
          && hours.get(0).count() == 600_000 && hours.get(1).count() == 400_000, "count per hour: " + hours);
    }
    System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    if (!failures.isEmpty()) {
      failures.forEach(failure -> System.out.println("FAILED: " + failure));
      System.exit(1);
    }
    System.out.println("OK");
  }

  private static void report(String what, long events, long startedNanos) {
    long millis = Math.max(1, (System.nanoTime() - startedNanos) / 1_000_000);
    System.out.println(what + ": " + events + " in " + millis + " ms (" + events * 1000 / millis + " per second)");
  }

  private static void check(List<String> failures, boolean held, String failure) {
    if (!held) {
      failures.add(failure);
    }
  }
}
