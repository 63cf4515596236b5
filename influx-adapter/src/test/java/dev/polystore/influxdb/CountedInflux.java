package dev.polystore.influxdb;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;

/**
 * Test support: event stores as a URL opens them, whose HTTP requests (each one that goes to the network: an OkHttp
 * network interceptor) a {@link RequestCounter} counts, and what they cost in requests beyond the contract's
 * portable model.
 */
final class CountedInflux {

  /** InfluxDB: the store's writer sends the buffered events in batches of {@code batch.size} (by default). */
  static final RequestCosts COSTS = RequestCosts.builder().eventsPerWrite(InfluxStoreOptions.DEFAULT_BATCH_SIZE)
      .build();

  private CountedInflux() {
  }

  /** The store {@code config} opens, counting into {@code counter}. */
  static EventStore open(StoreConfig config, RequestCounter counter) {
    return new InfluxStoreProvider().openEventStore(config, http -> http.addNetworkInterceptor(chain -> {
      counter.data();
      return chain.proceed(chain.request());
    }));
  }
}
