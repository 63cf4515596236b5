package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.tck.EventStoreContract;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;

/**
 * The event-store contract on an in-memory SQLite database, a new one per test, opened by URL with its statements
 * counted.
 */
class SqliteMemoryEventStoreTest extends EventStoreContract {

  private final RequestCounter counter = new RequestCounter();

  @Override
  protected RequestCounter requestCounter() {
    return counter;
  }

  @Override
  protected RequestCosts requestCosts() {
    return CountedStores.COSTS;
  }

  @Override
  protected EventStore openEmptyStore() {
    return CountedStores.openEventStore(StoreConfig.builder("jdbc:sqlite::memory:").build(), counter);
  }

  @Override
  protected String variant() {
    return "memory";
  }
}
