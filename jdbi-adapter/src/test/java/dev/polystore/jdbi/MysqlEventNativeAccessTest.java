package dev.polystore.jdbi;

import dev.polystore.EventStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Event native access on MySQL or MariaDB, in a database of its own, emptied before each test. */
class MysqlEventNativeAccessTest extends JdbiEventNativeAccessContract {

  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(MysqlTestServer::resolve,
      "polystore_native_events");

  @Override
  protected EventStore openStore() {
    return DATABASE.get().openEmptyEventStore();
  }
}
