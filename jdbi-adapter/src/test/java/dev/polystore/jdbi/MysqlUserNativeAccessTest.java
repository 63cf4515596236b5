package dev.polystore.jdbi;

import dev.polystore.UserStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Native access on MySQL or MariaDB through MySQL Connector/J, in a database of its own, emptied before each test. */
class MysqlUserNativeAccessTest extends JdbiUserNativeAccessContract {

  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(MysqlTestServer::resolve, "polystore_native");

  @Override
  protected UserStore openStore() {
    return DATABASE.get().openEmptyUserStore();
  }

  /** {@code V3__no_pad_collations}. */
  @Override
  protected int schemaVersion() {
    return 3;
  }
}
