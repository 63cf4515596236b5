package dev.polystore.dynamodb.internal;

import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreException;
import dev.polystore.dynamodb.DynamoTableRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Internal: the single table's key layout, and creating it (with its index) when missing. Thread-safe
 * (stateless).
 *
 * <p>Keys: {@code pk} (S) and {@code sk} (S). One global secondary index, {@code gsi1} ({@code gsi1pk},
 * {@code gsi1sk}, projection ALL), overloaded: {@code USER} and {@code POST} partitions list users and posts in
 * id (creation) order; {@code TAG#<tag>} partitions list a tag's posts.
 */
final class DynamoTable {

  static final String PK = DynamoTableRef.PARTITION_KEY;
  static final String SK = DynamoTableRef.SORT_KEY;
  static final String TYPE = "type";
  static final String GSI1 = DynamoTableRef.INDEX;
  static final String GSI1PK = DynamoTableRef.INDEX_PARTITION_KEY;
  static final String GSI1SK = DynamoTableRef.INDEX_SORT_KEY;

  static final String USER = "USER#";
  static final String POST = "POST#";
  static final String TAG = "TAG#";
  static final String USERNAME = "USERNAME#";
  static final String EMAIL = "EMAIL#";
  static final String PROFILE = "PROFILE";
  static final String UNIQUE = "UNIQUE";
  static final String POINTER = "POST";
  static final String USERS_PARTITION = "USER";
  static final String POSTS_PARTITION = "POST";

  /** A condition that holds while no item has the key, for a put of a new item; its names are {@link #PK_NAMES}. */
  static final String NOT_EXISTS = "attribute_not_exists(#pk)";
  static final Map<String, String> PK_NAMES = Map.of("#pk", PK);

  private static final Logger LOG = LoggerFactory.getLogger(DynamoTable.class);
  private static final Duration MAX_WAIT = Duration.ofMinutes(10);

  private DynamoTable() {
  }

  static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(PK, s(pk), SK, s(sk));
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /** Makes sure the table and its index exist and are active; creates them when allowed. */
  static void ensure(DynamoDbClient client, String table, boolean create) {
    try {
      Optional<TableDescription> found = describe(client, table);
      if (found.isEmpty()) {
        if (!create) {
          throw new StoreConfigurationException("DynamoDB table " + table + " does not exist (and create.table is"
              + " false)");
        }
        create(client, table);
      } else if (!hasIndex(found.get())) {
        if (!create) {
          throw new StoreConfigurationException("DynamoDB table " + table + " has no index " + GSI1
              + " (and create.table is false)");
        }
        addIndex(client, table);
      }
      waitActive(client, table);
    } catch (SdkException e) {
      throw DynamoErrors.translate(e, "preparing table " + table);
    }
  }

  private static Optional<TableDescription> describe(DynamoDbClient client, String table) {
    try {
      return Optional.of(client.describeTable(r -> r.tableName(table)).table());
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  private static boolean hasIndex(TableDescription table) {
    return table.globalSecondaryIndexes().stream().anyMatch(i -> i.indexName().equals(GSI1));
  }

  private static void create(DynamoDbClient client, String table) {
    LOG.info("Creating DynamoDB table {} with index {} (on-demand capacity)", table, GSI1);
    try {
      client.createTable(r -> r.tableName(table)
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(stringAttribute(PK), stringAttribute(SK), stringAttribute(GSI1PK),
              stringAttribute(GSI1SK))
          .keySchema(keyElement(PK, KeyType.HASH), keyElement(SK, KeyType.RANGE))
          .globalSecondaryIndexes(index()));
    } catch (ResourceInUseException e) {
      LOG.debug("Table {} is being created by someone else; waiting for it", table);
    }
  }

  private static void addIndex(DynamoDbClient client, String table) {
    LOG.info("Adding index {} to DynamoDB table {}", GSI1, table);
    try {
      client.updateTable(r -> r.tableName(table)
          .attributeDefinitions(stringAttribute(PK), stringAttribute(SK), stringAttribute(GSI1PK),
              stringAttribute(GSI1SK))
          .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
              .create(CreateGlobalSecondaryIndexAction.builder()
                  .indexName(GSI1)
                  .keySchema(keyElement(GSI1PK, KeyType.HASH), keyElement(GSI1SK, KeyType.RANGE))
                  .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                  .build())
              .build()));
    } catch (ResourceInUseException e) {
      LOG.debug("Table {} is being updated by someone else; waiting for it", table);
    }
  }

  private static GlobalSecondaryIndex index() {
    return GlobalSecondaryIndex.builder()
        .indexName(GSI1)
        .keySchema(keyElement(GSI1PK, KeyType.HASH), keyElement(GSI1SK, KeyType.RANGE))
        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
        .build();
  }

  private static void waitActive(DynamoDbClient client, String table) {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    long sleep = 50;
    while (true) {
      Optional<TableDescription> d = describe(client, table);
      if (d.isPresent() && d.get().tableStatus() == TableStatus.ACTIVE && hasIndex(d.get())
          && d.get().globalSecondaryIndexes().stream()
          .filter(i -> i.indexName().equals(GSI1))
          .map(GlobalSecondaryIndexDescription::indexStatus)
          .allMatch(s -> s == IndexStatus.ACTIVE)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new StoreException("DynamoDB table " + table + " did not become active within " + MAX_WAIT);
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while waiting for DynamoDB table " + table, e);
      }
      sleep = Math.min(sleep * 2, 2000);
    }
  }

  private static AttributeDefinition stringAttribute(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
  }

  private static KeySchemaElement keyElement(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  /** The names of the key attributes of an item read from {@code index} (null: the table). */
  static List<String> keyNames(String index) {
    return index == null ? List.of(PK, SK) : List.of(PK, SK, GSI1PK, GSI1SK);
  }
}
