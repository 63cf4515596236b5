package dev.polystore.tck;

/**
 * A kind of database server that an adapter's tests need, registered by that adapter so that
 * {@link ServerBackends} can name it in its notices, default its user and start it in a container. An adapter
 * registers one small public class per server in its test tree, listed in
 * {@code src/test/resources/META-INF/services/dev.polystore.tck.TestServer}, and its tests then ask
 * {@link ServerBackends#resolve(String)} with the {@link #name()}:
 *
 * <pre>{@code
 * public final class PostgresTestServer implements TestServer {
 *   public String name() { return "postgres"; }                 // POLYSTORE_TEST_POSTGRES_URL
 *   public String defaultUsername() { return "postgres"; }
 *   public String exampleUrl() { return "jdbc:postgresql://127.0.0.1:5432/test"; }
 *   public ServerBackend startContainer() { ... start a Testcontainers container, stop it at JVM exit ... }
 * }
 * }</pre>
 *
 * <p>A backend name without a registration still resolves from its URL; it only has no default user, no
 * example in the notice and no container. Implementations are stateless and thread-safe.
 */
public interface TestServer {

  /** The backend name, letters and digits, e.g. {@code "postgres"}: it names the URL variable and property. */
  String name();

  /** The user to connect as when the URL variable is set without a username variable; null for none. */
  default String defaultUsername() {
    return null;
  }

  /** A URL to show in the notice when no server is found, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}. */
  String exampleUrl();

  /**
   * Starts a server in a container and returns where it is; called at most once per JVM, only when no URL is
   * configured and a Docker engine answers. The implementation stops it when the JVM exits. A server that
   * cannot run in a container throws {@link UnsupportedOperationException} (the default): the tests are then
   * skipped as when Docker does not answer.
   */
  default ServerBackend startContainer() {
    throw new UnsupportedOperationException("no container for " + name());
  }

  /**
   * Whether this server is reached only through a container (no script of the project installs it, e.g. a server
   * version no package manager here offers): {@code POLYSTORE_TEST_REQUIRE=all} then does not make its absence a
   * failure; naming it ({@code POLYSTORE_TEST_REQUIRE=influxdb3}) does. Default false.
   */
  default boolean containerOnly() {
    return false;
  }
}
