package dev.polystore.benchmarks;

import dev.polystore.event.Event;
import dev.polystore.user.NewUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The generated data every side of a workload gets, built before the measurement: users with unique names,
 * events with unique times. Polystore and the raw side receive the same values. Thread-safe.
 */
public final class Workloads {

  /** The first event time of every event workload. */
  public static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  /** The series streamed and aggregated. */
  public static final String STREAM_SERIES = "bench_stream";
  /** The series appended to. */
  public static final String APPEND_SERIES = "bench_append";
  /** The numeric field of every event, which the aggregate averages. */
  public static final String VALUE_FIELD = "value";
  /** The tag of every event. */
  public static final String HOST_TAG = "host";
  /** The age the counted users have at least. */
  public static final int COUNT_MIN_AGE = 60;

  private static final AtomicLong USERS = new AtomicLong();
  private static final AtomicLong EVENT_BLOCKS = new AtomicLong();

  private Workloads() {
  }

  /** {@code n} new users whose names no earlier call of this JVM produced, with ages 18 to 97. */
  public static List<NewUser> newUsers(int n) {
    List<NewUser> users = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long k = USERS.incrementAndGet();
      users.add(NewUser.builder().username("user" + k).email("user" + k + "@example.com")
          .fullName("User Number " + k).age((int) (18 + k % 80)).build());
    }
    return users;
  }

  /** The username of the {@code k}-th user {@link #newUsers} made (from 1). */
  public static String username(long k) {
    return "user" + k;
  }

  /** How many users {@link #newUsers} has made so far. */
  public static long usersMade() {
    return USERS.get();
  }

  /**
   * {@code n} events of {@code series}, one millisecond apart from {@code start}, each with the tag
   * {@code host} (one of 8) and the fields {@code value} (a double) and {@code count} (a long).
   */
  public static List<Event> events(String series, Instant start, int n) {
    List<Event> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add(Event.builder(series).time(start.plusMillis(i)).tag(HOST_TAG, "host-" + (i % 8))
          .field(VALUE_FIELD, (i % 1000) / 10.0).field("count", (long) i).build());
    }
    return events;
  }

  /** The start of a block of {@code n} event times no earlier call of this JVM used for an append. */
  public static Instant freshAppendStart(int n) {
    return EPOCH.plusMillis(EVENT_BLOCKS.getAndIncrement() * (long) n);
  }
}
