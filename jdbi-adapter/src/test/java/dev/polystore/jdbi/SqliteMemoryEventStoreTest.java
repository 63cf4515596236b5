package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.Stores;
import dev.polystore.tck.EventStoreContract;

/** The event-store contract on an in-memory SQLite database, a new one per test, opened by URL. */
class SqliteMemoryEventStoreTest extends EventStoreContract {

  @Override
  protected EventStore openEmptyStore() {
    return Stores.openEventStore("jdbc:sqlite::memory:");
  }

  @Override
  protected String variant() {
    return "memory";
  }
}
