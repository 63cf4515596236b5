package dev.polystore.jdbi;

import dev.polystore.StoreConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SqlMessagesContract} on PostgreSQL. */
class PostgresMessagesTest extends SqlMessagesContract {

  /** Created by the first test that runs; without a server each test is skipped (or failed) on its own. */
  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(PostgresTestServer::resolve, "polystore_messages");

  @Override
  StoreConfig.Builder config() {
    return DATABASE.get().config();
  }

  @Override
  void empty() {
    DATABASE.get().empty();
  }

  @Override
  void refuseUsername(String name, String username) {
    DATABASE.get().execute("ALTER TABLE users ADD CONSTRAINT " + name + " CHECK (username <> '" + username + "')");
  }
}
