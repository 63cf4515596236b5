package dev.polystore.jdbi;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link NetworkFaultContract} on MySQL or MariaDB (the server behind POLYSTORE_TEST_MYSQL_URL). */
class MysqlNetworkFaultTest extends NetworkFaultContract {

  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(MysqlTestServer::resolve, "polystore_lost");

  @Override
  ServerDatabase database() {
    return DATABASE.get();
  }

  /** An update and a read of the new row, in one transaction. */
  @Override
  boolean updateIsOneStatement() {
    return false;
  }

  /** Connector/J sends the text of every statement as it is configured here. */
  @Override
  String statementTextEveryTime() {
    return "";
  }
}
