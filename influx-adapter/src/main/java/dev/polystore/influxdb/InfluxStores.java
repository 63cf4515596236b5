package dev.polystore.influxdb;

import com.influxdb.client.InfluxDBClient;
import dev.polystore.EventStore;
import dev.polystore.influxdb.internal.InfluxEventStore;

/**
 * Opens InfluxDB event stores over a client the application owns (its URL, credentials, timeouts, proxies), for
 * applications that do not open stores by URL. The store never closes such a client. Thread-safe (stateless).
 */
public final class InfluxStores {

  private InfluxStores() {
  }

  /**
   * An event store over {@code client}; its own timeouts apply, and {@code options} the rest.
   *
   * @throws dev.polystore.StoreConfigurationException when the server refuses the credentials or lacks the database
   * @throws dev.polystore.StoreUnavailableException when the server cannot be reached
   */
  public static EventStore eventStore(InfluxDBClient client, InfluxStoreOptions options) {
    return new InfluxEventStore(client, options, false);
  }
}
