package dev.polystore.jdbi;

import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.tck.ServerBackends;
import dev.polystore.tck.UserStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The user-store contract on MySQL or MariaDB, in a database of its own, emptied before each test. */
class MysqlUserStoreTest extends UserStoreContract {

  private static ServerDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = ServerDatabase.create(ServerBackends.mysql(), "polystore_users");
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected UserStore openEmptyStore() {
    UserStore store = Stores.openUserStore(database.config().build());
    database.empty();
    return store;
  }
}
