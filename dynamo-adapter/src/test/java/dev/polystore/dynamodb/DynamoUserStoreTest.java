package dev.polystore.dynamodb;

import dev.polystore.UserStore;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;
import dev.polystore.tck.UserStoreContract;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The user-store contract against DynamoDB Local (or {@code POLYSTORE_TEST_DYNAMODB_ENDPOINT}): a table per test, over
 * a client whose requests are counted.
 */
@ExtendWith(DynamoLocal.class)
class DynamoUserStoreTest extends UserStoreContract {

  private static final CountingInterceptor COUNTING = new CountingInterceptor();

  private final RequestCounter counter = new RequestCounter();
  private String table;

  @Override
  protected UserStore openEmptyStore() {
    table = DynamoLocal.freshTable();
    return DynamoStores.openUserStore(COUNTING.countInto(counter).client(),
        DynamoStoreOptions.builder().tableName(table).build());
  }

  /** The test's table, with the options read as the provider reads a URL's. */
  @Override
  protected UserStore openStoreWith(Map<String, String> options) {
    Map<String, String> settings = new HashMap<>(options);
    settings.put("table", table);
    return DynamoStores.openUserStore(COUNTING.client(), DynamoStoreProvider.options(settings));
  }

  @Override
  protected RequestCounter requestCounter() {
    return counter;
  }

  @Override
  protected RequestCosts requestCosts() {
    return CountingInterceptor.COSTS;
  }

  @AfterEach
  void dropTable() {
    DynamoLocal.dropTable(table);
  }

  @AfterAll
  static void closeClient() {
    COUNTING.close();
  }
}
