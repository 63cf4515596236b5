package dev.polystore.samples.examples;

import dev.polystore.StoreConfig;
import dev.polystore.tck.ServerBackend;
import dev.polystore.tck.ServerBackends;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An empty store of one backend for one run of an example: a new SQLite file, a new in-memory SQLite database, a
 * new DynamoDB table, a new PostgreSQL schema, a new MySQL/MariaDB database or a new InfluxDB database, dropped by
 * {@link #close()}. Server backends come from {@link ServerBackends}, which skips the calling test (or fails it
 * under {@code POLYSTORE_TEST_REQUIRE=all}) when there is no server. Not thread-safe; one per test.
 */
final class FreshStore implements AutoCloseable {

  /** The backends with a user store. */
  static final String[] USER_BACKENDS = {"sqlite-file", "sqlite-memory", "dynamodb", "postgres", "mysql"};
  /** The backends with an event store. */
  static final String[] EVENT_BACKENDS = {"sqlite-file", "sqlite-memory", "dynamodb", "postgres", "mysql",
      "influxdb"};

  private static final Pattern INFLUX_SERVER = Pattern.compile("[?&]url=([^&]+)");

  private final StoreConfig config;
  private final Runnable drop;

  private FreshStore(StoreConfig config, Runnable drop) {
    this.config = config;
    this.drop = drop;
  }

  /** A fresh store of the named backend (one of {@link #EVENT_BACKENDS}). */
  static FreshStore of(String backend) throws Exception {
    String name = "examples_" + UUID.randomUUID().toString().substring(0, 8);
    switch (backend) {
      case "sqlite-file": {
        Path dir = Files.createTempDirectory("polystore-examples");
        Path file = dir.resolve("example.db");
        return new FreshStore(StoreConfig.of("jdbc:sqlite:" + file), () -> deleteAll(dir));
      }
      case "sqlite-memory":
        return new FreshStore(StoreConfig.of("jdbc:sqlite::memory:"), () -> { });
      case "dynamodb": {
        String table = name.replace('_', '-');
        String url = "dynamodb:?endpoint=" + DynamoLocalServer.endpoint() + "&region=us-east-1&table=" + table;
        return new FreshStore(StoreConfig.of(url), () -> DynamoLocalServer.dropTable(table));
      }
      case "postgres": {
        ServerBackend server = ServerBackends.resolve("postgres");
        execute(server, server.jdbcUrl(), "CREATE SCHEMA " + name);
        String url = server.jdbcUrl() + (server.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + name;
        return new FreshStore(withCredentials(StoreConfig.builder(url), server),
            () -> execute(server, server.jdbcUrl(), "DROP SCHEMA " + name + " CASCADE"));
      }
      case "mysql": {
        ServerBackend server = ServerBackends.resolve("mysql");
        execute(server, server.jdbcUrl(), "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        String url = server.jdbcUrl().replaceFirst("^(jdbc:[a-z]+://[^/?]+)(/[^?]*)?", "$1/" + name);
        return new FreshStore(withCredentials(StoreConfig.builder(url), server),
            () -> execute(server, server.jdbcUrl(), "DROP DATABASE " + name));
      }
      case "influxdb": {
        String url = ServerBackends.resolve("influxdb").jdbcUrl();
        String database = name;
        return new FreshStore(StoreConfig.of(url + (url.contains("?") ? "&" : "?") + "database=" + database),
            () -> dropInfluxDatabase(url, database));
      }
      default:
        throw new IllegalArgumentException("unknown backend " + backend);
    }
  }

  /** The store's URL and properties, for an example's {@code run}. */
  StoreConfig config() {
    return config;
  }

  @Override
  public void close() {
    drop.run();
  }

  private static StoreConfig withCredentials(StoreConfig.Builder config, ServerBackend server) {
    if (server.username() != null && !server.jdbcUrl().contains("user=")) {
      config.property("username", server.username());
    }
    if (server.password() != null) {
      config.property("password", server.password());
    }
    return config.build();
  }

  private static void execute(ServerBackend server, String jdbcUrl, String sql) {
    Properties credentials = new Properties();
    if (server.username() != null && !jdbcUrl.contains("user=")) {
      credentials.setProperty("user", server.username());
    }
    if (server.password() != null) {
      credentials.setProperty("password", server.password());
    }
    try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials);
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database setup failed: " + e.getMessage(), e);
    }
  }

  private static void dropInfluxDatabase(String storeUrl, String database) {
    Matcher server = INFLUX_SERVER.matcher(storeUrl);
    if (!server.find()) {
      return;
    }
    String base = URLDecoder.decode(server.group(1), StandardCharsets.UTF_8);
    String query = URLEncoder.encode("DROP DATABASE \"" + database + "\"", StandardCharsets.UTF_8);
    try {
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/query?q=" + query))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) {
      // best effort: a database left behind holds only this run's points
    }
  }

  private static void deleteAll(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // the temporary directory is cleaned by the system in the end
    }
  }
}
