package dev.polystore.dynamodb;

/**
 * The event-store contract against DynamoDB Local with each bucket of a series spread over four shards
 * ({@code event.shards=4}): every query, limit, order, aggregate and delete must read as with one shard.
 */
class DynamoShardedEventStoreTest extends DynamoEventStoreTest {

  @Override
  protected DynamoStoreOptions.Builder options() {
    return DynamoStoreOptions.builder().eventShards(4);
  }

  @Override
  protected String variant() {
    return "4-shards";
  }
}
