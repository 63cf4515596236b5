package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.tck.EventStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event-store contract on PostgreSQL, in a schema of its own, emptied before each test. */
class PostgresEventStoreTest extends EventStoreContract {

  /** Created by the first test that runs; without a server each test is skipped (or failed) on its own. */
  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(PostgresTestServer::resolve, "polystore_events");

  @Override
  protected EventStore openEmptyStore() {
    return DATABASE.get().openEmptyEventStore();
  }
}
