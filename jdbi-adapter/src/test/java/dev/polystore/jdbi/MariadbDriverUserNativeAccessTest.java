package dev.polystore.jdbi;

import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Native access on the MySQL/MariaDB test server through MariaDB Connector/J ({@code jdbc:mariadb:}), whose store
 * prepares statements plainly: the application's SqlObjects run on that {@code Jdbi} too.
 */
class MariadbDriverUserNativeAccessTest extends JdbiUserNativeAccessContract {

  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(MysqlTestServer::resolve, "polystore_native");

  @Override
  protected UserStore openStore() {
    StoreConfig mysql = DATABASE.get().config().build();
    UserStore store = Stores.openUserStore(StoreConfig.builder(mysql.url().replaceFirst("^jdbc:mysql:",
        "jdbc:mariadb:")).properties(mysql.properties()).build());
    DATABASE.get().empty();
    return store;
  }

  /** {@code V3__no_pad_collations}. */
  @Override
  protected int schemaVersion() {
    return 3;
  }

  @Override
  protected String variant() {
    return "mariadb-driver";
  }
}
