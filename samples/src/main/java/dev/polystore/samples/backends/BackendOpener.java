package dev.polystore.samples.backends;

import com.influxdb.client.InfluxDBClient;
import com.zaxxer.hikari.HikariDataSource;
import dev.polystore.EventStore;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.UserStore;
import dev.polystore.dynamodb.DynamoReadPlanner;
import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.dynamodb.DynamoStores;
import dev.polystore.influxdb.InfluxStoreOptions;
import dev.polystore.influxdb.InfluxStores;
import dev.polystore.jdbi.JdbiStoreOptions;
import dev.polystore.jdbi.JdbiStores;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Opens each backend in a scratch space of its own, over clients that count requests
 * ({@link InstrumentedClients}), so that a run starts empty and leaves nothing behind: a temporary SQLite file, a
 * named in-memory SQLite database, a new PostgreSQL schema, a new MySQL/MariaDB database, a new DynamoDB table,
 * a new InfluxDB database. Each is dropped again when its {@link Backend} closes. DynamoDB Local is started
 * in-process the first time it is needed and stopped when the opener closes. Not thread-safe.
 */
public final class BackendOpener implements AutoCloseable {

  private static final Pattern MYSQL_URL = Pattern.compile("^(jdbc:(?:mysql|mariadb)://[^/?]+)(/[^?]*)?(\\?.*)?$");

  private final String cursorSecret = UUID.randomUUID().toString() + UUID.randomUUID();
  private EmbeddedDynamo embeddedDynamo;

  /**
   * Opens {@code target}.
   *
   * @throws dev.polystore.StoreException when it cannot be reached or set up; the message says why
   */
  public Backend open(BackendTarget target) {
    String scratch = "polystore_compare_" + UUID.randomUUID().toString().substring(0, 8);
    return switch (target.kind()) {
      case SQLITE_FILE -> openSqliteFile();
      case SQLITE_MEMORY -> openSql(target.kind(), "jdbc:sqlite:file:" + scratch + "?mode=memory&cache=shared",
          List.of());
      case POSTGRES -> openPostgres(target.location().orElseThrow(), scratch);
      case MYSQL -> openMysql(target.location().orElseThrow(), scratch);
      case DYNAMODB -> openDynamo(target.location(), scratch.replace('_', '-'));
      case INFLUXDB -> openInflux(target.location().orElseThrow(), scratch);
    };
  }

  private Backend openSqliteFile() {
    Path file;
    try {
      Path folder = Files.createTempDirectory("polystore-compare-");
      file = folder.resolve("compare.db");
      return openSql(BackendKind.SQLITE_FILE, "jdbc:sqlite:" + file, List.of(() -> deleteFolder(folder)));
    } catch (java.io.IOException e) {
      throw new StoreUnavailableException("cannot create a temporary SQLite file: " + e.getMessage(), e);
    }
  }

  private Backend openPostgres(String url, String schema) {
    execute(url, "CREATE SCHEMA " + schema);
    String scratchUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return openSql(BackendKind.POSTGRES, scratchUrl, List.of(() -> execute(url, "DROP SCHEMA " + schema + " CASCADE")));
  }

  private Backend openMysql(String url, String database) {
    Matcher m = MYSQL_URL.matcher(url);
    if (!m.matches()) {
      throw new StoreConfigurationException("not a MySQL/MariaDB JDBC URL: " + url
          + " (expected jdbc:mysql://host:port/database?user=...)");
    }
    execute(url, "CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
    String scratchUrl = m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
    return openSql(BackendKind.MYSQL, scratchUrl, List.of(() -> execute(url, "DROP DATABASE " + database)));
  }

  /** User and event store over one pool, and the scratch space's removal after the pool closes. */
  private Backend openSql(BackendKind kind, String jdbcUrl, List<AutoCloseable> dropScratch) {
    RequestCounter counter = new RequestCounter("SQL statements");
    List<AutoCloseable> cleanup = new ArrayList<>();
    // an in-memory SQLite database lives as long as one connection to it is open
    Connection keeper = jdbcUrl.contains("mode=memory") ? connect(jdbcUrl) : null;
    HikariDataSource pool = JdbcPools.open(jdbcUrl, 4);
    cleanup.add(pool);
    if (keeper != null) {
      cleanup.add(keeper);
    }
    cleanup.addAll(dropScratch);
    UserStore users = null;
    try {
      Jdbi jdbi = InstrumentedClients.jdbi(pool, counter);
      JdbiStoreOptions options = JdbiStoreOptions.builder().cursorSecret(cursorSecret).build();
      users = JdbiStores.openUserStore(jdbi, options);
      EventStore events = JdbiStores.openEventStore(jdbi, options);
      String label = kind.isSql() && kind == BackendKind.MYSQL ? users.capabilities().backend() : kind.label();
      return new Backend(label, kind, Optional.of(users), Optional.of(events), counter, Optional.empty(), cleanup);
    } catch (RuntimeException e) {
      if (users != null) {
        users.close();
      }
      closeAll(cleanup);
      throw e;
    }
  }

  private Backend openDynamo(Optional<String> endpoint, String table) {
    URI uri = endpoint.map(URI::create).orElseGet(() -> embeddedDynamo().endpoint());
    RequestCounter counter = new RequestCounter("DynamoDB requests");
    DynamoDbClient client = InstrumentedClients.dynamo(uri, counter);
    List<AutoCloseable> cleanup = List.of(() -> client.deleteTable(r -> r.tableName(table)), client);
    UserStore users = null;
    try {
      DynamoStoreOptions options = DynamoStoreOptions.builder().tableName(table).cursorSecret(cursorSecret).build();
      users = DynamoStores.openUserStore(client, options);
      EventStore events = DynamoStores.openEventStore(client, options);
      DynamoReadPlanner planner = DynamoStores.readPlanner(users);
      String label = endpoint.isPresent() ? "DynamoDB" : "DynamoDB Local";
      return new Backend(label, BackendKind.DYNAMODB, Optional.of(users), Optional.of(events), counter,
          Optional.of(planner), cleanup);
    } catch (RuntimeException e) {
      if (users != null) {
        users.close();
      }
      closeAll(cleanup);
      throw e;
    }
  }

  private Backend openInflux(String storeUrl, String database) {
    InfluxQlClient admin = new InfluxQlClient(storeUrl);
    RequestCounter counter = new RequestCounter("HTTP requests");
    InfluxDBClient client = InstrumentedClients.influx(admin.settings(), counter);
    List<AutoCloseable> cleanup = List.of(client, () -> admin.query("DROP DATABASE \"" + database + "\"", null),
        admin::close);
    try {
      InfluxStoreOptions options = InfluxStoreOptions.builder().database(database).createDatabase(true).build();
      EventStore events = InfluxStores.eventStore(client, options);
      return new Backend("InfluxDB", BackendKind.INFLUXDB, Optional.empty(), Optional.of(events), counter,
          Optional.empty(), cleanup);
    } catch (RuntimeException e) {
      closeAll(cleanup);
      throw e;
    }
  }

  private EmbeddedDynamo embeddedDynamo() {
    if (embeddedDynamo == null) {
      embeddedDynamo = EmbeddedDynamo.start();
    }
    return embeddedDynamo;
  }

  private static Connection connect(String jdbcUrl) {
    try {
      return DriverManager.getConnection(jdbcUrl);
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot connect to " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  private static void execute(String jdbcUrl, String sql) {
    try (Connection connection = connect(jdbcUrl); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new StoreUnavailableException(sql + " failed on " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  private static void deleteFolder(Path folder) throws java.io.IOException {
    try (var files = Files.walk(folder)) {
      for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        System.err.println("cleaning up failed: " + e.getMessage());
      }
    }
  }

  /** Stops DynamoDB Local if this opener started it. */
  @Override
  public void close() {
    if (embeddedDynamo != null) {
      embeddedDynamo.close();
      embeddedDynamo = null;
    }
  }
}
