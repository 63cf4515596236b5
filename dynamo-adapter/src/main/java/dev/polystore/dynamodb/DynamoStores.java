package dev.polystore.dynamodb;

import dev.polystore.EventStore;
import dev.polystore.StoreConfigurationException;
import dev.polystore.UserStore;
import dev.polystore.dynamodb.internal.DynamoEventStore;
import dev.polystore.dynamodb.internal.DynamoUserStore;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Opens DynamoDB stores over a {@link DynamoDbClient} the application owns (its credentials, region,
 * endpoint, HTTP client, retry, timeout and metrics settings): {@link DynamoStoreOptions#callTimeout()} and
 * {@link DynamoStoreOptions#callAttemptTimeout()} do not apply to it, so give it an {@code apiCallTimeout} and an
 * {@code apiCallAttemptTimeout} (the SDK sets neither) to bound every call. Closing such a store does not close
 * the client. To open stores from a URL instead, use {@link dev.polystore.Stores} with a {@code dynamodb:} URL
 * ({@link DynamoStoreProvider}). Thread-safe.
 *
 * <pre>{@code
 * DynamoDbClient client = DynamoDbClient.create();
 * try (UserStore users = DynamoStores.openUserStore(client, DynamoStoreOptions.defaults())) { ... }
 * }</pre>
 */
public final class DynamoStores {

  private DynamoStores() {
  }

  /**
   * A user store over {@code client}; creates the table when missing (unless
   * {@link DynamoStoreOptions#createTable()} is off) and waits until it is active.
   */
  public static UserStore openUserStore(DynamoDbClient client, DynamoStoreOptions options) {
    return new DynamoUserStore(Objects.requireNonNull(client, "client"), Objects.requireNonNull(options, "options"),
        false);
  }

  /** An event store over {@code client}; see {@link #openUserStore(DynamoDbClient, DynamoStoreOptions)}. */
  public static EventStore openEventStore(DynamoDbClient client, DynamoStoreOptions options) {
    return new DynamoEventStore(Objects.requireNonNull(client, "client"), Objects.requireNonNull(options, "options"),
        false);
  }

  /**
   * The read planner of a user store opened by this adapter.
   *
   * @throws StoreConfigurationException when the store is not a DynamoDB store
   */
  public static DynamoReadPlanner readPlanner(UserStore store) {
    if (store instanceof DynamoReadPlanner planner) {
      return planner;
    }
    throw new StoreConfigurationException("not a DynamoDB user store: " + store.getClass().getName());
  }
}
