package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.jdbi.internal.Migrations;
import dev.polystore.user.NewUser;
import dev.polystore.user.User;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * MySQL/MariaDB: a schema created before trailing spaces were significant (migrations 1 and 2, whose key columns
 * are {@code utf8mb4_bin}, PAD SPACE) is moved to the server's NO PAD binary collation when a store opens it, with
 * the rows it holds kept.
 */
class MysqlNoPadMigrationTest {

  @Test
  void aSchemaOfVersionTwoWithRowsMovesToNoPadCollationsKeepingItsRows() {
    try (ServerDatabase db = ServerDatabase.create(MysqlTestServer.resolve(), "polystore_nopad")) {
      Flyway.configure(getClass().getClassLoader()).dataSource(db.url(), null, null)
          .locations("classpath:db/migration/mysql").table(Migrations.HISTORY_TABLE).target("2").load().migrate();
      db.execute("INSERT INTO users (id, username, username_key, email, email_key, active, created_at, updated_at,"
          + " version) VALUES ('01890000-0000-7000-8000-000000000001', 'pad', 'pad', 'pad@example.com',"
          + " 'pad@example.com', TRUE, '2024-01-01 00:00:00', '2024-01-01 00:00:00', 1)",
          "INSERT INTO tags (name) VALUES ('java')");
      assertEquals("utf8mb4_bin", collation(db, "users", "username_key"), "version 2 pads");

      try (UserStore store = Stores.openUserStore(db.config().build())) {
        String noPad = collation(db, "users", "username_key");
        assertEquals(Set.of(noPad), new TreeSet<>(List.of(collation(db, "users", "username"),
            collation(db, "users", "email"), collation(db, "users", "email_key"), collation(db, "users", "full_name"),
            collation(db, "users", "full_name_key"), collation(db, "tags", "name"))), "every key column");
        assertEquals("0", db.queryOn(db.url(), "SELECT _utf8mb4'pad' = _utf8mb4'pad ' COLLATE " + noPad),
            noPad + " is a NO PAD collation");
        User pad = store.findByUsername("pad").orElseThrow(() -> new AssertionError("the stored user is kept"));
        User padded = store.create(NewUser.builder().username("pad ").email("padded@example.com").build());
        assertEquals(pad, store.findByUsername("PAD").orElseThrow());
        assertEquals(padded, store.findByUsername("pad ").orElseThrow());
      }
    }
  }

  private static String collation(ServerDatabase db, String table, String column) {
    return db.queryOn(db.url(), "SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
        + db.name() + "' AND TABLE_NAME = '" + table + "' AND COLUMN_NAME = '" + column + "'");
  }
}
