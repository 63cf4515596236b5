package dev.polystore.jdbi;

import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.tck.UserStoreContract;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The user-store contract on a SQLite file database, a new file per test, opened by URL. */
class SqliteFileUserStoreTest extends UserStoreContract {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  @TempDir
  Path dir;

  @Override
  protected UserStore openEmptyStore() {
    return Stores.openUserStore("jdbc:sqlite:" + dir.resolve("users-" + COUNTER.incrementAndGet() + ".db"));
  }

  @Override
  protected String variant() {
    return "file";
  }
}
