package dev.polystore.jdbi;

import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.tck.UserStoreContract;

/** The user-store contract on an in-memory SQLite database, a new one per test, opened by URL. */
class SqliteMemoryUserStoreTest extends UserStoreContract {

  @Override
  protected UserStore openEmptyStore() {
    return Stores.openUserStore("jdbc:sqlite::memory:");
  }

  @Override
  protected String variant() {
    return "memory";
  }
}
