package dev.polystore.influxdb;

import dev.polystore.tck.ServerBackend;
import dev.polystore.tck.ServerBackends;
import dev.polystore.tck.TestServer;
import org.testcontainers.containers.InfluxDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * InfluxDB 2.x for the tests: {@code POLYSTORE_TEST_INFLUXDB2_URL} (a store URL with {@code url}, {@code token} and
 * {@code org}), else an {@code influxdb:2.7.12} container. No script installs 2.x, so it is
 * {@linkplain #containerOnly() container-only}: without Docker its tests are skipped, loudly, even under
 * {@code POLYSTORE_TEST_REQUIRE=all}.
 */
public final class Influx2TestServer implements TestServer {

  static final String NAME = "influxdb2";
  static final String TOKEN = "polystore-token";
  static final String ORG = "test-org";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String exampleUrl() {
    return "influxdb:?url=http://127.0.0.1:8087&token=…&org=polystore";
  }

  @Override
  public boolean containerOnly() {
    return true;
  }

  @Override
  public ServerBackend startContainer() {
    InfluxDBContainer<?> container = new InfluxDBContainer<>(DockerImageName.parse("influxdb:2.7.12"))
        .withAdminToken(TOKEN).withOrganization(ORG);
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
    return new ServerBackend("influxdb:?url=" + container.getUrl() + "&token=" + TOKEN + "&org=" + ORG, null, null);
  }

  static ServerBackend resolve() {
    return ServerBackends.resolve(NAME);
  }
}
