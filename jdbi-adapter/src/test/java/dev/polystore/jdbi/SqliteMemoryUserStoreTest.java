package dev.polystore.jdbi;

import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;
import dev.polystore.tck.UserStoreContract;
import java.util.Map;

/**
 * The user-store contract on an in-memory SQLite database, a new one per test, opened by URL with its statements
 * counted.
 */
class SqliteMemoryUserStoreTest extends UserStoreContract {

  private final RequestCounter counter = new RequestCounter();

  @Override
  protected RequestCounter requestCounter() {
    return counter;
  }

  @Override
  protected RequestCosts requestCosts() {
    return CountedStores.COSTS;
  }

  @Override
  protected UserStore openEmptyStore() {
    return CountedStores.openUserStore(StoreConfig.builder("jdbc:sqlite::memory:").build(), counter);
  }

  @Override
  protected String variant() {
    return "memory";
  }

  /** An in-memory database is a store's own: the other store has one of its own. */
  @Override
  protected UserStore openStoreWith(Map<String, String> options) {
    return Stores.openUserStore(StoreConfig.builder("jdbc:sqlite::memory:").properties(options).build());
  }
}
