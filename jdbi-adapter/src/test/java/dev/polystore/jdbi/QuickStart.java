package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.query.Sort;
import dev.polystore.user.Include;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

public class QuickStart {
  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "jdbc:sqlite:app.db";

    StoreConfig config = StoreConfig.builder(url)                    // or StoreConfig.fromEnvironment("users")
        .property("cursor.secret", "change-me-to-a-long-random-secret")
        .build();
    try (UserStore users = Stores.openUserStore(config)) {
      User ann = users.create(NewUser.builder().username("ann").email("ann@example.com").age(31).build());
      users.createAll(List.of(
          NewUser.builder().username("bob").email("bob@example.com").age(27).build(),
          NewUser.builder().username("cid").email("cid@example.com").build()));

      Post post = users.addPost(ann.id(), NewPost.of("Hello", "My first post"));
      users.tag(post.id(), Set.of("intro", "java"));

      UserQuery adults = UserQuery.builder()
          .filter(Filter.ge(UserField.AGE, 18))
          .sort(Sort.desc(UserField.AGE))
          .include(Include.POSTS, Include.TAGS)
          .countMode(CountMode.EXACT)
          .first(10)
          .build();
      Page<User> page = users.find(adults);
      for (User user : page.items()) {
        System.out.println(user.username() + " " + user.posts().orElseThrow().size());
      }
      page.nextCursor().ifPresent(cursor -> users.find(adults.toBuilder().after(cursor, 10).build()));

      users.useTransaction(tx -> {
        User bob = tx.findByUsername("BOB").orElseThrow();
        tx.update(bob.toBuilder().age(28).build());
      });
    }

    // The events store named by POLYSTORE_EVENTS_URL (or -Dpolystore.events.url).
    try (EventStore events = Stores.openEventStore()) {
      events.append(Event.builder("cpu").time(Instant.now()).tag("host", "web-1").field("load", 0.42).build());
      events.flush();
      try (Stream<Event> recent = events.query(
          EventQuery.builder("cpu").tag("host", "web-1").newestFirst().limit(10).build())) {
        recent.forEach(System.out::println);
      }
    }
  }
}
