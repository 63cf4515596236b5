package dev.polystore.samples.compare;

import dev.polystore.event.Event;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The data {@code compare} writes, the same on every backend and computed from the index alone: users with
 * names, ages (some missing), an active flag, 0 to 3 posts with tags; and events of series {@code cpu}, one per
 * second, each with a unique time, so no backend's rule for duplicates comes into play. Thread-safe (stateless).
 */
public final class SampleData {

  /** The time of the first event. */
  public static final Instant EVENTS_START = Instant.parse("2024-01-01T00:00:00Z");
  /** The series of every event. */
  public static final String SERIES = "cpu";
  /** The tags posts carry. */
  public static final List<String> TAGS = List.of("java", "sql", "nosql", "cloud", "tips", "news");
  /** The words post contents are made of; each a full-text search term. */
  public static final List<String> WORDS = List.of("database", "kernel", "network", "stream", "cache", "planet");

  private static final List<String> FIRST = List.of("Ann", "Bob", "Cid", "Dana", "Eve", "Finn", "Gus", "Hana",
      "Ivo", "Joan");
  private static final List<String> LAST = List.of("Smith", "Jones", "Berg", "Novak", "Rossi", "Silva", "Kim",
      "Meyer", "Dubois", "Larsen");

  private SampleData() {
  }

  public static String username(int i) {
    return String.format("user%05d", i);
  }

  /** User {@code i}: no age for every tenth, no full name for every thirteenth, inactive for every fourth. */
  public static NewUser user(int i) {
    return NewUser.builder()
        .username(username(i))
        .email(username(i) + "@example.com")
        .fullName(i % 13 == 0 ? null : FIRST.get(i % 10) + " " + LAST.get((i / 10) % 10))
        .age(i % 10 == 0 ? null : 18 + (i * 37) % 63)
        .active(i % 4 != 3)
        .build();
  }

  /** The posts of user {@code i}: {@code i % 4} of them. */
  public static List<NewPost> posts(int i) {
    List<NewPost> posts = new ArrayList<>();
    for (int j = 0; j < i % 4; j++) {
      String content = "Notes on " + WORDS.get((i + j) % WORDS.size()) + " and "
          + WORDS.get((i * 3 + j * 5 + 1) % WORDS.size()) + ", part " + (j + 1);
      posts.add(NewPost.of("Post " + (j + 1) + " of " + username(i), content));
    }
    return posts;
  }

  /** The tags of post {@code j} of user {@code i}: one to three. */
  public static Set<String> tags(int i, int j) {
    Set<String> tags = new TreeSet<>();
    int count = 1 + (i + j) % 3;
    for (int k = 0; k < count; k++) {
      tags.add(TAGS.get((i * 7 + j * 3 + k * 2) % TAGS.size()));
    }
    return tags;
  }

  /** Event {@code i}: one second after event {@code i - 1}, host {@code web-0} to {@code web-4}, region. */
  public static Event event(int i) {
    return Event.builder(SERIES)
        .time(EVENTS_START.plus(Duration.ofSeconds(i)))
        .tag("host", "web-" + (i % 5))
        .tag("region", i % 3 == 0 ? "eu" : "us")
        .field("load", ((i * 37) % 100) / 100.0)
        .field("requests", (long) ((i * 13) % 50))
        .build();
  }

  /** The time just after the last of {@code count} events. */
  public static Instant eventsEnd(int count) {
    return EVENTS_START.plus(Duration.ofSeconds(count));
  }
}
