/**
 * API: the InfluxDB adapter — {@link dev.polystore.spi.StoreProvider} for {@code influxdb:} URLs and its options.
 * Event stores only; InfluxDB 1.x, 2.x and 3.x through their common HTTP API.
 */
package dev.polystore.influxdb;
