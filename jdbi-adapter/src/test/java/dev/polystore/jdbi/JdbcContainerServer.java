package dev.polystore.jdbi;

import dev.polystore.tck.ServerBackend;
import dev.polystore.tck.ServerBackends;
import dev.polystore.tck.TestServer;
import java.util.function.Supplier;
import org.testcontainers.containers.JdbcDatabaseContainer;

/**
 * A test server that Testcontainers can start: the image docker-compose.yml pins, started once per JVM by
 * {@link ServerBackends} when no URL is set and Docker answers, stopped when the JVM exits.
 */
abstract class JdbcContainerServer implements TestServer {

  private final String name;
  private final String defaultUsername;
  private final String exampleUrl;
  private final Supplier<JdbcDatabaseContainer<?>> container;

  JdbcContainerServer(String name, String defaultUsername, String exampleUrl,
                      Supplier<JdbcDatabaseContainer<?>> container) {
    this.name = name;
    this.defaultUsername = defaultUsername;
    this.exampleUrl = exampleUrl;
    this.container = container;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String defaultUsername() {
    return defaultUsername;
  }

  @Override
  public final String exampleUrl() {
    return exampleUrl;
  }

  @Override
  public final ServerBackend startContainer() {
    JdbcDatabaseContainer<?> started = container.get();
    started.start();
    Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "polystore-test-" + name + "-stop"));
    return new ServerBackend(started.getJdbcUrl(), started.getUsername(), started.getPassword());
  }
}
