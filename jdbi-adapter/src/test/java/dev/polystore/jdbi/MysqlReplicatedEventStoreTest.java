package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.Stores;
import dev.polystore.tck.EventStoreContract;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event-store contract on a replicated MariaDB primary with its replica as {@code replica.urls}: strong
 * reads (the default) on the primary, eventual ones on the replica once it is checked fit.
 */
class MysqlReplicatedEventStoreTest extends EventStoreContract {

  /** Checks often, so the replica serves eventual reads soon after each store opens. */
  static final Map<String, String> OPTIONS = Map.of(JdbiStoreOptions.REPLICA_CHECK_INTERVAL, "100ms");

  private final RequestCounter counter = new RequestCounter();

  @RegisterExtension
  static final ReplicatedDatabase.Lazy DATABASE = ReplicatedDatabase.lazy(ReplicatedTestServers::mysql,
      "polystore_replicated_events");

  @Override
  protected EventStore openEmptyStore() {
    EventStore store = CountedStores.openEventStore(DATABASE.get().config(OPTIONS), counter);
    DATABASE.get().empty();
    return store;
  }

  @Override
  protected EventStore openStoreWith(Map<String, String> options) {
    Map<String, String> all = new HashMap<>(OPTIONS);
    all.putAll(options);
    return Stores.openEventStore(DATABASE.get().config(all));
  }

  @Override
  protected RequestCounter requestCounter() {
    return counter;
  }

  @Override
  protected RequestCosts requestCosts() {
    return CountedStores.COSTS;
  }

  @Override
  protected String variant() {
    return "replicated";
  }
}
