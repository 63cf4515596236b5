package dev.polystore.benchmarks.sql;

import dev.polystore.benchmarks.Servers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A SQL backend of the run and how its JDBC URL is found: SQLite is a fresh file per fixture; the servers come
 * from {@code POLYSTORE_TEST_POSTGRES_URL} and {@code POLYSTORE_TEST_MYSQL_URL}, the MariaDB driver reaching the
 * same server as Connector/J through {@code jdbc:mariadb:}. Thread-safe.
 */
public enum SqlBackend {
  /** SQLite file, WAL, {@code synchronous=FULL} (the adapter's default). */
  SQLITE("sqlite", "SQLite (file, synchronous=FULL)"),
  /** PostgreSQL with pgjdbc. */
  POSTGRESQL("postgresql", "PostgreSQL"),
  /** MySQL Connector/J ({@code jdbc:mysql:}) against the MySQL/MariaDB test server. */
  MYSQL("mysql", "Connector/J → MariaDB"),
  /** MariaDB Connector/J ({@code jdbc:mariadb:}) against the same server. */
  MARIADB("mariadb", "MariaDB driver → MariaDB");

  private final String key;
  private final String label;

  SqlBackend(String key, String label) {
    this.key = key;
    this.label = label;
  }

  /** The JMH parameter value. */
  public String key() {
    return key;
  }

  /** The column heading in the report. */
  public String label() {
    return label;
  }

  /** The backend named by a JMH parameter value. */
  public static SqlBackend of(String key) {
    for (SqlBackend b : values()) {
      if (b.key.equals(key)) {
        return b;
      }
    }
    throw new IllegalArgumentException("no SQL backend " + key);
  }

  /** The URL of the server named in the environment, without preparing anything; empty when none is set. */
  public Optional<String> configuredUrl() {
    return switch (this) {
      case SQLITE -> Optional.of("jdbc:sqlite:");
      case POSTGRESQL -> Servers.testUrl("POSTGRES");
      case MYSQL -> Servers.testUrl("MYSQL").map(u -> u.replaceFirst("^jdbc:(mysql|mariadb):", "jdbc:mysql:"));
      case MARIADB -> Servers.testUrl("MYSQL").map(u -> u.replaceFirst("^jdbc:(mysql|mariadb):", "jdbc:mariadb:"));
    };
  }

  /** A URL the benchmarks own: a new SQLite file, or the server's benchmark database (created when missing). */
  public String benchmarkUrl() {
    return switch (this) {
      case SQLITE -> {
        try {
          Path dir = Files.createTempDirectory("polystore-bench-");
          dir.toFile().deleteOnExit();
          yield "jdbc:sqlite:" + dir.resolve("bench.db");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      case POSTGRESQL -> Servers.ownDatabase(configuredUrl().orElseThrow(), Servers.BENCH_DATABASE);
      case MYSQL, MARIADB -> Servers.ownDatabase(configuredUrl().orElseThrow(), Servers.BENCH_DATABASE + "_" + key);
    };
  }
}
