package dev.polystore.samples.schema;

import dev.polystore.StoreConfig;
import dev.polystore.StoreException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code schema}: shows what a backend's schema is and, on SQL databases, applies and validates the JDBI adapter's
 * Flyway migrations. Exit status 0; 1 when validation fails, a downgrade is asked for, or the backend fails (the
 * message is printed). Not thread-safe.
 */
@Command(name = "schema", mixinStandardHelpOptions = true,
    description = {"Shows a store's schema: the migrations of a SQL database (Flyway), the table and indexes of"
        + " DynamoDB, the database, retention policies and measurements of InfluxDB.",
        "Flyway Community has no automatic downgrade: to undo a change, write a new forward migration."})
public final class SchemaCommand implements Callable<Integer> {

  @Option(names = "--url", defaultValue = "jdbc:sqlite:polystore-demo.db", paramLabel = "URL",
      description = "store URL; default: ${DEFAULT-VALUE} (the demo's)")
  private String url;

  @Option(names = "--migrate", description = "SQL: apply pending migrations")
  private boolean migrate;

  @Option(names = "--validate", description = "SQL: check the applied migrations match the adapter's")
  private boolean validate;

  @Option(names = "--downgrade", paramLabel = "VERSION", description = "SQL: explains why this is not done")
  private String downgrade;

  @Override
  public Integer call() {
    System.out.println("Schema of " + StoreConfig.mask(url));
    String lower = url.toLowerCase(Locale.ROOT);
    try {
      if (lower.startsWith("jdbc:")) {
        return sql();
      }
      if (migrate || validate || downgrade != null) {
        System.out.println("--migrate, --validate and --downgrade are for SQL databases; this backend has no"
            + " migrations.");
        return 1;
      }
      if (lower.startsWith("dynamodb:")) {
        DynamoSchema.show(url, System.out);
      } else if (lower.startsWith("influxdb:")) {
        InfluxSchema.show(url, System.out);
      } else {
        System.out.println("Not a store URL this command knows: jdbc:…, dynamodb:… or influxdb:….");
        return 1;
      }
      return 0;
    } catch (StoreException | IllegalArgumentException | org.flywaydb.core.api.FlywayException
        | software.amazon.awssdk.core.exception.SdkException e) {
      System.out.println("Failed: " + e.getMessage());
      return 1;
    }
  }

  private int sql() {
    if (downgrade != null) {
      System.out.println("Downgrade to " + downgrade + ": not possible. Flyway Community has no automatic undo"
          + " (undo migrations are a Flyway Teams feature), and the adapter ships none. Write a new forward"
          + " migration that reverses the change instead.");
      return 1;
    }
    try (SqlSchema schema = new SqlSchema(url, System.out)) {
      if (migrate) {
        schema.migrate();
      }
      schema.show();
      boolean valid = !validate || schema.validate();
      System.out.println("Downgrades: Flyway Community has none; write a new forward migration.");
      return valid ? 0 : 1;
    }
  }
}
