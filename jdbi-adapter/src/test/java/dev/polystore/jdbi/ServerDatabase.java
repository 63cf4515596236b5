package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.tck.RequestCounter;
import dev.polystore.tck.ServerBackend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test support: a private schema (PostgreSQL) or database (MySQL/MariaDB) on a test server, created once per
 * test class, emptied before each test and dropped at the end, so test classes and runs never see each
 * other's rows. A test class holds it in a {@link Lazy}, so that the server is looked for by each test (which
 * is then skipped, or failed, on its own when there is none) and the schema is created by the first test that
 * runs.
 */
final class ServerDatabase implements AutoCloseable {

  private final ServerBackend server;
  private final boolean postgres;
  private final String name;
  private final String url;

  private ServerDatabase(ServerBackend server, String prefix) {
    this.server = server;
    this.postgres = server.jdbcUrl().startsWith("jdbc:postgresql:");
    this.name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    if (postgres) {
      executeOn(server.jdbcUrl(), "CREATE SCHEMA " + name);
      this.url = server.jdbcUrl() + (server.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + name;
    } else {
      executeOn(server.jdbcUrl(), "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
      this.url = server.jdbcUrl().replaceFirst("^(jdbc:[a-z]+://[^/?]+)(/[^?]*)?", "$1/" + name);
    }
  }

  /** Creates the schema or database; {@code prefix} names it, with a random suffix. */
  static ServerDatabase create(ServerBackend server, String prefix) {
    return new ServerDatabase(server, prefix);
  }

  /**
   * A schema or database created on first use on the server {@code server} supplies (such as
   * {@code PostgresTestServer::resolve}, which skips or fails the calling test when there is none).
   */
  static Lazy lazy(Supplier<ServerBackend> server, String prefix) {
    return new Lazy(server, prefix);
  }

  /**
   * A test class's private schema or database, created by the first {@link #get()} and dropped by
   * {@link #close()} if it was created: after the class when registered on a static field with
   * {@code @RegisterExtension}. Thread-safe.
   */
  static final class Lazy implements AutoCloseable, AfterAllCallback {
    private final Supplier<ServerBackend> server;
    private final String prefix;
    private ServerDatabase database;

    private Lazy(Supplier<ServerBackend> server, String prefix) {
      this.server = server;
      this.prefix = prefix;
    }

    /** The schema or database, created on the first call; skips or fails the test when there is no server. */
    synchronized ServerDatabase get() {
      if (database == null) {
        database = create(server.get(), prefix);
      }
      return database;
    }

    @Override
    public synchronized void close() {
      if (database != null) {
        ServerDatabase created = database;
        database = null;
        created.close();
      }
    }

    @Override
    public void afterAll(ExtensionContext context) {
      close();
    }
  }

  boolean isPostgres() {
    return postgres;
  }

  String name() {
    return name;
  }

  /** The URL of the private schema or database. */
  String url() {
    return url;
  }

  /**
   * The URL of the private schema or database on {@code other}, a server with the same schemas and databases (a
   * replica of this one).
   */
  String urlOn(ServerBackend other) {
    return postgres
        ? other.jdbcUrl() + (other.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + name
        : other.jdbcUrl().replaceFirst("^(jdbc:[a-z]+://[^/?]+)(/[^?]*)?", "$1/" + name);
  }

  /** A config for the private schema with the server's credentials. */
  StoreConfig.Builder config() {
    return config("");
  }

  /** Like {@link #config()}, with more URL parameters ({@code name=value&...}). */
  StoreConfig.Builder config(String urlParameters) {
    String withParameters = urlParameters.isEmpty() ? url : url + (url.contains("?") ? "&" : "?") + urlParameters;
    StoreConfig.Builder b = StoreConfig.builder(withParameters);
    if (server.username() != null && !url.contains("user=")) {
      b.property(JdbiStoreOptions.USERNAME, server.username());
    }
    if (server.password() != null) {
      b.property(JdbiStoreOptions.PASSWORD, server.password());
    }
    return b;
  }

  /** A user store on the private schema, opened (so migrated), then emptied. */
  UserStore openEmptyUserStore() {
    UserStore store = Stores.openUserStore(config().build());
    empty();
    return store;
  }

  /** As {@link #openEmptyUserStore()}, with the statements the store sends counted by {@code counter}. */
  UserStore openEmptyUserStore(RequestCounter counter) {
    UserStore store = CountedStores.openUserStore(config().build(), counter);
    empty();
    return store;
  }

  /** An event store on the private schema, opened (so migrated), then emptied. */
  EventStore openEmptyEventStore() {
    EventStore store = Stores.openEventStore(config().build());
    execute("DELETE FROM events");
    return store;
  }

  /** As {@link #openEmptyEventStore()}, with the statements the store sends counted by {@code counter}. */
  EventStore openEmptyEventStore(RequestCounter counter) {
    EventStore store = CountedStores.openEventStore(config().build(), counter);
    execute("DELETE FROM events");
    return store;
  }

  /** Deletes every row of the user-store tables. */
  void empty() {
    if (postgres) {
      executeOn(url, "TRUNCATE post_tags, posts, tags, users");
    } else {
      executeOn(url, "DELETE FROM post_tags", "DELETE FROM posts", "DELETE FROM tags", "DELETE FROM users");
    }
  }

  /** Runs statements on a new connection to {@code jdbcUrl} with the server's credentials. */
  void execute(String... sql) {
    executeOn(url, sql);
  }

  /** Runs statements on a new connection to {@code jdbcUrl} (of this server or its replica). */
  void executeOn(String jdbcUrl, String... sql) {
    try (Connection c = connect(jdbcUrl); Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("test database setup failed: " + e.getMessage(), e);
    }
  }

  /** The first column of the first row of {@code sql}, run on a new connection to {@code jdbcUrl}. */
  String queryOn(String jdbcUrl, String sql) {
    try (Connection c = connect(jdbcUrl); Statement s = c.createStatement();
         java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("test query failed: " + e.getMessage(), e);
    }
  }

  /** An application's own HikariCP pool on the private schema, of at most {@code maxSize} connections. */
  com.zaxxer.hikari.HikariDataSource pool(int maxSize) {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setPoolName("application-" + name + "-" + maxSize);
    config.setJdbcUrl(url);
    if (server.username() != null && !url.contains("user=")) {
      config.setUsername(server.username());
    }
    if (server.password() != null) {
      config.setPassword(server.password());
    }
    config.setMaximumPoolSize(maxSize);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(5_000);
    return new com.zaxxer.hikari.HikariDataSource(config);
  }

  Connection connect() throws SQLException {
    return connect(url);
  }

  /** A new connection to {@code jdbcUrl} (of this server or its replica) with the server's credentials. */
  Connection connect(String jdbcUrl) throws SQLException {
    Properties props = new Properties();
    if (server.username() != null && !jdbcUrl.contains("user=")) {
      props.setProperty("user", server.username());
    }
    if (server.password() != null) {
      props.setProperty("password", server.password());
    }
    return DriverManager.getConnection(jdbcUrl, props);
  }

  @Override
  public void close() {
    executeOn(server.jdbcUrl(), postgres ? "DROP SCHEMA " + name + " CASCADE" : "DROP DATABASE " + name);
  }
}
