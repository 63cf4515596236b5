package dev.polystore.tck;

import dev.polystore.EventStore;

/** The contract every {@link EventStore} passes. */
public abstract class EventStoreContract extends StoreContract<EventStore> {

  protected EventStoreContract() {
    super("event-store", EventStore::capabilities);
  }

  /** A store over an empty data set; called before each test, closed by the contract after it. */
  @Override
  protected abstract EventStore openEmptyStore();
}
