package dev.polystore.tck;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Finds a database server for an adapter's tests, per backend name ({@code "postgres"}, {@code "mysql"}, or
 * any other), in this order:
 *
 * <ol>
 *   <li>a URL from the system property {@code polystore.test.<name>.url} or the environment variable
 *       {@code POLYSTORE_TEST_<NAME>_URL} (the system property wins), with optional
 *       {@code ...username} / {@code ...USERNAME} and {@code ...password} / {@code ...PASSWORD} next to it;
 *       the username defaults to the one the backend's {@link TestServer} names;
 *   <li>a container when a Docker engine answers, started by the backend's {@link TestServer} once per JVM and
 *       shared by every test class;
 *   <li>otherwise the calling test is skipped ({@link Assumptions#abort(String)}) with a notice naming the
 *       variable to set: the reason is the skip message in the test report, and a banner goes to stderr.
 * </ol>
 *
 * <p>This class knows no backend: each adapter registers the servers its tests need as {@link TestServer}s
 * (found with {@link ServiceLoader} on the test class path). A name without a registration resolves from its
 * URL only.
 *
 * <p>{@code POLYSTORE_TEST_REQUIRE=all} (or {@code -Dpolystore.test.require=all}) turns such a skip into a
 * failure with the same message; a comma-separated list of names ({@code postgres,mysql}) does so for those
 * backends only. CI sets it so that a missing server can never pass unnoticed. {@code all} leaves out the servers
 * registered as {@link TestServer#containerOnly() container-only} (versions no script installs, such as InfluxDB
 * 2.x and 3.x): their tests run where Docker answers and are skipped, loudly, elsewhere; name one to require it.
 *
 * <p>The outcome is found once per backend name and JVM and then remembered, whatever it is: a server, a
 * missing server (the banner is printed once, Docker is asked once) or a container that did not start. So
 * call it <em>from each test</em> (a {@code @BeforeEach} method, or {@code openEmptyStore()}) rather than
 * from {@code @BeforeAll}: every test of the class is then reported as skipped (or failed) with the reason,
 * and appears so in the compatibility matrix, where an aborted {@code @BeforeAll} would leave the class
 * reported as zero tests run. Create per-class resources such as a schema on first use.
 *
 * <pre>{@code
 * class PostgresUserStoreTest extends UserStoreContract {
 *   private static String schema;                          // created by the first test that runs
 *
 *   protected UserStore openEmptyStore() {
 *     ServerBackend server = ServerBackends.resolve("postgres");  // skips (or fails) this test when there is none
 *     if (schema == null) {
 *       schema = createSchema(server);
 *     }
 *     ... a store over server.jdbcUrl() in that schema, emptied ...
 *   }
 *
 *   @AfterAll static void dropSchema() { ... if one was created ... }
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ServerBackends {

  private static final ServerBackends DEFAULT = new ServerBackends(System::getenv, System::getProperty,
      ServerBackends::dockerAvailable, registered());

  private final Function<String, String> environment;
  private final Function<String, String> systemProperties;
  private final BooleanSupplier docker;
  /** The registered servers by normalised name. */
  private final Map<String, TestServer> servers;
  private final PrintStream notices;
  /** The outcome per backend name, found on first use and then kept. */
  private final Map<String, Memo> resolutions = new ConcurrentHashMap<>();
  /** Whether a Docker engine answers; asked at most once. Guarded by {@code this}. */
  private Boolean dockerAnswers;

  ServerBackends(Function<String, String> environment, Function<String, String> systemProperties,
                 BooleanSupplier docker, Map<String, TestServer> servers) {
    this(environment, systemProperties, docker, servers, System.err);
  }

  ServerBackends(Function<String, String> environment, Function<String, String> systemProperties,
                 BooleanSupplier docker, Map<String, TestServer> servers, PrintStream notices) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
    this.docker = Objects.requireNonNull(docker, "docker");
    this.servers = Map.copyOf(servers);
    this.notices = Objects.requireNonNull(notices, "notices");
  }

  /**
   * A server for the named backend, from the configured URL or a container; otherwise aborts (or, when
   * required, fails) the calling test. Found once per name and JVM; call it from each test, not from
   * {@code @BeforeAll} (see the class description).
   */
  public static ServerBackend resolve(String name) {
    return DEFAULT.find(name);
  }

  /** The environment variable that names the server of a backend, e.g. {@code POLYSTORE_TEST_POSTGRES_URL}. */
  public static String environmentVariable(String name) {
    return variableName(normalise(name), "url");
  }

  /** The system property that names the server of a backend, e.g. {@code polystore.test.postgres.url}. */
  public static String systemProperty(String name) {
    return propertyName(normalise(name), "url");
  }

  /**
   * The server of a backend; skips (or, when required, fails) the calling test when there is none. The
   * outcome is found on the first call per name and repeated by every later one.
   */
  ServerBackend find(String name) {
    String key = normalise(name);
    return resolutions.computeIfAbsent(key, k -> new Memo(() -> resolveOnce(k))).get().serverOrThrow();
  }

  private Resolution resolveOnce(String key) {
    Optional<TestServer> known = Optional.ofNullable(servers.get(key));
    Optional<String> url = setting(key, "url");
    if (url.isPresent()) {
      return Resolution.found(new ServerBackend(url.get(),
          setting(key, "username").orElse(known.map(TestServer::defaultUsername).orElse(null)),
          setting(key, "password").orElse(null)));
    }
    String dockerProblem;
    if (dockerAnswers()) {
      try {
        if (known.isPresent()) {
          return Resolution.found(Objects.requireNonNull(known.get().startContainer(), "startContainer()"));
        }
      } catch (UnsupportedOperationException e) {
        // no container for this server: skipped below as if no image were known
      } catch (RuntimeException e) {
        return Resolution.broken(new IllegalStateException("Docker answers, but the Testcontainers container for '"
            + key + "' did not start: " + e.getMessage(), e));
      }
      dockerProblem = "Docker answers, but there is no Testcontainers image for '" + key + "'";
    } else {
      dockerProblem = "no Docker engine answers for Testcontainers";
    }
    String example = known.map(k -> " such as " + k.exampleUrl()).orElse("");
    String message = "No " + key + " server for the tests: set " + environmentVariable(key)
        + " (or -D" + systemProperty(key) + ") to a JDBC URL" + example
        + ", or start a Docker engine (" + dockerProblem + ").";
    if (required(key, known.map(TestServer::containerOnly).orElse(false))) {
      String failure = message + " POLYSTORE_TEST_REQUIRE=" + requirement().orElse("")
          + " makes a missing server a failure.";
      notices.println(banner("FAILING: " + failure));
      return Resolution.failing(failure);
    }
    String skip = message + " Skipping; set POLYSTORE_TEST_REQUIRE="
        + (known.map(TestServer::containerOnly).orElse(false) ? key : "all") + " to make this a failure.";
    notices.println(banner("SKIPPED: " + skip));
    return Resolution.skipping(skip);
  }

  private synchronized boolean dockerAnswers() {
    if (dockerAnswers == null) {
      dockerAnswers = docker.getAsBoolean();
    }
    return dockerAnswers;
  }

  /** {@code polystore.test.<key>.<suffix>}, else {@code POLYSTORE_TEST_<KEY>_<SUFFIX>}. */
  private Optional<String> setting(String key, String suffix) {
    return lookup(propertyName(key, suffix), variableName(key, suffix));
  }

  private Optional<String> requirement() {
    return lookup("polystore.test.require", "POLYSTORE_TEST_REQUIRE");
  }

  /** The system property, else the environment variable, stripped; empty when neither is set or both are blank. */
  private Optional<String> lookup(String property, String variable) {
    String value = systemProperties.apply(property);
    if (value == null || value.isBlank()) {
      value = environment.apply(variable);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  private static String propertyName(String key, String suffix) {
    return "polystore.test." + key + "." + suffix;
  }

  private static String variableName(String key, String suffix) {
    return ("POLYSTORE_TEST_" + key.replace('.', '_') + "_" + suffix).toUpperCase(Locale.ROOT);
  }

  /** Whether a missing server fails: named in the requirement, or {@code all} names it unless it is container-only. */
  private boolean required(String key, boolean containerOnly) {
    Optional<String> requirement = requirement();
    if (requirement.isEmpty()) {
      return false;
    }
    for (String part : requirement.get().toLowerCase(Locale.ROOT).split("[,\\s]+")) {
      if ((part.equals("all") && !containerOnly) || part.equals(key)) {
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

  private static String banner(String message) {
    String line = "*".repeat(100);
    return "\n" + line + "\n*** " + message + "\n" + line + "\n";
  }

  // ---- remembered outcomes --------------------------------------------------------------------

  /** Computes a resolution on the first {@link #get()}; later calls return it. Thread-safe. */
  private static final class Memo {
    private final Supplier<Resolution> compute;
    private Resolution value;

    Memo(Supplier<Resolution> compute) {
      this.compute = compute;
    }

    synchronized Resolution get() {
      if (value == null) {
        value = compute.get();
      }
      return value;
    }
  }

  /** What was found for one backend: a server, a reason to skip or fail, or a container that broke. */
  private static final class Resolution {
    private final ServerBackend server;
    private final String skip;
    private final String failure;
    private final RuntimeException broken;

    private Resolution(ServerBackend server, String skip, String failure, RuntimeException broken) {
      this.server = server;
      this.skip = skip;
      this.failure = failure;
      this.broken = broken;
    }

    static Resolution found(ServerBackend server) {
      return new Resolution(server, null, null, null);
    }

    static Resolution skipping(String message) {
      return new Resolution(null, message, null, null);
    }

    static Resolution failing(String message) {
      return new Resolution(null, null, message, null);
    }

    static Resolution broken(RuntimeException cause) {
      return new Resolution(null, null, null, cause);
    }

    /** The server, or the same skip, failure or error for every test that asks. */
    ServerBackend serverOrThrow() {
      if (server != null) {
        return server;
      }
      if (broken != null) {
        throw new IllegalStateException(broken.getMessage(), broken);
      }
      if (failure != null) {
        return Assertions.fail(failure);
      }
      Assumptions.abort(skip);
      throw new AssertionError("unreachable");
    }
  }

  // ---- registrations and Docker --------------------------------------------------------------------

  /**
   * The {@link TestServer}s on the class path, by backend name.
   *
   * @throws IllegalStateException when two register the same name
   */
  static Map<String, TestServer> registered() {
    Map<String, TestServer> byName = new TreeMap<>();
    for (TestServer server : ServiceLoader.load(TestServer.class)) {
      TestServer other = byName.put(normalise(server.name()), server);
      if (other != null) {
        throw new IllegalStateException("two test servers are registered as '" + server.name() + "': "
            + other.getClass().getName() + " and " + server.getClass().getName());
      }
    }
    return byName;
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
