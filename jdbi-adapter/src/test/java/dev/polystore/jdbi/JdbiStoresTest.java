package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EntityNotFoundException;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.user.Include;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserId;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** Stores over a data source or a Jdbi the application owns. */
class JdbiStoresTest {

  @TempDir
  Path dir;

  private SQLiteDataSource dataSource(String file) {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + dir.resolve(file));
    return ds;
  }

  @Test
  void userStoreOverAnApplicationDataSourceMigratesAndLeavesTheSourceOpen() throws Exception {
    SQLiteDataSource ds = dataSource("owned.db");
    try (UserStore store = JdbiStores.openUserStore(ds, JdbiStoreOptions.defaults())) {
      assertEquals("SQLite", store.capabilities().backend());
      User ann = store.create(NewUser.builder().username("ann").email("ann@example.com").build());
      Post post = store.addPost(ann.id(), NewPost.of("ÜBER", "world"));
      assertEquals(List.of(post), postsWithTitle(store, "über"),
          "ignore-case on post titles folds non-ASCII letters on connections the store did not configure");
      assertTrue(store.delete(ann.id()));
      assertThrows(EntityNotFoundException.class, () -> store.addPost(UserId.of(UUID.randomUUID()),
          NewPost.of("orphan", "x")), "foreign keys are enforced on connections the store did not configure");
    }
    assertEquals(0, queryInt(ds, "SELECT COUNT(*) FROM posts"),
        "the delete cascaded; the data source still works after the store closed");
  }

  @Test
  void userStoreOverAnApplicationJdbi() {
    Jdbi jdbi = Jdbi.create(dataSource("jdbi.db"));
    try (UserStore store = JdbiStores.openUserStore(jdbi, JdbiStoreOptions.defaults())) {
      User bob = store.create(NewUser.builder().username("bob").email("bob@example.com").build());
      assertEquals(1, store.count(Filter.all()));
      Post post = store.addPost(bob.id(), NewPost.of("ΣΟΦΙΑ", "x"));
      assertEquals(List.of(post), postsWithTitle(store, "σοφια"),
          "ignore-case on post titles folds non-ASCII letters on the application's Jdbi");
    }
    int rows = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Integer.class).one());
    assertEquals(1, rows, "the store wrote through the application's Jdbi");
    assertEquals("über", jdbi.withHandle(h -> h.createQuery("SELECT polystore_lower('ÜBER')").mapTo(String.class)
        .one()), "the function is there on the application's own handles of that Jdbi too");
    Boolean nullStaysNull = jdbi.withHandle(h -> h.createQuery("SELECT polystore_lower(NULL) IS NULL")
        .mapTo(Boolean.class).one());
    assertTrue(nullStaysNull, "NULL stays NULL");
  }

  private static List<Post> postsWithTitle(UserStore store, String title) {
    return store.findPosts(PostQuery.builder().filter(Filter.eqIgnoreCase(PostField.TITLE, title))
        .include(Include.TAGS).build()).items();
  }

  @Test
  void migratesASchemaThatAlreadyHoldsTheApplicationsTables() throws Exception {
    SQLiteDataSource ds = dataSource("shared.db");
    try (var connection = ds.getConnection(); var statement = connection.createStatement()) {
      statement.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)");
      statement.execute("INSERT INTO invoices (total) VALUES (42)");
    }
    try (UserStore store = JdbiStores.openUserStore(ds, JdbiStoreOptions.defaults())) {
      store.create(NewUser.builder().username("ann").email("ann@example.com").build());
    }
    try (UserStore again = JdbiStores.openUserStore(ds, JdbiStoreOptions.defaults())) {
      assertEquals(1, again.count(Filter.all()), "a second open finds the schema migrated and keeps the rows");
    }
    assertEquals(42, queryInt(ds, "SELECT total FROM invoices"), "the application's own tables are untouched");
  }

  /** The first column of the first row of {@code sql}, on a connection of the application's data source. */
  private static int queryInt(SQLiteDataSource ds, String sql) throws Exception {
    try (var connection = ds.getConnection(); var rs = connection.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void withoutMigrationTheSchemaMustExist() {
    SQLiteDataSource ds = dataSource("empty.db");
    try (UserStore store = JdbiStores.openUserStore(ds, JdbiStoreOptions.builder().migrate(false).build())) {
      dev.polystore.StoreException e = assertThrows(dev.polystore.StoreException.class, () -> store.count(Filter.all()));
      assertFalse(e.getMessage().isBlank());
    }
  }
}
