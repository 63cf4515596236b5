package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.polystore.EventStore;
import dev.polystore.StoreConfigurationException;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.user.NewUser;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Server databases behind an application's own HikariCP pool, and the backend name a store reports: what a
 * migration borrows from the pool, what it leaves on the connections it gives back, and MariaDB told apart from
 * MySQL whatever the URL's scheme.
 */
class JdbiStoresServerTest {

  private static NewUser user(String name) {
    return NewUser.builder().username(name).email(name + "@example.com").build();
  }

  @Test
  void postgresqlMigrationOnAPoolTooSmallForItFailsAtOnce() {
    try (ServerDatabase db = ServerDatabase.create(PostgresTestServer.resolve(), "polystore_apppool");
         HikariDataSource one = db.pool(1);
         HikariDataSource two = db.pool(2)) {
      StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
          () -> JdbiStores.openUserStore(one, JdbiStoreOptions.defaults()));
      assertTrue(e.getMessage().contains("2 connections") && e.getMessage().contains(one.getPoolName()),
          e.getMessage());
      try (UserStore store = JdbiStores.openUserStore(two, JdbiStoreOptions.defaults())) {
        assertEquals("PostgreSQL", store.capabilities().backend());
        store.create(user("ann"));
        assertEquals(1, store.count(Filter.all()));
      }
      try (UserStore unmigrated = JdbiStores.openUserStore(one, JdbiStoreOptions.builder().migrate(false).build())) {
        assertEquals(1, unmigrated.count(Filter.all()), "without migrating, one connection is enough");
      }
    }
  }

  @Test
  void mysqlMigratesOnAOneConnectionPoolAndGivesTheConnectionBackAsItCame() throws Exception {
    try (ServerDatabase db = ServerDatabase.create(MysqlTestServer.resolve(), "polystore_apppool");
         HikariDataSource one = db.pool(1)) {
      try (UserStore store = JdbiStores.openUserStore(one, JdbiStoreOptions.defaults())) {
        assertEquals(serverName(db), store.capabilities().backend());
        store.create(user("ann"));
      }
      try (Connection connection = one.getConnection(); Statement statement = connection.createStatement();
           ResultSet rs = statement.executeQuery(
               "SELECT @@session.innodb_ft_enable_stopword, @@global.innodb_ft_enable_stopword")) {
        rs.next();
        assertEquals(rs.getInt(2), rs.getInt(1),
            "the migration's stopword setting did not stay on the application's connection");
      }
    }
  }

  @Test
  void aMysqlOrMariadbUrlReportsTheServerItReaches() {
    try (ServerDatabase db = ServerDatabase.create(MysqlTestServer.resolve(), "polystore_name")) {
      String expected = serverName(db);
      try (UserStore migrating = Stores.openUserStore(db.config().build());
           EventStore events = Stores.openEventStore(db.config().build());
           UserStore lazy = Stores.openUserStore(db.config().property("migrate", "false").build())) {
        assertEquals(expected, migrating.capabilities().backend(), "read when the store opens and migrates");
        assertEquals(expected, events.capabilities().backend());
        assertEquals(expected, lazy.capabilities().backend(), "read on first use without migration");
      }
    }
  }

  /** What the server says it is. */
  private static String serverName(ServerDatabase db) {
    return db.queryOn(db.url(), "SELECT VERSION()").toLowerCase(java.util.Locale.ROOT).contains("mariadb")
        ? "MariaDB" : "MySQL";
  }
}
