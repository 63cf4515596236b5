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
import dev.polystore.jdbi.internal.JdbiDataSources;
import dev.polystore.jdbi.internal.JdbiUserStore;
import dev.polystore.jdbi.internal.SqlDialect;
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
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A page, its exact total and its includes are read from one snapshot, on a SQLite file (WAL), PostgreSQL (read
 * committed by default) and MySQL/MariaDB. The interleaving is exact, not timed: a hook runs between two
 * statements of one read, on the reading thread, and there a second store (another pool, so another
 * connection) commits writes. None of them may show in the rest of the read. Inside {@code inTransaction} the
 * caller's transaction is used as it is.
 *
 * <p>The reader runs over the test's own {@link Jdbi} (on a pool configured as the store's own), whose
 * {@link SqlLogger} calls the hook after each statement the store names ({@link JdbiUserStore#STATEMENT_NAME}).
 */
class SnapshotReadTest {

  @RegisterExtension
  static final ServerDatabase.Lazy POSTGRES = ServerDatabase.lazy(PostgresTestServer::resolve, "polystore_snapshot");
  @RegisterExtension
  static final ServerDatabase.Lazy MYSQL = ServerDatabase.lazy(MysqlTestServer::resolve, "polystore_snapshot");

  @TempDir
  Path dir;

  /** The reader and the writer of one test, and the hook called after each named statement of the reader. */
  private interface SnapshotTest {
    void run(UserStore reader, UserStore writer, Hook hook);
  }

  /** The reader's {@link SqlLogger}: calls the hook set last with the name of each named statement, after it ran. */
  private static final class Hook implements SqlLogger {
    private volatile Consumer<String> hook;

    /** Sets the hook; null removes it. */
    void set(Consumer<String> hook) {
      this.hook = hook;
    }

    @Override
    public void logAfterExecution(StatementContext context) {
      Object name = context.getAttribute(JdbiUserStore.STATEMENT_NAME);
      Consumer<String> h = hook;
      if (name != null && h != null) {
        h.accept(name.toString());
      }
    }
  }

  /**
   * Runs {@code test} with a writer, each with its own pool, and a reader over the test's own {@link Jdbi} on a pool
   * of one connection, on a schema the writer migrated.
   */
  private void withStores(String backend, SnapshotTest test) {
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
    StoreConfig reading = readerConfig.property(JdbiStoreOptions.POOL_MAX_SIZE, "1")
        .property(JdbiStoreOptions.MIGRATE, "false").build();
    JdbiStoreOptions options = JdbiStoreOptions.fromConfig(reading);
    Hook hook = new Hook();
    try (UserStore writer = Stores.openUserStore(writerConfig.build());
         var pool = JdbiDataSources.open(reading.url(), SqlDialect.forUrl(reading.url()), options)) {
      Jdbi jdbi = Jdbi.create(pool.dataSource()).setSqlLogger(hook);
      try (UserStore reader = JdbiStores.openUserStore(jdbi, options)) {
        if (database != null) {
          database.empty();
        }
        test.run(reader, writer, hook);
      }
    }
  }

  private static NewUser user(String name) {
    return NewUser.builder().username(name).email(name + "@example.com").build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", PostgresTestServer.NAME, MysqlTestServer.NAME})
  void userPageItsTotalAndItsPostsAndTagsComeFromOneSnapshot(String backend) {
    withStores(backend, (reader, writer, hook) -> {
      User ann = writer.create(user("ann"));
      writer.create(user("bob"));
      Post first = writer.addPost(ann.id(), NewPost.of("first", "a"));
      Post second = writer.addPost(ann.id(), NewPost.of("second", "b"));
      writer.tag(first.id(), Set.of("kept"));
      List<String> statements = new ArrayList<>();
      hook.set(statement -> {
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
      hook.set(null);

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
    withStores(backend, (reader, writer, hook) -> {
      User ann = writer.create(user("ann"));
      Post first = writer.addPost(ann.id(), NewPost.of("first", "a"));
      Post second = writer.addPost(ann.id(), NewPost.of("second", "b"));
      List<String> statements = new ArrayList<>();
      hook.set(statement -> {
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
      hook.set(null);

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
    withStores(backend, (reader, writer, hook) -> {
      writer.create(user("ann"));
      UserQuery counted = UserQuery.builder().countMode(CountMode.EXACT).include(Include.POSTS).build();
      IllegalStateException stop = new IllegalStateException("stopped between statements");
      hook.set(statement -> {
        throw stop;
      });
      assertSame(stop, assertThrows(IllegalStateException.class, () -> reader.find(counted)));
      hook.set(null);
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
