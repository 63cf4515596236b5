package dev.polystore.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The servers the benchmarks talk to, from the same environment variables as the tests
 * ({@code POLYSTORE_TEST_POSTGRES_URL}, {@code POLYSTORE_TEST_MYSQL_URL}, {@code POLYSTORE_TEST_INFLUXDB_URL};
 * system properties {@code polystore.test.postgres.url} and so on win). On a SQL server the benchmarks use a
 * database of their own ({@link #BENCH_DATABASE}), created when missing, so they never touch the tests' tables.
 * Thread-safe (stateless).
 */
public final class Servers {

  /** The database (PostgreSQL) or schema prefix (MySQL/MariaDB) the benchmarks create and use. */
  public static final String BENCH_DATABASE = "polystore_bench";

  private static final Pattern JDBC_SERVER_URL = Pattern.compile("(jdbc:[a-z]+://[^/?]+/)([^?]*)(\\?.*)?");

  private Servers() {
  }

  /** The value of a test server variable, e.g. {@code POSTGRES} for {@code POLYSTORE_TEST_POSTGRES_URL}. */
  public static Optional<String> testUrl(String name) {
    String property = System.getProperty("polystore.test." + name.toLowerCase() + ".url");
    String value = property != null ? property : System.getenv("POLYSTORE_TEST_" + name + "_URL");
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /**
   * {@code url} with its database replaced by {@code database}, which is created first when missing.
   *
   * @throws IllegalStateException when the server cannot be reached
   */
  public static String ownDatabase(String url, String database) {
    Matcher m = JDBC_SERVER_URL.matcher(url);
    if (!m.matches()) {
      throw new IllegalStateException("not a JDBC server URL with a database: " + url);
    }
    try (Connection c = DriverManager.getConnection(url)) {
      if (url.startsWith("jdbc:postgresql:")) {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
          ps.setString(1, database);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
              }
            }
          }
        }
      } else {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE IF NOT EXISTS " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the benchmark database on " + url + ": " + e.getMessage(), e);
    }
    return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
  }

  /** Prints why a backend is left out of the run. */
  public static void notice(String backend, String why) {
    System.out.println("NOTICE: " + backend + " is left out of this run: " + why);
  }
}
