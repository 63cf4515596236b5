package dev.polystore.influxdb;

import dev.polystore.EventStore;
import dev.polystore.tck.EventStoreContract;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The event-store contract on an InfluxDB 1.x server ({@code POLYSTORE_TEST_INFLUXDB_URL}, in CI Debian's 1.6.7; else
 * an {@code influxdb:1.8.10} container), each test in a database of its own.
 */
class InfluxEventStoreTest extends EventStoreContract {

  private final RequestCounter counter = new RequestCounter();

  @Override
  protected RequestCounter requestCounter() {
    return counter;
  }

  @Override
  protected RequestCosts requestCosts() {
    return CountedInflux.COSTS;
  }

  private static final TestDatabases DATABASES = new TestDatabases("polystore_contract");

  @Override
  protected EventStore openEmptyStore() {
    return DATABASES.openEmpty(InfluxTestServer.resolve(), Map.of("flush.interval", "50ms"), counter);
  }

  @Override
  protected EventStore openStoreWith(Map<String, String> options) {
    return DATABASES.openCurrent(options);
  }

  @Override
  protected String variant() {
    return "1.x";
  }

  @AfterAll
  static void dropDatabases() {
    DATABASES.dropAll();
  }
}
