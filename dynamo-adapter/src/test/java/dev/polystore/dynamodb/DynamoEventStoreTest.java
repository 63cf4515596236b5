package dev.polystore.dynamodb;

import dev.polystore.EventStore;
import dev.polystore.tck.EventStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The event-store contract against DynamoDB Local (or {@code POLYSTORE_TEST_DYNAMODB_ENDPOINT}): a table per test. */
@ExtendWith(DynamoLocal.class)
class DynamoEventStoreTest extends EventStoreContract {

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
}
