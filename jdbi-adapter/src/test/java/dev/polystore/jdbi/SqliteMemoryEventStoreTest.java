package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.jdbi.internal.JdbiDatabase;
import dev.polystore.jdbi.internal.JdbiEventStore;
import dev.polystore.tck.EventStoreContract;

/** The event-store contract on an in-memory SQLite database, a new one per test. */
class SqliteMemoryEventStoreTest extends EventStoreContract {

  @Override
  protected EventStore openEmptyStore() {
    return new JdbiEventStore(JdbiDatabase.open(StoreConfig.of("jdbc:sqlite::memory:"), JdbiStoreOptions.defaults()));
  }

  @Override
  protected String variant() {
    return "memory";
  }
}
