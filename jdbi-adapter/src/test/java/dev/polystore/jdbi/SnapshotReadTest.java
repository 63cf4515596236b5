package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.jdbi.internal.UserStoreSeams;
import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.user.Include;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A page, its exact total and its includes are read from one snapshot, on a SQLite file (WAL), PostgreSQL (read
 * committed by default) and MySQL/MariaDB. The interleaving is exact, not timed: the store's statement seam runs
 * between two statements of one read, on the reading thread, and there a second store (another pool, so another
 * connection) commits writes. None of them may show in the rest of the read. Inside {@code inTransaction} the
 * caller's transaction is used as it is.
 */
class SnapshotReadTest {

  @RegisterExtension
  static final ServerDatabase.Lazy POSTGRES = ServerDatabase.lazy(PostgresTestServer::resolve, "polystore_snapshot");
  @RegisterExtension
  static final ServerDatabase.Lazy MYSQL = ServerDatabase.lazy(MysqlTestServer::resolve, "polystore_snapshot");

  @TempDir
  Path dir;

  /** Runs {@code test} with a reader (pool of one connection) and a writer, each with its own pool. */
  private void withStores(String backend, BiConsumer<UserStore, UserStore> test) {
    ServerDatabase database = null;
    StoreConfig.Builder readerConfig;
    StoreConfig.Builder writerConfig;
    if (backend.equals("sqlite")) {
      String url = "jdbc:sqlite:" + dir.resolve("snapshot.db");
      readerConfig = StoreConfig.builder(url);
      writerConfig = StoreConfig.builder(url);
    } else {
      database = (backend.equals(PostgresTestServer.NAME) ? POSTGRES : MYSQL).get();
      readerConfig = database.config();
      writerConfig = database.config();
    }
    try (UserStore reader = Stores.openUserStore(readerConfig.property(JdbiStoreOptions.POOL_MAX_SIZE, "1").build());
         UserStore writer = Stores.openUserStore(writerConfig.build())) {
      if (database != null) {
        database.empty();
      }
      test.accept(reader, writer);
    }
  }

  private static NewUser user(String name) {
    return NewUser.builder().username(name).email(name + "@example.com").build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", PostgresTestServer.NAME, MysqlTestServer.NAME})
  void userPageItsTotalAndItsPostsAndTagsComeFromOneSnapshot(String backend) {
    withStores(backend, (reader, writer) -> {
      User ann = writer.create(user("ann"));
      writer.create(user("bob"));
      Post first = writer.addPost(ann.id(), NewPost.of("first", "a"));
      Post second = writer.addPost(ann.id(), NewPost.of("second", "b"));
      writer.tag(first.id(), Set.of("kept"));
      List<String> statements = new ArrayList<>();
      UserStoreSeams.afterStatement(reader, statement -> {
        statements.add(statement);
        if (statement.equals("page")) {
          writer.create(user("cid"));
          writer.deletePost(first.id());
        } else if (statement.equals("posts")) {
          writer.tag(second.id(), Set.of("late"));
        }
      });
      Page<User> page = reader.find(UserQuery.builder().countMode(CountMode.EXACT)
          .include(Include.POSTS, Include.TAGS).first(10).build());
      UserStoreSeams.afterStatement(reader, null);

      assertEquals(List.of("page", "posts", "tags"), statements, "the writes were committed between statements");
      assertEquals(List.of("ann", "bob"), page.items().stream().map(User::username).toList());
      assertAll(
          () -> assertFalse(page.hasNext()),
          () -> assertEquals(2, page.total().orElseThrow(),
              "the total counts the page's snapshot, not a user added since"),
          () -> assertEquals(List.of(first.withTags(Set.of("kept")), second.withTags(Set.of())),
              page.items().get(0).posts().orElseThrow(),
              "the included posts and tags are those of the snapshot: a post deleted since is there, a tag added "
                  + "since is not"));
      assertEquals(3, reader.count(Filter.all()), "the concurrent writes were committed");
      assertEquals(List.of(second.withTags(Set.of("late"))), reader.find(UserQuery.builder()
          .filter(Filter.eq(UserField.USERNAME, "ann")).include(Include.POSTS, Include.TAGS)
          .build()).items().get(0).posts().orElseThrow(), "the next read sees them");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", PostgresTestServer.NAME, MysqlTestServer.NAME})
  void postPageItsTotalAndItsTagsComeFromOneSnapshot(String backend) {
    withStores(backend, (reader, writer) -> {
      User ann = writer.create(user("ann"));
      Post first = writer.addPost(ann.id(), NewPost.of("first", "a"));
      Post second = writer.addPost(ann.id(), NewPost.of("second", "b"));
      List<String> statements = new ArrayList<>();
      UserStoreSeams.afterStatement(reader, statement -> {
        statements.add(statement);
        if (statement.equals("page")) {
          writer.addPost(ann.id(), NewPost.of("third", "c"));
          writer.tag(first.id(), Set.of("late"));
        } else if (statement.equals("tags")) {
          writer.addPost(ann.id(), NewPost.of("fourth", "d"));
        }
      });
      PostQuery query = PostQuery.builder().author(ann.id()).countMode(CountMode.EXACT).include(Include.TAGS)
          .first(10).build();
      Page<Post> page = reader.findPosts(query);
      UserStoreSeams.afterStatement(reader, null);

      assertEquals(List.of("page", "tags"), statements, "the writes were committed between statements");
      assertAll(
          () -> assertEquals(List.of(first.withTags(Set.of()), second.withTags(Set.of())), page.items(),
              "the tags are those of the snapshot"),
          () -> assertEquals(2, page.total().orElseThrow(),
              "the total counts the page's snapshot, not posts added since"));
      assertEquals(4, reader.findPosts(query).total().orElseThrow(), "the concurrent writes were committed");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", PostgresTestServer.NAME, MysqlTestServer.NAME})
  void aFailedSnapshotReadIsRolledBackAndInTransactionUsesTheCallersTransaction(String backend) {
    withStores(backend, (reader, writer) -> {
      writer.create(user("ann"));
      UserQuery counted = UserQuery.builder().countMode(CountMode.EXACT).include(Include.POSTS).build();
      IllegalStateException stop = new IllegalStateException("stopped between statements");
      UserStoreSeams.afterStatement(reader, statement -> {
        throw stop;
      });
      assertSame(stop, assertThrows(IllegalStateException.class, () -> reader.find(counted)));
      UserStoreSeams.afterStatement(reader, null);
      // The reader's one connection must have left the read-only snapshot transaction.
      reader.create(user("bob"));
      assertEquals(2, reader.find(counted).total().orElseThrow());

      RuntimeException rollback = new RuntimeException("roll back");
      assertSame(rollback, assertThrows(RuntimeException.class, () -> reader.inTransaction(tx -> {
        tx.create(user("cid"));
        Page<User> page = tx.find(counted);
        assertEquals(3, page.total().orElseThrow(), "a read in a transaction sees the transaction's own writes");
        assertEquals(3, page.size());
        throw rollback;
      })));
      assertTrue(reader.findByUsername("cid").isEmpty(),
          "the read ran in the caller's transaction as it was: nothing committed or ended it early");
      assertEquals(2, writer.count(Filter.all()));
    });
  }
}
