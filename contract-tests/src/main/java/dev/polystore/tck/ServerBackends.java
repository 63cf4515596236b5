package dev.polystore.tck;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Finds a database server for an adapter's tests, per backend name ({@code "postgres"}, {@code "mysql"}, or
 * any other), in this order:
 *
 * <ol>
 *   <li>a URL from the system property {@code polystore.test.<name>.url} or the environment variable
 *       {@code POLYSTORE_TEST_<NAME>_URL} (the system property wins), with optional
 *       {@code ...username} / {@code ...USERNAME} and {@code ...password} / {@code ...PASSWORD} next to it;
 *       the username defaults to {@code postgres} for PostgreSQL and {@code root} for MySQL;
 *   <li>a Testcontainers container when a Docker engine answers ({@code postgres:17}, {@code mysql:8.4};
 *       started once per JVM and shared by every test class);
 *   <li>otherwise the calling test is skipped ({@link Assumptions#abort(String)}) with a loud notice naming
 *       the variable to set.
 * </ol>
 *
 * <p>{@code POLYSTORE_TEST_REQUIRE=all} (or {@code -Dpolystore.test.require=all}) turns such a skip into a
 * failure with the same message; a comma-separated list of names ({@code postgres,mysql}) does so for those
 * backends only. CI sets it so that a missing server can never pass unnoticed.
 *
 * <pre>{@code
 * class PostgresUserStoreTest extends UserStoreContract {
 *   static ServerBackend server;
 *   @BeforeAll static void server() { server = ServerBackends.postgres(); }
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ServerBackends {

  /** The backend name of PostgreSQL. */
  public static final String POSTGRES = "postgres";
  /** The backend name of MySQL (MariaDB servers answer to it too). */
  public static final String MYSQL = "mysql";

  private static final Map<String, ServerBackend> CONTAINERS = new ConcurrentHashMap<>();
  private static final ServerBackends DEFAULT = new ServerBackends(System::getenv, System::getProperty,
      ServerBackends::dockerAvailable, ServerBackends::startContainer);

  private final Function<String, String> environment;
  private final Function<String, String> systemProperties;
  private final BooleanSupplier docker;
  private final Function<String, Optional<ServerBackend>> containers;

  ServerBackends(Function<String, String> environment, Function<String, String> systemProperties,
                 BooleanSupplier docker, Function<String, Optional<ServerBackend>> containers) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
    this.docker = Objects.requireNonNull(docker, "docker");
    this.containers = Objects.requireNonNull(containers, "containers");
  }

  /** A PostgreSQL server for the tests; see the class description. */
  public static ServerBackend postgres() {
    return resolve(POSTGRES);
  }

  /** A MySQL (or MariaDB) server for the tests; see the class description. */
  public static ServerBackend mysql() {
    return resolve(MYSQL);
  }

  /**
   * A server for the named backend, from the configured URL or a container; otherwise aborts (or, when
   * required, fails) the calling test.
   */
  public static ServerBackend resolve(String name) {
    return DEFAULT.find(name);
  }

  /** The environment variable that names the server of a backend, e.g. {@code POLYSTORE_TEST_POSTGRES_URL}. */
  public static String environmentVariable(String name) {
    return "POLYSTORE_TEST_" + normalise(name).toUpperCase(Locale.ROOT).replace('.', '_') + "_URL";
  }

  /** The system property that names the server of a backend, e.g. {@code polystore.test.postgres.url}. */
  public static String systemProperty(String name) {
    return "polystore.test." + normalise(name) + ".url";
  }

  ServerBackend find(String name) {
    String key = normalise(name);
    Optional<String> url = setting(key, "url");
    if (url.isPresent()) {
      return new ServerBackend(url.get(), setting(key, "username").orElse(defaultUsername(key)),
          setting(key, "password").orElse(null));
    }
    String dockerProblem;
    if (docker.getAsBoolean()) {
      Optional<ServerBackend> started = containers.apply(key);
      if (started.isPresent()) {
        return started.get();
      }
      dockerProblem = "Docker answers, but there is no Testcontainers image for '" + key + "'";
    } else {
      dockerProblem = "no Docker engine answers for Testcontainers";
    }
    String message = "No " + key + " server for the tests: set " + environmentVariable(key)
        + " (or -D" + systemProperty(key) + ") to a JDBC URL"
        + example(key) + ", or start a Docker engine (" + dockerProblem + ").";
    if (required(key)) {
      System.err.println(banner(message + " Failing because POLYSTORE_TEST_REQUIRE="
          + requirement().orElse("") + "."));
      return Assertions.fail(message + " POLYSTORE_TEST_REQUIRE=" + requirement().orElse("")
          + " makes a missing server a failure.");
    }
    System.err.println(banner("SKIPPED: " + message));
    Assumptions.abort(message + " Skipping; set POLYSTORE_TEST_REQUIRE=all to make this a failure.");
    throw new AssertionError("unreachable");
  }

  private Optional<String> setting(String key, String suffix) {
    String property = systemProperties.apply("polystore.test." + key + "." + suffix);
    if (property != null && !property.isBlank()) {
      return Optional.of(property.strip());
    }
    String variable = environment.apply(
        "POLYSTORE_TEST_" + key.toUpperCase(Locale.ROOT).replace('.', '_') + "_" + suffix.toUpperCase(Locale.ROOT));
    return variable == null || variable.isBlank() ? Optional.empty() : Optional.of(variable.strip());
  }

  private Optional<String> requirement() {
    String property = systemProperties.apply("polystore.test.require");
    if (property != null && !property.isBlank()) {
      return Optional.of(property.strip());
    }
    String variable = environment.apply("POLYSTORE_TEST_REQUIRE");
    return variable == null || variable.isBlank() ? Optional.empty() : Optional.of(variable.strip());
  }

  private boolean required(String key) {
    Optional<String> requirement = requirement();
    if (requirement.isEmpty()) {
      return false;
    }
    for (String part : requirement.get().toLowerCase(Locale.ROOT).split("[,\\s]+")) {
      if (part.equals("all") || part.equals(key)) {
        return true;
      }
    }
    return false;
  }

  private static String normalise(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a backend name is required");
    }
    String key = name.strip().toLowerCase(Locale.ROOT);
    if (!key.matches("[a-z0-9.]+")) {
      throw new IllegalArgumentException("a backend name is letters and digits, not " + name);
    }
    return key;
  }

  private static String defaultUsername(String key) {
    switch (key) {
      case POSTGRES:
        return "postgres";
      case MYSQL:
        return "root";
      default:
        return null;
    }
  }

  private static String example(String key) {
    switch (key) {
      case POSTGRES:
        return " such as jdbc:postgresql://127.0.0.1:5432/test";
      case MYSQL:
        return " such as jdbc:mysql://127.0.0.1:3306/test";
      default:
        return "";
    }
  }

  private static String banner(String message) {
    String line = "*".repeat(100);
    return "\n" + line + "\n*** " + message + "\n" + line + "\n";
  }

  // ---- Testcontainers --------------------------------------------------------------------------

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static Optional<ServerBackend> startContainer(String key) {
    if (!key.equals(POSTGRES) && !key.equals(MYSQL)) {
      return Optional.empty();
    }
    return Optional.of(CONTAINERS.computeIfAbsent(key, ServerBackends::start));
  }

  private static ServerBackend start(String key) {
    JdbcDatabaseContainer<?> container = key.equals(POSTGRES)
        ? new PostgreSQLContainer("postgres:17")
        : new MySQLContainer("mysql:8.4");
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "polystore-test-" + key + "-stop"));
    return new ServerBackend(container.getJdbcUrl(), container.getUsername(), container.getPassword());
  }
}
