/**
 * API: the InfluxDB adapter — {@link dev.polystore.spi.StoreProvider} for {@code influxdb:} URLs and its options.
 * Event stores only; InfluxDB 1.x, 2.x and 3.x through their common HTTP API. Native access
 * ({@code store.unwrap(...)}): the store's {@code InfluxDBClient} and {@link dev.polystore.influxdb.InfluxDatabaseRef}
 * (database or bucket, retention policy, the measurement of a series, time precision), for Flux, InfluxQL or SQL
 * queries the {@code EventStore} API does not express; see {@code docs/native-access.md}.
 */
package dev.polystore.influxdb;
