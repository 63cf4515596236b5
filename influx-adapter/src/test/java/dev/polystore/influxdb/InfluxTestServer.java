package dev.polystore.influxdb;

import dev.polystore.tck.ServerBackend;
import dev.polystore.tck.ServerBackends;
import dev.polystore.tck.TestServer;
import org.testcontainers.containers.InfluxDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The InfluxDB 1.x server of the tests: {@code POLYSTORE_TEST_INFLUXDB_URL} (an {@code influxdb:?url=…} store URL,
 * e.g. the 1.6.7 that {@code scripts/influxdb.sh} starts), else an {@code influxdb:1.8.10} container.
 */
public final class InfluxTestServer implements TestServer {

  static final String NAME = "influxdb";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String exampleUrl() {
    return "influxdb:?url=http://127.0.0.1:8086";
  }

  @Override
  public ServerBackend startContainer() {
    InfluxDBContainer<?> container = new InfluxDBContainer<>(DockerImageName.parse("influxdb:1.8.10"))
        .withAuthEnabled(false);
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
    return new ServerBackend("influxdb:?url=" + container.getUrl(), null, null);
  }

  /** The server; skips (or, when required, fails) the calling test when there is none. */
  static ServerBackend resolve() {
    return ServerBackends.resolve(NAME);
  }
}
