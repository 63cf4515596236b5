package dev.polystore.jdbi;

import dev.polystore.Stores;
import dev.polystore.UserStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Native access on a SQLite file database opened by URL, a new file per test. */
class SqliteFileUserNativeAccessTest extends JdbiUserNativeAccessContract {

  @TempDir
  Path dir;

  @Override
  protected UserStore openStore() {
    return Stores.openUserStore("jdbc:sqlite:" + dir.resolve("native.db"));
  }

  @Override
  protected String variant() {
    return "file";
  }
}
