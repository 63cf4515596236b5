package dev.polystore.jdbi;

import dev.polystore.tck.ServerBackend;
import dev.polystore.tck.TestServer;
import org.testcontainers.containers.JdbcDatabaseContainer;

/**
 * A test server that Testcontainers can start: the image docker-compose.yml pins, started once per JVM by
 * {@link dev.polystore.tck.ServerBackends} when no URL is set and Docker answers, stopped when the JVM exits.
 */
abstract class JdbcContainerServer implements TestServer {

  /** The container, not yet started. */
  abstract JdbcDatabaseContainer<?> container();

  @Override
  public final ServerBackend startContainer() {
    JdbcDatabaseContainer<?> container = container();
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "polystore-test-" + name() + "-stop"));
    return new ServerBackend(container.getJdbcUrl(), container.getUsername(), container.getPassword());
  }
}
