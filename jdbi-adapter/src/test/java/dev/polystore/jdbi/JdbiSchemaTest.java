package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.StoreException;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JdbiSchema#installedVersion} on SQLite files: migrated, never migrated, and with Flyway's baseline only. */
class JdbiSchemaTest {

  @TempDir
  Path dir;

  @Test
  void aMigratedDatabaseIsAtTheNewestVersionOfItsDialect() {
    String url = "jdbc:sqlite:" + dir.resolve("migrated.db");
    try (UserStore store = Stores.openUserStore(url)) {
      assertEquals(2, store.unwrapOrThrow(Jdbi.class).withHandle(JdbiSchema::installedVersion));
    }
    assertEquals(2, Jdbi.create(url).withHandle(JdbiSchema::installedVersion), "on the application's own Jdbi too");
  }

  @Test
  void aDatabaseNoStoreMigratedHasNoHistoryToRead() {
    Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + dir.resolve("empty.db"));
    StoreException e = assertThrows(StoreException.class, () -> jdbi.withHandle(JdbiSchema::installedVersion));
    assertTrue(e.getMessage().contains(JdbiSchema.HISTORY_TABLE), e.getMessage());
  }

  @Test
  void onlyABaselineIsVersionZero() {
    Jdbi jdbi = Jdbi.create("jdbc:sqlite:" + dir.resolve("baseline.db"));
    jdbi.useHandle(h -> {
      h.execute("CREATE TABLE " + JdbiSchema.HISTORY_TABLE + " (installed_rank INTEGER, version TEXT, success BOOLEAN)");
      h.execute("INSERT INTO " + JdbiSchema.HISTORY_TABLE + " VALUES (1, '0', 1), (2, '1', 0)");
    });
    assertEquals(0, jdbi.withHandle(JdbiSchema::installedVersion), "a failed migration does not count");
  }
}
