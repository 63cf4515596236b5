package dev.polystore.samples.schema;

import dev.polystore.influxdb.InfluxStoreOptions;
import dev.polystore.samples.backends.InfluxQlClient;
import java.io.PrintStream;
import java.util.List;

/**
 * What an InfluxDB store created: its database, the database's retention policies, and the measurements (one per
 * series) with their tag and field keys, from InfluxQL's {@code SHOW} statements (InfluxDB 1.x). Not
 * thread-safe.
 */
final class InfluxSchema {

  private InfluxSchema() {
  }

  /** Prints the database of the {@code influxdb:} URL ({@code database}, default {@code polystore}). */
  static void show(String url, PrintStream out) {
    InfluxQlClient influx = new InfluxQlClient(url);
    try {
      String database = influx.settings().getOrDefault("database", InfluxStoreOptions.DEFAULT_DATABASE);
      boolean exists = influx.query("SHOW DATABASES", null).stream().anyMatch(row -> row.get(0).equals(database));
      if (!exists) {
        out.println("Database " + database + " does not exist on " + influx.serverUrl() + ": a 1.x store creates it"
            + " when it opens (create.database=true, the default).");
        return;
      }
      out.println("Database " + database + " on " + influx.serverUrl());
      for (List<String> policy : influx.query("SHOW RETENTION POLICIES ON \"" + database + "\"", null)) {
        out.println("  retention policy " + policy.get(0) + ": duration " + policy.get(1) + ", shard group "
            + policy.get(2) + ", replicas " + policy.get(3) + (policy.size() > 4 && "true".equals(policy.get(4))
            ? ", default" : ""));
      }
      List<List<String>> measurements = influx.query("SHOW MEASUREMENTS", database);
      out.println("  " + measurements.size() + " measurement(s), one per series:");
      for (List<String> measurement : measurements) {
        String name = measurement.get(0);
        String quoted = "\"" + name.replace("\"", "\\\"") + "\"";
        List<String> tags = influx.query("SHOW TAG KEYS FROM " + quoted, database).stream().map(r -> r.get(0))
            .toList();
        List<String> fields = influx.query("SHOW FIELD KEYS FROM " + quoted, database).stream()
            .map(r -> r.get(0) + ":" + r.get(1)).toList();
        out.println("    " + name + ": tags " + tags + ", fields " + fields);
      }
      out.println("No migrations: measurements, tags and fields appear with the first write; a field keeps its first"
          + " type (docs/influxdb.md).");
    } finally {
      influx.close();
    }
  }
}
