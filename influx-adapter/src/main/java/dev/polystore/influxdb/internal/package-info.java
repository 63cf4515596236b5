/** Internal: the InfluxDB event store, its writer, line protocol and InfluxQL. Not an API; may change. */
package dev.polystore.influxdb.internal;
