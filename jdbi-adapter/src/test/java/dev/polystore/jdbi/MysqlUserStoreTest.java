package dev.polystore.jdbi;

import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;
import dev.polystore.tck.UserStoreContract;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The user-store contract on MySQL or MariaDB, in a database of its own, emptied before each test. */
class MysqlUserStoreTest extends UserStoreContract {

  private final RequestCounter counter = new RequestCounter();

  @Override
  protected RequestCounter requestCounter() {
    return counter;
  }

  @Override
  protected RequestCosts requestCosts() {
    return CountedStores.COSTS;
  }

  /** Created by the first test that runs; without a server each test is skipped (or failed) on its own. */
  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(MysqlTestServer::resolve, "polystore_users");

  @Override
  protected UserStore openEmptyStore() {
    return DATABASE.get().openEmptyUserStore(counter);
  }

  @Override
  protected UserStore openStoreWith(Map<String, String> options) {
    return Stores.openUserStore(DATABASE.get().config().properties(options).build());
  }
}
