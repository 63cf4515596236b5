package dev.polystore.jdbi;

import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.tck.ServerBackends;
import dev.polystore.tck.UserStoreContract;
import org.junit.jupiter.api.AfterAll;

/** The user-store contract on PostgreSQL, in a schema of its own, emptied before each test. */
class PostgresUserStoreTest extends UserStoreContract {

  /** Created by the first test that runs; without a server each test is skipped (or failed) on its own. */
  private static final ServerDatabase.Lazy DATABASE =
      ServerDatabase.lazy(ServerBackends::postgres, "polystore_users");

  @AfterAll
  static void dropSchema() {
    DATABASE.close();
  }

  @Override
  protected UserStore openEmptyStore() {
    ServerDatabase database = DATABASE.get();
    UserStore store = Stores.openUserStore(database.config().build());
    database.empty();
    return store;
  }
}
