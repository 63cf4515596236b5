package dev.polystore.samples.backends;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.dynamodb.DynamoStores;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The stores of one URL, as an application opens them ({@link Stores}), for {@code demo}: a user store unless the
 * backend holds events only, and an event store. The URL {@code dynamodb-local} starts DynamoDB Local in-process
 * instead. Closing closes the stores, then DynamoDB Local. Not thread-safe to close.
 */
public final class DemoStores implements AutoCloseable {

  /** The URL that means: DynamoDB Local, in-process. */
  public static final String DYNAMODB_LOCAL = "dynamodb-local";

  private final Optional<UserStore> users;
  private final EventStore events;
  private final AutoCloseable extra;

  private DemoStores(Optional<UserStore> users, EventStore events, AutoCloseable extra) {
    this.users = users;
    this.events = events;
    this.extra = extra;
  }

  /** Opens the stores of {@code url}. */
  public static DemoStores open(String url) {
    if (url.equals(DYNAMODB_LOCAL)) {
      EmbeddedDynamo dynamo = EmbeddedDynamo.start();
      DynamoDbClient client = InstrumentedClients.dynamo(dynamo.endpoint(), new RequestCounter("DynamoDB requests"));
      DynamoStoreOptions options = DynamoStoreOptions.builder().tableName("polystore-demo")
          .cursorSecret(UUID.randomUUID().toString()).build();
      UserStore users = DynamoStores.openUserStore(client, options);
      EventStore events = DynamoStores.openEventStore(client, options);
      return new DemoStores(Optional.of(users), events, () -> {
        client.close();
        dynamo.close();
      });
    }
    Optional<UserStore> users = Optional.empty();
    if (!url.startsWith("influxdb:")) {
      // a cursor secret of the demo's own: cursors need one, and the demo's cursors live only this long
      users = Optional.of(Stores.openUserStore(StoreConfig.builder(url)
          .property("cursor.secret", UUID.randomUUID().toString() + UUID.randomUUID()).build()));
    }
    try {
      return new DemoStores(users, Stores.openEventStore(StoreConfig.of(url)), () -> { });
    } catch (RuntimeException e) {
      users.ifPresent(UserStore::close);
      throw e;
    }
  }

  /** The user store; empty for InfluxDB, which holds events only. */
  public Optional<UserStore> users() {
    return users;
  }

  public EventStore events() {
    return events;
  }

  @Override
  public void close() {
    try {
      users.ifPresent(UserStore::close);
    } finally {
      try {
        events.close();
      } finally {
        try {
          extra.close();
        } catch (Exception e) {
          System.err.println("closing failed: " + e.getMessage());
        }
      }
    }
  }
}
