package dev.polystore.influxdb;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.tck.EventStoreContract;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;
import dev.polystore.tck.ServerBackend;
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
    return CountedInflux.open(StoreConfig.builder(server.jdbcUrl()).property("database", database)
        .property("flush.interval", "50ms").build(), counter);
  }

  @Override
  protected String variant() {
    return "3.x";
  }
}
