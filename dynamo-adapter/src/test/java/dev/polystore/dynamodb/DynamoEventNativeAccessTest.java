package dev.polystore.dynamodb;

import dev.polystore.EventStore;
import dev.polystore.tck.EventNativeAccessContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Event native access on DynamoDB Local: a series' bucket markers ({@code pk=SERIES#<series>}) name its event
 * partitions ({@link DynamoTableRef#eventPartitionKeys}, one per shard), each read with one Query in time order.
 */
@ExtendWith(DynamoLocal.class)
class DynamoEventNativeAccessTest extends EventNativeAccessContract {

  private String table;

  @Override
  protected EventStore openEmptyStore() {
    table = DynamoLocal.freshTable();
    return DynamoStores.openEventStore(DynamoLocal.client(), DynamoStoreOptions.builder().tableName(table).build());
  }

  @AfterEach
  void dropTable() {
    DynamoLocal.dropTable(table);
  }

  @Override
  protected Set<Class<?>> storeTypes() {
    return Set.of(DynamoDbClient.class, DynamoTableRef.class);
  }

  @Override
  protected List<Long> nativeFieldValues(EventStore store, String series, String host, String field) {
    DynamoDbClient client = store.unwrapOrThrow(DynamoDbClient.class);
    DynamoTableRef ref = store.unwrapOrThrow(DynamoTableRef.class);
    List<Long> values = new ArrayList<>();
    var buckets = client.queryPaginator(r -> r.tableName(ref.tableName()).consistentRead(true)
        .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk",
            AttributeValue.fromS("SERIES#" + series)))).items();
    for (Map<String, AttributeValue> bucket : buckets) {
      Instant start = Instant.ofEpochSecond(0, Long.parseLong(bucket.get("ref").s()));
      for (String partition : ref.eventPartitionKeys(series, start)) {
        var events = client.queryPaginator(r -> r.tableName(ref.tableName()).consistentRead(true)
            .keyConditionExpression("pk = :pk").filterExpression("tags.host = :host")
            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition),
                ":host", AttributeValue.fromS(host)))).items();
        for (Map<String, AttributeValue> event : events) {
          values.add(Long.parseLong(event.get("f_long").m().get(field).n()));
        }
      }
    }
    return values;
  }
}
