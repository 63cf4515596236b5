package dev.polystore.jdbi;

import dev.polystore.tck.ServerBackend;
import dev.polystore.tck.ServerBackends;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The MySQL server of the tests (MariaDB answers to the name too): {@code POLYSTORE_TEST_MYSQL_URL}, else a
 * {@code mysql:8.4.6} container.
 */
public final class MysqlTestServer extends JdbcContainerServer {

  /** The backend name. */
  static final String NAME = "mysql";

  public MysqlTestServer() {
    super(NAME, "root", "jdbc:mysql://127.0.0.1:3306/test", () -> new MySQLContainer("mysql:8.4.6"));
  }

  /** The server; skips (or, when required, fails) the calling test when there is none. */
  static ServerBackend resolve() {
    return ServerBackends.resolve(NAME);
  }
}
