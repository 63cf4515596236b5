package dev.polystore.samples.examples;

import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.jdbi.JdbiSchema;
import dev.polystore.user.NewPost;
import dev.polystore.user.Post;
import dev.polystore.user.User;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Native SQL next to the store, in one transaction: a report the API does not express — posts and distinct
 * authors per tag, a {@code GROUP BY} over Polystore's {@code tags}, {@code post_tags} and {@code posts} tables —
 * written as a JDBI SqlObject DAO ({@link TagReport}), attached to the transaction's own {@link Handle}
 * ({@code tx.unwrapOrThrow(Handle.class)}). The report sees the transaction's uncommitted post, and its snapshot,
 * saved in the application's own table {@code tag_report}, commits or rolls back with the store's writes. Runs on
 * the SQL backends; on DynamoDB the store has no {@code Jdbi}, and the program prints the refusal.
 */
public final class NativeSqlReport {

  /** The application's own report, over the tables docs/native-access.md describes. Same SQL on every dialect. */
  public interface TagReport {

    @SqlUpdate("CREATE TABLE IF NOT EXISTS tag_report (tag VARCHAR(64) NOT NULL PRIMARY KEY, posts INT NOT NULL,"
        + " authors INT NOT NULL)")
    void createTable();

    @SqlQuery("SELECT t.name AS tag, COUNT(*) AS posts, COUNT(DISTINCT p.author_id) AS authors FROM tags t"
        + " JOIN post_tags pt ON pt.tag_id = t.id JOIN posts p ON p.id = pt.post_id"
        + " GROUP BY t.name ORDER BY COUNT(*) DESC, t.name")
    @RegisterConstructorMapper(TagCount.class)
    List<TagCount> postsPerTag();

    @SqlUpdate("DELETE FROM tag_report")
    void clear();

    @SqlBatch("INSERT INTO tag_report (tag, posts, authors) VALUES (:tag, :posts, :authors)")
    void save(@BindMethods List<TagCount> rows);

    @SqlQuery("SELECT COUNT(*) FROM tag_report")
    int savedRows();
  }

  /** One line of the report. */
  public record TagCount(String tag, int posts, int authors) {
  }

  private NativeSqlReport() {
  }

  public static void main(String[] args) {
    ExampleRunner.main(args, "native-sql-report", NativeSqlReport::run);
  }

  public static void run(StoreConfig config, PrintStream out) {
    try (UserStore users = Stores.openUserStore(config)) {
      Optional<Jdbi> found = users.unwrap(Jdbi.class);
      if (found.isEmpty()) {
        try {
          users.unwrapOrThrow(Jdbi.class);
        } catch (IllegalArgumentException e) {
          out.println("No SQL here: " + e.getMessage());
        }
        return;
      }
      Jdbi jdbi = found.get();
      // The tables this report reads came with schema version 1 (V1__users_posts_tags).
      out.println("Schema version " + jdbi.withHandle(JdbiSchema::installedVersion)
          + " (the report reads the tables of version 1)");
      jdbi.useExtension(TagReport.class, TagReport::createTable);

      TutorialUsers.removeLeftovers(users, "alice", "bob", "charlie", "diana", "erin");
      List<User> abc = TutorialUsers.createAliceBobCharlie(users);
      tagged(users, abc.get(0), "Hello world", "intro", "travel");
      tagged(users, abc.get(0), "Relationships", "travel");
      tagged(users, abc.get(1), "Bob's trip", "travel");
      tagged(users, abc.get(2), "Thirty-five", "intro");

      // 1. Store calls and the DAO in one transaction: the report sees Diana's uncommitted post.
      users.useTransaction(tx -> {
        User diana = tx.create(TutorialUsers.person("Diana", 28));
        tagged(tx, diana, "Diana's first", "intro", "java");
        TagReport report = tx.unwrapOrThrow(Handle.class).attach(TagReport.class);
        List<TagCount> rows = report.postsPerTag();
        out.println("Posts per tag, in the transaction that adds Diana's post:");
        rows.forEach(row -> out.println("  " + row.tag() + ": " + row.posts() + " posts by " + row.authors()
            + " authors"));
        report.clear();
        report.save(rows);
      });
      out.println("Committed: diana " + exists(users, "diana") + ", " + savedRows(jdbi) + " report rows saved");

      // 2. When the callback throws, the DAO's writes roll back with the store's.
      try {
        users.useTransaction(tx -> {
          tx.create(TutorialUsers.person("Erin", 41));
          TagReport report = tx.unwrapOrThrow(Handle.class).attach(TagReport.class);
          report.clear();
          throw new IllegalStateException("changed my mind");
        });
      } catch (IllegalStateException e) {
        out.println("Rolled back (" + e.getMessage() + "): erin " + exists(users, "erin") + ", " + savedRows(jdbi)
            + " report rows saved");
      }
    }
  }

  private static void tagged(UserStore users, User author, String title, String... tags) {
    Post post = users.addPost(author.id(), NewPost.of(title, title + "!"));
    users.tag(post.id(), Set.of(tags));
  }

  private static int savedRows(Jdbi jdbi) {
    return jdbi.withExtension(TagReport.class, TagReport::savedRows);
  }

  private static String exists(UserStore users, String username) {
    return users.findByUsername(username).isPresent() ? "exists" : "does not exist";
  }
}
