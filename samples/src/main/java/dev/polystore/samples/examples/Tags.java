package dev.polystore.samples.examples;

import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.user.Include;
import dev.polystore.user.NewPost;
import dev.polystore.user.Post;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Many-to-many: posts carry tags, a tag is on many posts. Tags posts, lists the posts of a tag with all their tags
 * (one batched read, {@code include(TAGS)}), removes a tag again. Runs on every backend with a user store.
 */
public final class Tags {

  private Tags() {
  }

  public static void main(String[] args) {
    ExampleRunner.main(args, "tags", Tags::run);
  }

  public static void run(StoreConfig config, PrintStream out) {
    try (UserStore users = Stores.openUserStore(config)) {
      TutorialUsers.removeLeftovers(users, "alice", "bob", "charlie");
      List<User> people = TutorialUsers.createAliceBobCharlie(users);
      User alice = people.get(0);
      User bob = people.get(1);

      Post records = users.addPost(alice.id(), NewPost.of("Java records", "Immutable values in one line"));
      Post indexes = users.addPost(alice.id(), NewPost.of("Indexes", "Why the query got fast"));
      Post tables = users.addPost(bob.id(), NewPost.of("One table", "Single-table design on DynamoDB"));
      users.tag(records.id(), Set.of("java", "tips"));
      users.tag(indexes.id(), Set.of("sql", "tips"));
      users.tag(tables.id(), Set.of("nosql", "tips"));
      out.println("Tagged 3 posts on " + users.capabilities().backend());

      printTag(out, users, "tips");
      printTag(out, users, "java");

      users.untag(indexes.id(), Set.of("tips"));
      out.println("Removed 'tips' from \"Indexes\"; its tags now: " + users.tagsOf(indexes.id()));
      printTag(out, users, "tips");
    }
  }

  private static void printTag(PrintStream out, UserStore users, String tag) {
    PostQuery tagged = PostQuery.builder().tag(tag).include(Include.TAGS).build();
    List<Post> posts = users.findPosts(tagged).items();
    out.println("Posts tagged '" + tag + "': " + posts.stream()
        .map(post -> post.title() + " " + post.tags().orElseThrow())
        .collect(Collectors.joining(", ")));
  }
}
