package dev.polystore.jdbi;

import dev.polystore.UserStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Native access on PostgreSQL, in a schema of its own, emptied before each test. */
class PostgresUserNativeAccessTest extends JdbiUserNativeAccessContract {

  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(PostgresTestServer::resolve, "polystore_native");

  @Override
  protected UserStore openStore() {
    return DATABASE.get().openEmptyUserStore();
  }
}
