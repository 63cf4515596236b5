package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.tck.VirtualThreadLoadContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@value VirtualThreadLoadContract#THREADS} virtual threads against a SQLite database file: the user store and the
 * event store share the file, each with a pool of {@value VirtualThreadLoadContract#POOL_SIZE} connections
 * ({@code pool.max.size}), opened by URL as an application opens them.
 */
class SqliteFileVirtualThreadLoadTest extends VirtualThreadLoadContract {

  @TempDir
  Path dir;

  private StoreConfig config(int connections) {
    return StoreConfig.builder("jdbc:sqlite:" + dir.resolve("load.db"))
        .property(JdbiStoreOptions.POOL_MAX_SIZE, Integer.toString(connections)).build();
  }

  @Override
  protected UserStore openUserStore(int connections) {
    return Stores.openUserStore(config(connections));
  }

  @Override
  protected EventStore openEventStore(int connections) {
    return Stores.openEventStore(config(connections));
  }

  @Override
  protected String variant() {
    return "file";
  }
}
