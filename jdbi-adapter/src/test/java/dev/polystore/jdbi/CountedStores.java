package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.UserStore;
import dev.polystore.jdbi.internal.JdbiDatabase;
import dev.polystore.jdbi.internal.JdbiEventStore;
import dev.polystore.jdbi.internal.JdbiUserStore;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;

/**
 * Test support: stores as a URL opens them (the adapter's own pool, driver settings and {@code Jdbi}), whose
 * statements a {@link RequestCounter} counts ({@link CountingDataSource}), and what they cost in requests beyond
 * the contract's portable model.
 */
final class CountedStores {

  /**
   * SQL: the portable model, with {@code appendAll} writing its events as one JDBC batch per 1000
   * ({@code JdbiEventStore.BATCH_SIZE}) in one transaction.
   */
  static final RequestCosts COSTS = RequestCosts.builder().eventsPerWrite(1000).build();

  private CountedStores() {
  }

  static UserStore openUserStore(StoreConfig config, RequestCounter counter) {
    return JdbiStores.open(database(config, counter), JdbiUserStore::new);
  }

  static EventStore openEventStore(StoreConfig config, RequestCounter counter) {
    return JdbiStores.open(database(config, counter), JdbiEventStore::new);
  }

  private static JdbiDatabase database(StoreConfig config, RequestCounter counter) {
    return JdbiDatabase.open(config, JdbiStoreOptions.fromConfig(config),
        dataSource -> CountingDataSource.wrap(dataSource, counter));
  }
}
