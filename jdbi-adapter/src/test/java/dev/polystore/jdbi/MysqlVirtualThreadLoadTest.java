package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.tck.VirtualThreadLoadContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@value VirtualThreadLoadContract#THREADS} virtual threads against MySQL/MariaDB, in a database of its own: the user
 * store and the event store each with a pool of {@value VirtualThreadLoadContract#POOL_SIZE} connections
 * ({@code pool.max.size}).
 */
class MysqlVirtualThreadLoadTest extends VirtualThreadLoadContract {

  /** Created by the test; without a server it is skipped (or failed, when required). */
  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(MysqlTestServer::resolve, "polystore_load");

  @Override
  protected UserStore openUserStore(int connections) {
    UserStore store = Stores.openUserStore(DATABASE.get().config()
        .property(JdbiStoreOptions.POOL_MAX_SIZE, Integer.toString(connections)).build());
    DATABASE.get().empty();
    return store;
  }

  @Override
  protected EventStore openEventStore(int connections) {
    EventStore store = Stores.openEventStore(DATABASE.get().config()
        .property(JdbiStoreOptions.POOL_MAX_SIZE, Integer.toString(connections)).build());
    DATABASE.get().execute("DELETE FROM events");
    return store;
  }
}
