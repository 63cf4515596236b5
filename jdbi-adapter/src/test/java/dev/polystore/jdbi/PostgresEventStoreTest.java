package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.Stores;
import dev.polystore.tck.EventStoreContract;
import dev.polystore.tck.ServerBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The event-store contract on PostgreSQL, in a schema of its own, emptied before each test. */
class PostgresEventStoreTest extends EventStoreContract {

  private static ServerDatabase database;

  @BeforeAll
  static void createSchema() {
    database = ServerDatabase.create(ServerBackends.postgres(), "polystore_events");
  }

  @AfterAll
  static void dropSchema() {
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
