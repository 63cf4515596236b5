package dev.polystore.samples.examples;

import dev.polystore.StoreConfigurationException;
import dev.polystore.samples.backends.BackendKind;
import dev.polystore.samples.backends.BackendTarget;
import dev.polystore.samples.backends.ServerEnvironment;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns the first argument of an example program into a store URL. The argument is either a store URL itself
 * ({@code jdbc:postgresql://db:5432/app?user=app}, {@code dynamodb:?endpoint=…}) or the name of a backend whose
 * server the environment names:
 *
 * <table>
 *   <caption>Backend names</caption>
 *   <tr><th>name</th><th>store URL</th></tr>
 *   <tr><td>{@code sqlite} (the default)</td><td>a file {@code polystore-example-<program>.db} in the system's
 *       temporary directory</td></tr>
 *   <tr><td>{@code memory}</td><td>{@code jdbc:sqlite::memory:}</td></tr>
 *   <tr><td>{@code postgres}</td><td>{@code POLYSTORE_SAMPLES_POSTGRES_URL}</td></tr>
 *   <tr><td>{@code mysql}</td><td>{@code POLYSTORE_SAMPLES_MYSQL_URL}</td></tr>
 *   <tr><td>{@code dynamodb}</td><td>{@code dynamodb:?endpoint=<POLYSTORE_SAMPLES_DYNAMODB_ENDPOINT>&table=polystore-examples}</td></tr>
 *   <tr><td>{@code influxdb}</td><td>{@code POLYSTORE_SAMPLES_INFLUXDB_URL}, database {@code polystore_examples}
 *       unless it names one</td></tr>
 * </table>
 *
 * <p>Each {@code POLYSTORE_SAMPLES_*} variable falls back to the test suite's {@code POLYSTORE_TEST_*} one, so a
 * machine set up for the tests runs the examples too. Stateless and thread-safe.
 */
public final class ExampleUrls {

  private ExampleUrls() {
  }

  /**
   * The store URL for a program's first argument, or its default SQLite file when there is none.
   *
   * @throws StoreConfigurationException when the argument names a backend whose variable is not set
   */
  public static String fromArguments(String[] args, String program) {
    return args.length == 0 ? sqliteFile(program) : resolve(args[0], program);
  }

  /** A URL given as is, or the URL of a named backend (see the class description). */
  public static String resolve(String urlOrBackend, String program) {
    if (urlOrBackend.contains(":")) {
      return urlOrBackend;
    }
    return switch (urlOrBackend.toLowerCase(Locale.ROOT)) {
      case "sqlite" -> sqliteFile(program);
      case "memory" -> "jdbc:sqlite::memory:";
      case "postgres", "postgresql" -> server(BackendKind.POSTGRES, "POSTGRES_URL");
      case "mysql", "mariadb" -> server(BackendKind.MYSQL, "MYSQL_URL");
      case "dynamodb" -> "dynamodb:?endpoint=" + server(BackendKind.DYNAMODB, "DYNAMODB_ENDPOINT")
          + "&table=polystore-examples";
      case "influxdb" -> withDatabase(server(BackendKind.INFLUXDB, "INFLUXDB_URL"));
      default -> throw new StoreConfigurationException("'" + urlOrBackend + "' is neither a store URL nor one of "
          + "sqlite, memory, postgres, mysql, dynamodb, influxdb");
    };
  }

  /** The example's own SQLite file in the temporary directory, so that examples never see each other's data. */
  public static String sqliteFile(String program) {
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "polystore-example-" + program + ".db");
    return "jdbc:sqlite:" + file;
  }

  /** Where the environment puts the server ({@link ServerEnvironment}: the samples' variable, else the tests'). */
  private static String server(BackendKind kind, String suffix) {
    return ServerEnvironment.system().server(kind).flatMap(BackendTarget::location)
        .orElseThrow(() -> new StoreConfigurationException("set POLYSTORE_SAMPLES_" + suffix
            + " (or POLYSTORE_TEST_" + suffix + "), or pass a store URL as the first argument"));
  }

  private static String withDatabase(String influxUrl) {
    if (influxUrl.matches(".*[?&]database=.*")) {
      return influxUrl;
    }
    return influxUrl + (influxUrl.contains("?") ? "&" : "?") + "database=polystore_examples";
  }
}
