package dev.polystore.samples.schema;

import dev.polystore.StoreConfig;
import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.samples.backends.InstrumentedClients;
import dev.polystore.samples.backends.RequestCounter;
import dev.polystore.spi.support.UrlQuery;
import java.io.PrintStream;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * What a DynamoDB store created: its table (status, keys, items) and the table's secondary indexes, from
 * {@code DescribeTable}. Not thread-safe.
 */
final class DynamoSchema {

  private DynamoSchema() {
  }

  /** Prints the table of the {@code dynamodb:} URL ({@code table}, default {@code polystore}; {@code endpoint}). */
  static void show(String url, PrintStream out) {
    Map<String, String> settings = UrlQuery.settings(StoreConfig.of(url), "dynamodb:");
    String table = settings.getOrDefault("table", DynamoStoreOptions.DEFAULT_TABLE_NAME);
    try (DynamoDbClient client = client(settings)) {
      TableDescription description = client.describeTable(r -> r.tableName(table)).table();
      out.println("Table " + description.tableName() + ": " + description.tableStatusAsString() + ", "
          + description.itemCount() + " items (updated by DynamoDB about every six hours), key "
          + keys(description.keySchema().toArray(KeySchemaElement[]::new)));
      for (GlobalSecondaryIndexDescription index : description.globalSecondaryIndexes()) {
        out.println("  index " + index.indexName() + ": " + index.indexStatusAsString() + ", key "
            + keys(index.keySchema().toArray(KeySchemaElement[]::new)) + ", projection "
            + index.projection().projectionTypeAsString());
      }
    } catch (ResourceNotFoundException e) {
      out.println("Table " + table + " does not exist: a store creates it when it opens (create.table=true, the"
          + " default).");
    }
    out.println("No migrations: the single-table layout is fixed (docs/dynamodb.md); a store checks the table when"
        + " it opens.");
  }

  private static DynamoDbClient client(Map<String, String> settings) {
    String endpoint = settings.get("endpoint");
    if (endpoint == null) {
      return DynamoDbClient.create();
    }
    return InstrumentedClients.dynamo(URI.create(endpoint), new RequestCounter("DynamoDB requests"));
  }

  private static String keys(KeySchemaElement... keys) {
    StringBuilder text = new StringBuilder();
    for (KeySchemaElement key : keys) {
      text.append(text.length() == 0 ? "" : ", ").append(key.attributeName()).append(" (")
          .append(key.keyTypeAsString()).append(")");
    }
    return text.toString();
  }
}
