package dev.polystore.dynamodb.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.InvalidQueryException;
import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.dynamodb.DynamoTableRef;
import dev.polystore.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link DynamoTableRef}, the public view of the layout, says what the store's own code writes. */
class DynamoTableRefLayoutTest {

  private final DynamoTableRef ref = DynamoTableRef.of(DynamoStoreOptions.builder().tableName("app")
      .eventBucket(Duration.ofHours(1)).build());

  @Test
  void everyPartitionKindOfTheStoreIsReserved() {
    List<String> kinds = List.of(DynamoTable.USER, DynamoTable.POST, DynamoTable.USERNAME, DynamoTable.EMAIL,
        "EVENT#", "SERIES#", "META");
    assertEquals(kinds.stream().sorted().toList(), DynamoTableRef.RESERVED_PARTITION_KEYS.stream().sorted().toList());
    assertAll(
        () -> assertTrue(DynamoTableRef.isPolystorePartitionKey("USER#0190")),
        () -> assertTrue(DynamoTableRef.isPolystorePartitionKey("META")),
        () -> assertFalse(DynamoTableRef.isPolystorePartitionKey("METADATA"), "META is a whole key"),
        () -> assertFalse(DynamoTableRef.isPolystorePartitionKey("APP#1")),
        () -> assertFalse(DynamoTableRef.isPolystorePartitionKey("user#1"), "keys are case-sensitive"));
  }

  @Test
  void keysAreTheStoresOwn() {
    UUID id = UUID.randomUUID();
    assertEquals(DynamoItemCodec.userKey(id), ref.userKey(new UserId(id)));
    for (Instant time : List.of(Instant.parse("2024-03-01T10:15:30.123456789Z"), Instant.parse("1969-12-31T23:59:59Z"),
        Instant.ofEpochSecond(0, Long.MIN_VALUE), Instant.ofEpochSecond(0, Long.MAX_VALUE))) {
      long nanos = DynamoTime.nanos(time);
      long bucket = Math.floorDiv(nanos, Duration.ofHours(1).toNanos()) * Duration.ofHours(1).toNanos();
      assertEquals(List.of("EVENT#cpu#" + EventLayout.timeKey(bucket)), ref.eventPartitionKeys("cpu", time),
          time::toString);
      assertEquals(EventLayout.timeKey(nanos), DynamoTableRef.timeKey(time), time::toString);
    }
  }

  @Test
  void aShardedTableNamesEveryShardOfABucketAndEachEventLandsInOne() {
    EventLayout layout = new EventLayout(Duration.ofHours(1), 4);
    DynamoTableRef sharded = DynamoTableRef.of(DynamoStoreOptions.builder().tableName("app")
        .eventBucket(Duration.ofHours(1)).eventShards(4).build());
    Instant time = Instant.parse("2024-03-01T10:15:30.123456789Z");
    long nanos = DynamoTime.nanos(time);
    List<String> keys = sharded.eventPartitionKeys("cpu", time);
    assertEquals(layout.partitions("cpu", layout.bucketOf(nanos)), keys);
    assertEquals(4, keys.size());
    assertTrue(keys.contains(layout.partitionOf("cpu", nanos, Map.of("host", "a"))));
    assertEquals(4, sharded.eventShards());
  }

  @Test
  void applicationItemsStayOutOfPolystoresKindsAndIndex() {
    Map<String, AttributeValue> own = Map.of("pk", AttributeValue.fromS("APP#1"), "sk", AttributeValue.fromS("X"));
    assertEquals(own, ref.requireApplicationItem(own));
    assertThrows(InvalidQueryException.class, () -> ref.requireApplicationItem(Map.of("pk",
        AttributeValue.fromS("EMAIL#a@b"), "sk", AttributeValue.fromS("UNIQUE"))));
    assertThrows(InvalidQueryException.class, () -> ref.requireApplicationItem(Map.of("pk",
        AttributeValue.fromS("APP#1"), "sk", AttributeValue.fromS("X"), "gsi1sk", AttributeValue.fromS("1"))));
    assertThrows(InvalidQueryException.class, () -> ref.requireApplicationItem(Map.of("sk",
        AttributeValue.fromS("X"))), "no pk");
  }
}
