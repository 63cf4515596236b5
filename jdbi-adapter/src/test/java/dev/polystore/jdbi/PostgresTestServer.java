package dev.polystore.jdbi;

import dev.polystore.tck.ServerBackend;
import dev.polystore.tck.ServerBackends;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The PostgreSQL server of the tests: {@code POLYSTORE_TEST_POSTGRES_URL}, else a {@code postgres:17.6} container. */
public final class PostgresTestServer extends JdbcContainerServer {

  /** The backend name. */
  static final String NAME = "postgres";

  public PostgresTestServer() {
    super(NAME, "postgres", "jdbc:postgresql://127.0.0.1:5432/test", () -> new PostgreSQLContainer("postgres:17.6"));
  }

  /** The server; skips (or, when required, fails) the calling test when there is none. */
  static ServerBackend resolve() {
    return ServerBackends.resolve(NAME);
  }
}
