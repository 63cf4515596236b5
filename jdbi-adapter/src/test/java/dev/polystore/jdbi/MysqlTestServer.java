package dev.polystore.jdbi;

import dev.polystore.tck.ServerBackend;
import dev.polystore.tck.ServerBackends;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The MySQL server of the tests (MariaDB answers to the name too): {@code POLYSTORE_TEST_MYSQL_URL}, else a
 * {@code mysql:8.4.6} container.
 */
public final class MysqlTestServer extends JdbcContainerServer {

  /** The backend name. */
  static final String NAME = "mysql";

  /** The server; skips (or, when required, fails) the calling test when there is none. */
  static ServerBackend resolve() {
    return ServerBackends.resolve(NAME);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String defaultUsername() {
    return "root";
  }

  @Override
  public String exampleUrl() {
    return "jdbc:mysql://127.0.0.1:3306/test";
  }

  @Override
  JdbcDatabaseContainer<?> container() {
    return new MySQLContainer("mysql:8.4.6");
  }
}
