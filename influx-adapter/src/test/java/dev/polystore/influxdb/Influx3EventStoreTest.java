package dev.polystore.influxdb;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.tck.EventStoreContract;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;
import dev.polystore.tck.ServerBackend;
import java.util.Map;
import java.util.UUID;

/**
 * The event-store contract on InfluxDB 3 Core (a container where Docker answers): each test in a database of its
 * own, created by its first write (the container keeps data in memory and is dropped at the end).
 */
class Influx3EventStoreTest extends EventStoreContract {

  private final RequestCounter counter = new RequestCounter();

  @Override
  protected RequestCounter requestCounter() {
    return counter;
  }

  @Override
  protected RequestCosts requestCosts() {
    return CountedInflux.COSTS;
  }

  @Override
  protected EventStore openEmptyStore() {
    ServerBackend server = Influx3TestServer.resolve();
    String database = "polystore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    config = StoreConfig.builder(server.jdbcUrl()).property("database", database).property("flush.interval", "50ms")
        .build();
    return CountedInflux.open(config, counter);
  }

  /** The config of the test's database. */
  private StoreConfig config;

  @Override
  protected EventStore openStoreWith(Map<String, String> options) {
    return Stores.openEventStore(StoreConfig.builder(config.url()).properties(config.properties()).properties(options)
        .build());
  }

  @Override
  protected String variant() {
    return "3.x";
  }
}
