package dev.polystore.dynamodb;

import dev.polystore.EventStore;
import dev.polystore.UserStore;
import dev.polystore.tck.VirtualThreadLoadContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@value VirtualThreadLoadContract#THREADS} virtual threads against DynamoDB Local: the user store and the event
 * store share one table and one client whose HTTP connection pool holds
 * {@value VirtualThreadLoadContract#POOL_SIZE} connections ({@code Apache5HttpClient.maxConnections}), the SDK's
 * counterpart of a JDBC pool.
 */
@ExtendWith(DynamoLocal.class)
class DynamoVirtualThreadLoadTest extends VirtualThreadLoadContract {

  /** The longest wait for one of the client's connections. */
  private static final Duration CONNECTION_WAIT = Duration.ofSeconds(60);

  private final String table = DynamoLocal.freshTable();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private DynamoDbClient client;

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    DynamoLocal.dropTable(table);
  }

  private DynamoDbClient client(int connections) {
    if (client == null) {
      // Thousands of callers queue for the client's few connections: the wait for one (10 s by default) must
      // cover the queue, as pool.connection.timeout does for a JDBC pool.
      client = DynamoLocal.newClient(Apache5HttpClient.builder().maxConnections(connections)
          .connectionAcquisitionTimeout(CONNECTION_WAIT), o -> { });
      opened.add(client);
    }
    return client;
  }

  private DynamoStoreOptions options() {
    return DynamoStoreOptions.builder().tableName(table).build();
  }

  @Override
  protected UserStore openUserStore(int connections) {
    return DynamoStores.openUserStore(client(connections), options());
  }

  @Override
  protected EventStore openEventStore(int connections) {
    return DynamoStores.openEventStore(client(connections), options());
  }
}
