package dev.polystore.jdbi;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link NetworkFaultContract} through MariaDB Connector/J ({@code jdbc:mariadb:}) against the MySQL/MariaDB test
 * server: that driver aborts a connection differently (it waits for a blocked read), so deadlines are checked on it
 * too.
 */
class MariadbDriverNetworkFaultTest extends NetworkFaultContract {

  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(MysqlTestServer::resolve, "polystore_lost");

  @Override
  ServerDatabase database() {
    return DATABASE.get();
  }

  @Override
  String storeUrl(String url) {
    return url.replaceFirst("^jdbc:mysql:", "jdbc:mariadb:");
  }

  /** An update and a read of the new row, in one transaction. */
  @Override
  boolean updateIsOneStatement() {
    return false;
  }

  /** The MariaDB driver sends the text of every statement as it is configured here. */
  @Override
  String statementTextEveryTime() {
    return "";
  }
}
