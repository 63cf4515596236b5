package dev.polystore.jdbi;

import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.tck.ServerBackends;
import dev.polystore.tck.UserStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The user-store contract on PostgreSQL, in a schema of its own, emptied before each test. */
class PostgresUserStoreTest extends UserStoreContract {

  private static ServerDatabase database;

  @BeforeAll
  static void createSchema() {
    database = ServerDatabase.create(ServerBackends.postgres(), "polystore_users");
  }

  @AfterAll
  static void dropSchema() {
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
