package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.Stores;
import dev.polystore.tck.EventStoreContract;
import dev.polystore.tck.ServerBackends;
import org.junit.jupiter.api.AfterAll;

/** The event-store contract on MySQL or MariaDB, in a database of its own, emptied before each test. */
class MysqlEventStoreTest extends EventStoreContract {

  /** Created by the first test that runs; without a server each test is skipped (or failed) on its own. */
  private static final ServerDatabase.Lazy DATABASE =
      ServerDatabase.lazy(ServerBackends::mysql, "polystore_events");

  @AfterAll
  static void dropDatabase() {
    DATABASE.close();
  }

  @Override
  protected EventStore openEmptyStore() {
    ServerDatabase database = DATABASE.get();
    EventStore store = Stores.openEventStore(database.config().build());
    database.execute("DELETE FROM events");
    return store;
  }
}
