/**
 * InfluxDB: Polystore's InfluxDB adapter against raw line protocol and InfluxQL over the same
 * influxdb-client-java OkHttp stack. Internal to the benchmarks.
 */
package dev.polystore.benchmarks.influx;
