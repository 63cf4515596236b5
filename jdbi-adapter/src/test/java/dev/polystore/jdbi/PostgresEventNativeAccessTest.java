package dev.polystore.jdbi;

import dev.polystore.EventStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Event native access on PostgreSQL, in a schema of its own, emptied before each test. */
class PostgresEventNativeAccessTest extends JdbiEventNativeAccessContract {

  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(PostgresTestServer::resolve,
      "polystore_native_events");

  @Override
  protected EventStore openStore() {
    return DATABASE.get().openEmptyEventStore();
  }
}
