package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.tck.EventStoreContract;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;
import java.util.Map;

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

  /** An in-memory database is a store's own: the other store has one of its own. */
  @Override
  protected EventStore openStoreWith(Map<String, String> options) {
    return Stores.openEventStore(StoreConfig.builder("jdbc:sqlite::memory:").properties(options).build());
  }
}
