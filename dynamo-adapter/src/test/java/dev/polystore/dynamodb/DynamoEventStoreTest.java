package dev.polystore.dynamodb;

import dev.polystore.EventStore;
import dev.polystore.tck.EventStoreContract;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The event-store contract against DynamoDB Local (or {@code POLYSTORE_TEST_DYNAMODB_ENDPOINT}): a table per test, over
 * a client whose requests are counted, with the default options (one shard per bucket); variants override
 * {@link #options()}.
 */
@ExtendWith(DynamoLocal.class)
class DynamoEventStoreTest extends EventStoreContract {

  private static final CountingInterceptor COUNTING = new CountingInterceptor();

  private final RequestCounter counter = new RequestCounter();
  private String table;

  @Override
  protected EventStore openEmptyStore() {
    table = DynamoLocal.freshTable();
    return DynamoStores.openEventStore(COUNTING.countInto(counter).client(), options().tableName(table).build());
  }

  /** The options of the stores under test, but for the table. */
  protected DynamoStoreOptions.Builder options() {
    return DynamoStoreOptions.builder();
  }

  /** The test's table with its shard count, and the options read as the provider reads a URL's. */
  @Override
  protected EventStore openStoreWith(Map<String, String> options) {
    Map<String, String> settings = new HashMap<>(options);
    settings.put("table", table);
    settings.putIfAbsent("event.shards", Integer.toString(options().tableName(table).build().eventShards()));
    return DynamoStores.openEventStore(COUNTING.client(), DynamoStoreProvider.options(settings));
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
