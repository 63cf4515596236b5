package dev.polystore.influxdb;

import dev.polystore.tck.ServerBackend;
import dev.polystore.tck.ServerBackends;
import dev.polystore.tck.TestServer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * InfluxDB 3 Core for the tests: {@code POLYSTORE_TEST_INFLUXDB3_URL}, else an {@code influxdb:3.10.1-core}
 * container without authentication, data in memory. Container-only, like {@link Influx2TestServer}.
 */
public final class Influx3TestServer implements TestServer {

  static final String NAME = "influxdb3";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String exampleUrl() {
    return "influxdb:?url=http://127.0.0.1:8181";
  }

  @Override
  public boolean containerOnly() {
    return true;
  }

  @Override
  public ServerBackend startContainer() {
    @SuppressWarnings("resource")
    GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("influxdb:3.10.1-core"))
        .withCommand("influxdb3", "serve", "--node-id", "polystore", "--object-store", "memory", "--without-auth")
        .withExposedPorts(8181)
        .waitingFor(Wait.forHttp("/health").forStatusCode(200));
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
    return new ServerBackend("influxdb:?url=http://" + container.getHost() + ":" + container.getMappedPort(8181),
        null, null);
  }

  static ServerBackend resolve() {
    return ServerBackends.resolve(NAME);
  }
}
