package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.UserStore;
import java.nio.file.Path;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * Native access on a store over the application's own {@link Jdbi} (SQLite file): the store answers that
 * {@code Jdbi}, with the SqlObject plugin installed on it when the store opened, and no data source.
 */
class SqliteApplicationJdbiNativeAccessTest extends JdbiUserNativeAccessContract {

  @TempDir
  Path dir;

  private Jdbi applicationJdbi;

  @Override
  protected UserStore openStore() {
    SQLiteDataSource dataSource = new SQLiteDataSource();
    dataSource.setUrl("jdbc:sqlite:" + dir.resolve("application.db"));
    applicationJdbi = Jdbi.create(dataSource);
    return JdbiStores.openUserStore(applicationJdbi, JdbiStoreOptions.defaults());
  }

  @Override
  protected Set<Class<?>> storeTypes() {
    return Set.of(Jdbi.class);
  }

  @Override
  protected String variant() {
    return "application-jdbi";
  }

  @Test
  void theStoreAnswersTheApplicationsJdbiWithSqlObjectsInstalled() {
    assertSame(applicationJdbi, store().unwrapOrThrow(Jdbi.class));
    assertEquals(0, applicationJdbi.onDemand(NotesDao.class).count("none"),
        "the application's own Jdbi attaches SqlObjects now");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store().unwrapOrThrow(DataSource.class));
    assertTrue(e.getMessage().contains("application's Jdbi"), e.getMessage());
  }
}
