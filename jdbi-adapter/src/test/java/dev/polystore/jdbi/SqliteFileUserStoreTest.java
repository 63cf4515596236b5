package dev.polystore.jdbi;

import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;
import dev.polystore.tck.UserStoreContract;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user-store contract on a SQLite file database, a new file per test, opened by URL with its statements
 * counted.
 */
class SqliteFileUserStoreTest extends UserStoreContract {

  private final RequestCounter counter = new RequestCounter();

  @Override
  protected RequestCounter requestCounter() {
    return counter;
  }

  @Override
  protected RequestCosts requestCosts() {
    return CountedStores.COSTS;
  }

  private static final AtomicInteger COUNTER = new AtomicInteger();

  @TempDir
  Path dir;

  /** The database file of the test. */
  private String url;

  @Override
  protected UserStore openEmptyStore() {
    url = "jdbc:sqlite:" + dir.resolve("users-" + COUNTER.incrementAndGet() + ".db");
    return CountedStores.openUserStore(StoreConfig.builder(url).build(), counter);
  }

  @Override
  protected String variant() {
    return "file";
  }

  @Override
  protected UserStore openStoreWith(Map<String, String> options) {
    return Stores.openUserStore(StoreConfig.builder(url).properties(options).build());
  }
}
