package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.jdbi.internal.JdbiDatabase;
import dev.polystore.jdbi.internal.JdbiEventStore;
import dev.polystore.tck.EventStoreContract;
import dev.polystore.tck.ServerBackend;
import dev.polystore.tck.ServerBackends;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The event-store contract on a database server. Each JVM gets its own PostgreSQL schema or MySQL database
 * ({@code polystore_events_<random>}), migrated once, emptied before each test and dropped when the JVM exits,
 * so runs never see each other's events. Also the fixture of {@link JdbiEventStoreBehaviourTest}.
 */
abstract class ServerEventStoreTest extends EventStoreContract {

  private static final Map<String, EventDatabase> DATABASES = new ConcurrentHashMap<>();

  /** A private schema or database on a test server: its URL and options. */
  record EventDatabase(String url, JdbiStoreOptions options) {

    /** A store over the emptied events table. */
    JdbiEventStore openEmpty() {
      return open(UnaryOperator.identity());
    }

    /** A store over the emptied events table, with options changed by {@code options}. */
    JdbiEventStore open(UnaryOperator<JdbiStoreOptions.Builder> change) {
      JdbiDatabase database = JdbiDatabase.open(StoreConfig.of(url), change.apply(options.toBuilder()).build());
      database.jdbi().useHandle(h -> h.execute("DELETE FROM events"));
      return new JdbiEventStore(database);
    }
  }

  /** The backend name for {@link ServerBackends#resolve}: {@code postgres} or {@code mysql}. */
  protected abstract String server();

  @Override
  protected EventStore openEmptyStore() {
    return database(server()).openEmpty();
  }

  static EventDatabase database(String server) {
    ServerBackend backend = ServerBackends.resolve(server);
    return DATABASES.computeIfAbsent(server, s -> create(s, backend));
  }

  private static EventDatabase create(String server, ServerBackend backend) {
    String name = "polystore_events_" + UUID.randomUUID().toString().substring(0, 8);
    boolean postgres = server.equals(ServerBackends.POSTGRES);
    String create = postgres ? "CREATE SCHEMA " + name
        : "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
    String drop = postgres ? "DROP SCHEMA IF EXISTS " + name + " CASCADE" : "DROP DATABASE IF EXISTS " + name;
    execute(backend, create);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        execute(backend, drop);
      } catch (RuntimeException e) {
        System.err.println("could not drop test " + (postgres ? "schema " : "database ") + name + ": " + e);
      }
    }, "drop-" + name));
    String url = postgres ? withParameter(backend.jdbcUrl(), "currentSchema=" + name)
        : withDatabase(backend.jdbcUrl(), name);
    JdbiStoreOptions.Builder options = JdbiStoreOptions.builder().poolMaxSize(2).poolMinIdle(0);
    if (backend.username() != null) {
      options.username(backend.username());
    }
    if (backend.password() != null) {
      options.password(backend.password());
    }
    return new EventDatabase(url, options.build());
  }

  private static void execute(ServerBackend backend, String sql) {
    Properties props = new Properties();
    if (backend.username() != null) {
      props.setProperty("user", backend.username());
    }
    if (backend.password() != null) {
      props.setProperty("password", backend.password());
    }
    try (Connection c = DriverManager.getConnection(backend.jdbcUrl(), props); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + backend + ": " + e.getMessage(), e);
    }
  }

  private static String withParameter(String url, String parameter) {
    return url + (url.contains("?") ? "&" : "?") + parameter;
  }

  /** The MySQL URL with its database path replaced: {@code jdbc:mysql://host:port/<name>?...}. */
  private static String withDatabase(String url, String name) {
    int hosts = url.indexOf("//");
    int query = url.indexOf('?');
    int path = url.indexOf('/', hosts + 2);
    if (path < 0 || (query >= 0 && path > query)) {
      return query < 0 ? url + "/" + name : url.substring(0, query) + "/" + name + url.substring(query);
    }
    return url.substring(0, path + 1) + name + (query < 0 ? "" : url.substring(query));
  }
}
