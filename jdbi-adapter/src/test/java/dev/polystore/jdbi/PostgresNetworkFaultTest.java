package dev.polystore.jdbi;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link NetworkFaultContract} on PostgreSQL. */
class PostgresNetworkFaultTest extends NetworkFaultContract {

  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(PostgresTestServer::resolve, "polystore_lost");

  @Override
  ServerDatabase database() {
    return DATABASE.get();
  }

  /** {@code UPDATE … RETURNING}. */
  @Override
  boolean updateIsOneStatement() {
    return true;
  }

  @Override
  String statementTextEveryTime() {
    return "prepareThreshold=0";
  }
}
