package dev.polystore.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polystore.EventStore;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A quick timing of one series' appends and reads with one and with four shards, on whatever {@link DynamoLocal}
 * talks to (DynamoDB Local, an emulator, by default: it has no partitions and no write limit per partition, so it
 * shows the client-side cost of sharding, not its gain). Not part of the build (the name is no test class
 * pattern); run it on demand:
 *
 * <pre>./mvnw -B -pl dynamo-adapter -am test -Dtest=DynamoShardedEventsTiming -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * <p>Prints the median of five timed rounds after one warm-up round, and checks that every round read what it
 * wrote.
 */
@ExtendWith(DynamoLocal.class)
class DynamoShardedEventsTiming {

  private static final Instant BASE = Instant.parse("2024-03-01T00:00:00Z");
  private static final int EVENTS = 10_000;
  private static final int ROUNDS = 5;

  @Test
  void oneShardAgainstFour() {
    int[] shardCounts = {1, 4};
    List<String> tables = new ArrayList<>();
    List<EventStore> stores = new ArrayList<>();
    try {
      for (int shards : shardCounts) {
        String table = DynamoLocal.freshTable();
        tables.add(table);
        stores.add(DynamoStores.openEventStore(DynamoLocal.client(),
            DynamoStoreOptions.builder().tableName(table).eventShards(shards).build()));
      }
      EventQuery all = EventQuery.builder("s0").build();
      int[] round = new int[stores.size()];
      // each timing alternates between the stores, round by round, so load from elsewhere hits both alike
      double[] append = medians(stores, (store, i) -> {
        String series = "s" + round[i]++;
        List<Event> events = new ArrayList<>(EVENTS);
        for (int e = 0; e < EVENTS; e++) {
          events.add(Event.builder(series).time(BASE.plusMillis(e)).tag("host", "h" + (e % 4)).field("v", e)
              .build());
        }
        long start = System.nanoTime();
        store.appendAll(events);
        return System.nanoTime() - start;
      });
      double[] readAll = medians(stores, (store, i) -> {
        long start = System.nanoTime();
        try (Stream<Event> events = store.query(all)) {
          assertEquals(EVENTS, events.count());
        }
        return System.nanoTime() - start;
      });
      double[] latest = medians(stores, (store, i) -> {
        long start = System.nanoTime();
        for (int q = 0; q < 100; q++) {
          try (Stream<Event> events = store.query(EventQuery.builder("s0").newestFirst().limit(10).build())) {
            assertEquals(10, events.count());
          }
        }
        return (System.nanoTime() - start) / 100;
      });
      double[] aggregate = medians(stores, (store, i) -> {
        long start = System.nanoTime();
        assertEquals(EVENTS, store.aggregate(all, "v", Aggregate.COUNT, Duration.ofHours(1)).get(0).count());
        return System.nanoTime() - start;
      });
      for (int i = 0; i < shardCounts.length; i++) {
        System.out.printf("shards=%d  appendAll %,d events: %.0f ms (%,.0f events/s)  query all: %.0f ms"
                + "  newest 10: %.2f ms  aggregate COUNT: %.0f ms%n", shardCounts[i], EVENTS, append[i] / 1e6,
            EVENTS / (append[i] / 1e9), readAll[i] / 1e6, latest[i] / 1e6, aggregate[i] / 1e6);
      }
    } finally {
      for (EventStore store : stores) {
        store.close();
      }
      tables.forEach(DynamoLocal::dropTable);
    }
  }

  /** One timing (nanoseconds) of a store, given it and its index. */
  private interface Timed {
    long time(EventStore store, int index);
  }

  /**
   * The median of {@link #ROUNDS} timings of each store (nanoseconds), after one untimed round; each round times
   * every store once, one after another.
   */
  private static double[] medians(List<EventStore> stores, Timed timed) {
    long[][] times = new long[stores.size()][ROUNDS];
    for (int round = -1; round < ROUNDS; round++) {
      for (int i = 0; i < stores.size(); i++) {
        long t = timed.time(stores.get(i), i);
        if (round >= 0) {
          times[i][round] = t;
        }
      }
    }
    double[] out = new double[stores.size()];
    for (int i = 0; i < stores.size(); i++) {
      Arrays.sort(times[i]);
      out[i] = times[i][ROUNDS / 2];
    }
    return out;
  }
}
