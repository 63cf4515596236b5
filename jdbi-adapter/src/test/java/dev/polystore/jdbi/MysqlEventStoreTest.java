package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.Stores;
import dev.polystore.tck.EventStoreContract;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event-store contract on MySQL or MariaDB, in a database of its own, emptied before each test. */
class MysqlEventStoreTest extends EventStoreContract {

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
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(MysqlTestServer::resolve, "polystore_events");

  @Override
  protected EventStore openEmptyStore() {
    return DATABASE.get().openEmptyEventStore(counter);
  }

  @Override
  protected EventStore openStoreWith(Map<String, String> options) {
    return Stores.openEventStore(DATABASE.get().config().properties(options).build());
  }
}
