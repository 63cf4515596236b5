package dev.polystore.samples.examples;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.StoreException;
import dev.polystore.Stores;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The InfluxDB tutorial: write temperature points, read back a time window, and compute windowed aggregates, with
 * the server and its credentials taken from the environment ({@code POLYSTORE_EVENTS_URL},
 * {@code POLYSTORE_EVENTS_TOKEN} or {@code POLYSTORE_EVENTS_USERNAME}/{@code _PASSWORD}) rather than from code.
 * Written with InfluxDB in mind, it runs unchanged on every backend with an event store.
 *
 * <p>Without arguments it uses the environment's event store when {@code POLYSTORE_EVENTS_URL} (or
 * {@code -Dpolystore.events.url}) is set, else its own SQLite file; an argument names a store as for every example.
 */
public final class InfluxTutorial {

  /** The series (an InfluxDB measurement) this tutorial writes. */
  static final String SERIES = "tutorial.temperature";
  /** The tutorial's points are twelve readings, one a minute, from this instant. */
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  private InfluxTutorial() {
  }

  public static void main(String[] args) {
    if (args.length > 0 || !eventsConfigured()) {
      ExampleRunner.main(args, "influx-tutorial", InfluxTutorial::run);
      return;
    }
    try {
      StoreConfig config = StoreConfig.fromEnvironment("events"); // URL, token and options; secrets masked below
      System.out.println("== influx-tutorial on the environment's event store");
      run(config, System.out);
    } catch (StoreException e) {
      ExampleRunner.fail(System.out, e);
    }
  }

  public static void run(StoreConfig config, PrintStream out) {
    out.println("Configuration: " + config); // a token or password prints as ****
    try (EventStore events = Stores.openEventStore(config)) {
      Capabilities capabilities = events.capabilities();
      out.println("Opened " + capabilities.backend());
      if (capabilities.has(Capability.EVENT_DELETE)) {
        long removed = events.deleteBefore(SERIES, START.plus(Duration.ofHours(1)));
        out.println("Removed " + removed + " points an earlier run left");
      }

      events.appendAll(readings());
      events.flush(); // throws if any point was not stored
      out.println("Wrote 12 points: one a minute from " + START + ", locations oslo and prague");

      EventQuery oslo = EventQuery.builder(SERIES)
          .between(START, START.plus(Duration.ofMinutes(3)))
          .tag("location", "oslo")
          .build();
      out.println("Oslo from 00:00 to 00:03:");
      try (Stream<Event> window = events.query(oslo)) {
        window.forEach(event -> out.println("  " + event.time() + " " + event.fields().get("celsius") + " °C"));
      }

      if (!capabilities.has(Capability.EVENT_AGGREGATES)) {
        out.println(capabilities.backend() + " does not declare EVENT_AGGREGATES: no windowed aggregates");
        return;
      }
      EventQuery wholeHour = EventQuery.builder(SERIES).between(START, START.plus(Duration.ofHours(1))).build();
      EventQuery perLocation = wholeHour.toBuilder().groupBy("location").build();
      out.println("Mean per 5 minutes and location:");
      for (WindowValue mean : events.aggregate(perLocation, "celsius", Aggregate.MEAN, Duration.ofMinutes(5))) {
        out.println("  " + mean.start() + " " + mean.group().get("location") + ": " + mean.value()
            + " °C over " + mean.count() + " points");
      }
      List<WindowValue> max = events.aggregate(wholeHour, "celsius", Aggregate.MAX, Duration.ofHours(1));
      out.println("Warmest of the hour: " + max.get(0).value() + " °C");
    }
  }

  /** Oslo 1.0 to 6.0 °C and Prague 11.0 to 16.0 °C, one reading a minute each for six minutes. */
  static List<Event> readings() {
    List<Event> points = new ArrayList<>();
    for (int minute = 0; minute < 6; minute++) {
      Instant time = START.plus(Duration.ofMinutes(minute));
      points.add(Event.builder(SERIES).time(time).tag("location", "oslo").field("celsius", 1.0 + minute).build());
      points.add(Event.builder(SERIES).time(time).tag("location", "prague").field("celsius", 11.0 + minute).build());
    }
    return points;
  }

  private static boolean eventsConfigured() {
    String property = System.getProperty("polystore.events.url");
    String variable = System.getenv("POLYSTORE_EVENTS_URL");
    return (property != null && !property.isBlank()) || (variable != null && !variable.isBlank());
  }
}
