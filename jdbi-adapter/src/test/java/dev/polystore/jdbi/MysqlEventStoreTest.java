package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.Stores;
import dev.polystore.tck.EventStoreContract;
import dev.polystore.tck.ServerBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The event-store contract on MySQL or MariaDB, in a database of its own, emptied before each test. */
class MysqlEventStoreTest extends EventStoreContract {

  private static ServerDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = ServerDatabase.create(ServerBackends.mysql(), "polystore_events");
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected EventStore openEmptyStore() {
    EventStore store = Stores.openEventStore(database.config().build());
    database.execute("DELETE FROM events");
    return store;
  }
}
