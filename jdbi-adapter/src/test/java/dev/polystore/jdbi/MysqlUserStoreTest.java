package dev.polystore.jdbi;

import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.tck.ServerBackends;
import dev.polystore.tck.UserStoreContract;
import org.junit.jupiter.api.AfterAll;

/** The user-store contract on MySQL or MariaDB, in a database of its own, emptied before each test. */
class MysqlUserStoreTest extends UserStoreContract {

  /** Created by the first test that runs; without a server each test is skipped (or failed) on its own. */
  private static final ServerDatabase.Lazy DATABASE =
      ServerDatabase.lazy(ServerBackends::mysql, "polystore_users");

  @AfterAll
  static void dropDatabase() {
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
