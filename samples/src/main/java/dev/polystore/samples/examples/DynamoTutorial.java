package dev.polystore.samples.examples;

import dev.polystore.InvalidQueryException;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.user.NewPost;
import dev.polystore.user.Post;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserId;
import dev.polystore.user.UserQuery;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The PynamoDB tutorial, written with DynamoDB in mind: the table is created when missing, a user is read back by
 * e-mail with one key look-up, and the users who wrote about a tag are found through the tag's index — no scan.
 * On DynamoDB the store is opened with {@code scan.policy=FORBID}, so any read that would scan the table is
 * refused, and the program shows one. Runs unchanged on the SQL backends, which have no scan policy.
 */
public final class DynamoTutorial {

  private DynamoTutorial() {
  }

  public static void main(String[] args) {
    ExampleRunner.main(args, "dynamo-tutorial", DynamoTutorial::run);
  }

  public static void run(StoreConfig config, PrintStream out) {
    boolean dynamo = config.url().startsWith("dynamodb:");
    if (dynamo) {
      // Refuse every read that would have to read the whole table. (Other adapters do not know this key.)
      config = config.toBuilder().property("scan.policy", "FORBID").build();
    }
    // Opening the store creates the DynamoDB table and its index when missing (create.table=true, the default),
    // as PynamoDB's User.create_table() does; the SQL stores create their tables the same way.
    try (UserStore users = Stores.openUserStore(config)) {
      out.println("Opened " + users.capabilities().backend() + (dynamo ? " with scan.policy=FORBID" : ""));
      TutorialUsers.removeLeftovers(users, "alice", "bob", "charlie");

      List<User> people = TutorialUsers.createAliceBobCharlie(users);
      out.println("User Alice saved successfully!");

      User retrieved = users.findByEmail("alice@example.com").orElseThrow();
      out.println("Retrieved user: " + retrieved.fullName() + ", age: " + retrieved.age());

      Post lisbon = users.addPost(people.get(0).id(), NewPost.of("Lisbon", "Trams and tiles"));
      Post kyoto = users.addPost(people.get(2).id(), NewPost.of("Kyoto", "Temples at dawn"));
      Post code = users.addPost(people.get(1).id(), NewPost.of("Code", "Tables and indexes"));
      users.tag(lisbon.id(), Set.of("travel"));
      users.tag(kyoto.id(), Set.of("travel", "photos"));
      users.tag(code.id(), Set.of("work"));

      // PynamoDB's get_users_by_tag scans every user; here the tag is a key of an index.
      Set<String> travellers = new TreeSet<>();
      for (Post post : users.findPosts(PostQuery.builder().tag("travel").build()).items()) {
        UserId author = post.authorId();
        users.get(author).ifPresent(user -> travellers.add(user.username()));
      }
      out.println("Users who wrote about travel (by the tag's index, no scan): " + travellers);

      UserQuery thirtyOrOlder = UserQuery.builder().filter(Filter.ge(UserField.AGE, 30)).build();
      if (dynamo) {
        try {
          users.find(thirtyOrOlder);
        } catch (InvalidQueryException e) {
          out.println("Users aged 30 or more would need a scan, refused: " + e.getMessage());
        }
      } else {
        out.println("Users aged 30 or more (" + users.capabilities().backend() + " has no scan policy): "
            + TutorialUsers.usernames(users.find(thirtyOrOlder).items()));
      }
    }
  }
}
