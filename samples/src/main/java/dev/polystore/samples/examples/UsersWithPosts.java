package dev.polystore.samples.examples;

import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.query.Sort;
import dev.polystore.user.Include;
import dev.polystore.user.NewPost;
import dev.polystore.user.Post;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQLAlchemy one-to-many tutorial: users with posts, then the users aged 30 or more <em>with</em> their posts,
 * loaded by one query plus one batched query for all their posts ({@code include(POSTS)}) instead of one query per
 * user (the "N+1" problem that {@code joinedload} solves in SQLAlchemy). Runs on every backend with a user store.
 */
public final class UsersWithPosts {

  private UsersWithPosts() {
  }

  public static void main(String[] args) {
    ExampleRunner.main(args, "users-with-posts", UsersWithPosts::run);
  }

  public static void run(StoreConfig config, PrintStream out) {
    try (UserStore users = Stores.openUserStore(config)) {
      TutorialUsers.removeLeftovers(users, "alice", "bob", "charlie");

      List<User> created = TutorialUsers.createAliceBobCharlie(users);
      User alice = created.get(0);
      User bob = created.get(1);
      User charlie = created.get(2);
      users.addPost(alice.id(), NewPost.of("Hello world", "Alice's first post"));
      users.addPost(alice.id(), NewPost.of("Relationships", "One user, many posts"));
      users.addPost(bob.id(), NewPost.of("Bob's notes", "Bob is 25"));
      users.addPost(charlie.id(), NewPost.of("Thirty-five", "Charlie writes too"));
      out.println("Created " + TutorialUsers.usernames(created) + " with 4 posts on " + users.capabilities().backend());

      UserQuery thirtyOrOlder = UserQuery.builder()
          .filter(Filter.ge(UserField.AGE, 30))
          .sort(Sort.asc(UserField.AGE))
          .include(Include.POSTS)
          .build();
      Page<User> page = users.find(thirtyOrOlder);
      out.println("Users with age >= 30, with their posts:");
      for (User user : page.items()) {
        List<Post> posts = user.posts().orElseThrow(); // loaded: the query asked for POSTS
        out.println("  " + user.fullName() + " (" + user.age() + "): " + titles(posts));
      }
    }
  }

  private static String titles(List<Post> posts) {
    return posts.isEmpty() ? "no posts" : posts.stream().map(Post::title).collect(Collectors.joining(", "));
  }
}
