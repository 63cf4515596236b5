package dev.polystore.dynamodb;

import dev.polystore.UserStore;
import dev.polystore.tck.UserStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The user-store contract against DynamoDB Local (or {@code POLYSTORE_TEST_DYNAMODB_ENDPOINT}): a table per test. */
@ExtendWith(DynamoLocal.class)
class DynamoUserStoreTest extends UserStoreContract {

  private String table;

  @Override
  protected UserStore openEmptyStore() {
    table = DynamoLocal.freshTable();
    return DynamoStores.openUserStore(DynamoLocal.client(), DynamoStoreOptions.builder().tableName(table).build());
  }

  @AfterEach
  void dropTable() {
    DynamoLocal.dropTable(table);
  }
}
