package dev.polystore.samples.examples;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.user.AgeStats;
import dev.polystore.user.AuthorCount;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Aggregates: age statistics (count, mean, min, max), users counted per value of a field, and the authors with the
 * most posts. Needs {@code AGGREGATES}; a backend without it is said to lack it.
 */
public final class Aggregates {

  private Aggregates() {
  }

  public static void main(String[] args) {
    ExampleRunner.main(args, "aggregates", Aggregates::run);
  }

  public static void run(StoreConfig config, PrintStream out) {
    try (UserStore users = Stores.openUserStore(config)) {
      Capabilities capabilities = users.capabilities();
      if (!capabilities.has(Capability.AGGREGATES)) {
        out.println(capabilities.backend() + " does not declare AGGREGATES: no age statistics, counts or top authors");
        return;
      }
      TutorialUsers.removeLeftovers(users, "alice", "bob", "charlie", "diana");
      List<User> people = users.createAll(List.of(
          TutorialUsers.person("Alice", 30),
          TutorialUsers.person("Bob", 25),
          TutorialUsers.person("Charlie", 35),
          NewUser.builder().username("diana").email("diana@example.com").active(false).build()));
      addPosts(users, people.get(0), 3);
      addPosts(users, people.get(1), 1);
      addPosts(users, people.get(2), 2);
      out.println("Created alice (30, 3 posts), bob (25, 1), charlie (35, 2), diana (no age, inactive) on "
          + capabilities.backend());

      AgeStats stats = users.ageStats(Filter.all());
      out.println("Age statistics: " + stats.count() + " users with an age, mean "
          + stats.average().orElseThrow() + ", youngest " + stats.min().orElseThrow()
          + ", oldest " + stats.max().orElseThrow());

      Map<Object, Long> byActive = users.countBy(UserField.ACTIVE, Filter.all());
      out.println("Users by 'active': " + byActive);

      List<AuthorCount> top = users.topAuthors(2, Filter.all());
      out.println("Top 2 authors:");
      for (AuthorCount author : top) {
        out.println("  " + author.username() + ": " + author.posts() + " posts");
      }
    }
  }

  private static void addPosts(UserStore users, User author, int count) {
    for (int i = 1; i <= count; i++) {
      users.addPost(author.id(), NewPost.of(author.username() + "'s post " + i, "Post number " + i));
    }
  }
}
