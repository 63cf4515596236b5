package dev.polystore.influxdb;

import dev.polystore.EventStore;
import dev.polystore.tck.EventStoreContract;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The event-store contract on an InfluxDB 1.x server, each test in a database of its own. */
class InfluxEventStoreTest extends EventStoreContract {

  private static final TestDatabases DATABASES = new TestDatabases("polystore_contract");

  @Override
  protected EventStore openEmptyStore() {
    return DATABASES.openEmpty(InfluxTestServer.resolve(), Map.of("flush.interval", "50ms"));
  }

  @AfterAll
  static void dropDatabases() {
    DATABASES.dropAll();
  }
}
