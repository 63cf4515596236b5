package dev.polystore.dynamodb.internal;

import dev.polystore.StoreConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Internal: the event layout a table was made with, kept in its settings item {@code pk=META, sk=EVENTS}:
 * {@code ref} holds the bucket size in nanoseconds and {@code shards} the shard count (absent in tables made
 * before shards existed, which have one). The first event store to open a table records its layout; every later
 * one must have the same, since the keys of the stored events depend on it. Stateless.
 */
final class EventTableSettings {

  static final String PARTITION = "META";
  static final String SORT_KEY = "EVENTS";
  private static final String SHARDS = "shards";

  private EventTableSettings() {
  }

  /**
   * Records the layout in the table, or checks it against the recorded one.
   *
   * @throws StoreConfigurationException when the table was made with another bucket size or shard count, naming
   *     the options that open it
   */
  static void recordOrCheck(DynamoDatabase db, EventLayout layout) {
    String table = db.table();
    Map<String, AttributeValue> item = new HashMap<>(RefItem.SCHEMA.itemToMap(
        new RefItem(PARTITION, SORT_KEY, PARTITION, Long.toString(layout.bucketNanos())), true));
    item.put(SHARDS, DynamoTable.n(layout.shards()));
    try {
      db.client().putItem(r -> r.tableName(table).item(item).conditionExpression(DynamoTable.NOT_EXISTS)
          .expressionAttributeNames(DynamoTable.PK_NAMES));
    } catch (ConditionalCheckFailedException exists) {
      check(table, layout, db.getItem(DynamoTable.key(PARTITION, SORT_KEY),
          "reading the event settings of table " + table).orElse(Map.of()));
    } catch (SdkException e) {
      throw DynamoErrors.translate(e, "checking the event settings of table " + table);
    }
  }

  private static void check(String table, EventLayout layout, Map<String, AttributeValue> stored) {
    String bucketText = stored.containsKey("ref") ? stored.get("ref").s() : null;
    long bucket = bucketText == null ? -1 : Long.parseLong(bucketText);
    int shards = stored.containsKey(SHARDS) ? Integer.parseInt(stored.get(SHARDS).n()) : 1;
    List<String> differences = new ArrayList<>();
    List<String> options = new ArrayList<>();
    if (bucket != layout.bucketNanos()) {
      String theirs = bucket < 0 ? "?" : Duration.ofNanos(bucket).toString();
      differences.add("keeps events in buckets of " + theirs + ", not " + Duration.ofNanos(layout.bucketNanos()));
      options.add("event.bucket=" + theirs);
    }
    if (shards != layout.shards()) {
      differences.add("spreads each bucket of a series over " + shards + " shard(s), not " + layout.shards());
      options.add("event.shards=" + shards);
    }
    if (!differences.isEmpty()) {
      throw new StoreConfigurationException("table " + table + " " + String.join(" and ", differences)
          + "; both are fixed when the table's first event store opens it: open it with "
          + String.join(" and ", options));
    }
  }
}
