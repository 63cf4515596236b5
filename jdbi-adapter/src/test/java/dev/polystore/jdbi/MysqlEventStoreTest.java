package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.tck.EventStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event-store contract on MySQL or MariaDB, in a database of its own, emptied before each test. */
class MysqlEventStoreTest extends EventStoreContract {

  /** Created by the first test that runs; without a server each test is skipped (or failed) on its own. */
  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(MysqlTestServer::resolve, "polystore_events");

  @Override
  protected EventStore openEmptyStore() {
    return DATABASE.get().openEmptyEventStore();
  }
}
