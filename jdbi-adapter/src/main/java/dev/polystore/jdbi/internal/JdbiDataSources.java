package dev.polystore.jdbi.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.jdbi.JdbiStoreOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Internal: builds the HikariCP pool a store owns, with the driver settings of its dialect.
 *
 * <p>A SQLite file that cannot be opened for writing is refused at once ({@link SqliteFiles}). An in-memory SQLite
 * URL ({@code jdbc:sqlite::memory:}) becomes a uniquely named shared-cache memory database served by a pool of one
 * connection, plus one connection held open outside the pool so the database
 * lives exactly as long as the store, whatever the pool does with its connection. Thread-safe.
 */
public final class JdbiDataSources {

  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private JdbiDataSources() {
  }

  /** A pooled data source and what must be closed with it. */
  public record OwnedDataSource(DataSource dataSource, AutoCloseable closer) implements AutoCloseable {

    /**
     * The connections of this pool, seen through {@code view} (the pool itself or a view of it), for the store's
     * {@code Jdbi}: callers beyond the pool's size wait their turn, in order, in a {@link ConnectionGate}.
     */
    public org.jdbi.v3.core.ConnectionFactory gated(DataSource view) {
      if (!(dataSource instanceof Pool pool)) {
        throw new IllegalStateException("not a pool the store opened: " + dataSource);
      }
      return new ConnectionGate(view, pool.getMaximumPoolSize(), pool.connectionTimeout, pool::noFreeConnection);
    }

    @Override
    public void close() {
      try {
        closer.close();
      } catch (Exception e) {
        // closing is best effort; the pool logs its own problems
      }
    }
  }

  /**
   * Opens a pool for {@code url}.
   *
   * @throws StoreConfigurationException when the URL or options are unusable
   * @throws StoreUnavailableException when an in-memory SQLite database cannot be created
   */
  public static OwnedDataSource open(String url, SqlDialect dialect, JdbiStoreOptions options) {
    return open(url, dialect, options, false);
  }

  /**
   * A short-lived pool of up to two connections for schema migrations on a server database: Flyway holds one
   * connection for its lock while it migrates on another, and changes session settings the store's pool
   * should never see.
   */
  public static OwnedDataSource openForMigration(String url, SqlDialect dialect, JdbiStoreOptions options) {
    return open(url, dialect, options, true);
  }

  /**
   * A read-only pool for a read replica: at most {@code replica.pool.max.size} connections, a connection wait and a
   * driver connect timeout of {@code replica.connection.timeout} (a replica that does not answer soon gives its read
   * to the primary), the other settings as the primary's.
   *
   * @param username the login, or null when the URL names its own (or none is needed)
   * @param password its password, or null
   */
  static OwnedDataSource openReplica(String url, SqlDialect dialect, JdbiStoreOptions options, String username,
                                     String password) {
    JdbiStoreOptions replica = replicaOptions(options);
    Map<String, String> driverProperties = driverProperties(url, dialect, replica);
    HikariConfig config = new HikariConfig();
    config.setPoolName("polystore-" + dialect.name().toLowerCase(Locale.ROOT) + "-replica-"
        + POOL_NUMBER.incrementAndGet());
    config.setJdbcUrl(url);
    if (username != null) {
      config.setUsername(username);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setReadOnly(true);
    config.setMaximumPoolSize(options.replicaPoolMaxSize());
    config.setMinimumIdle(Math.min(options.poolMinIdle(), options.replicaPoolMaxSize()));
    config.setConnectionTimeout(options.replicaConnectionTimeout().toMillis());
    config.setValidationTimeout(Math.max(250, options.replicaConnectionTimeout().toMillis() / 2));
    config.setIdleTimeout(options.poolIdleTimeout().toMillis());
    config.setMaxLifetime(options.poolMaxLifetime().toMillis());
    config.setKeepaliveTime(options.poolKeepaliveTime().toMillis());
    config.setInitializationFailTimeout(-1);
    config.setAutoCommit(true);
    driverProperties.forEach(config::addDataSourceProperty);
    HikariDataSource pool;
    try {
      pool = new Pool(config, options.replicaConnectionTimeout());
    } catch (RuntimeException e) {
      throw new StoreConfigurationException("Cannot create a connection pool for the replica " + StoreConfig.mask(url)
          + ": " + SqlErrors.message(e), e);
    }
    return new OwnedDataSource(pool, pool::close);
  }

  /**
   * The driver properties of one plain connection to a replica, for checking its lag beside its pool: the
   * connection and its statements are bounded by {@code replica.connection.timeout} (statements by at least 2
   * seconds), so a replica that stops answering cannot hold the checks up for long.
   */
  static Properties replicaCheckProperties(String url, SqlDialect dialect, JdbiStoreOptions options, String username,
                                           String password) {
    Duration wait = options.replicaConnectionTimeout();
    Duration statements = wait.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : wait;
    Properties props = new Properties();
    props.putAll(driverProperties(url, dialect,
        options.toBuilder().connectTimeout(wait).socketTimeout(statements).build()));
    if (username != null) {
      props.setProperty("user", username);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    return props;
  }

  /** The options of a replica's connections: the driver's connect timeout no longer than the connection wait. */
  private static JdbiStoreOptions replicaOptions(JdbiStoreOptions options) {
    Duration wait = options.replicaConnectionTimeout();
    return options.connectTimeout().isZero() || options.connectTimeout().compareTo(wait) > 0
        ? options.toBuilder().connectTimeout(wait).build() : options;
  }

  private static OwnedDataSource open(String url, SqlDialect dialect, JdbiStoreOptions options, boolean migration) {
    boolean memory = dialect == SqlDialect.SQLITE && SqliteFiles.isMemory(url);
    if (dialect == SqlDialect.SQLITE && !memory) {
      SqliteFiles.requireOpenable(url);
    }
    String jdbcUrl = memory ? "jdbc:sqlite:file:polystore-" + UUID.randomUUID() + "?mode=memory&cache=shared" : url;
    Map<String, String> driverProperties = driverProperties(jdbcUrl, dialect, options);
    Connection keeper = null;
    int maxSize = options.poolMaxSize();
    if (memory) {
      maxSize = 1;
      try {
        Properties props = new Properties();
        props.putAll(driverProperties);
        keeper = DriverManager.getConnection(jdbcUrl, props);
      } catch (SQLException e) {
        throw SqlErrors.translate(e, "open in-memory SQLite database");
      }
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("polystore-" + dialect.name().toLowerCase(Locale.ROOT) + "-"
        + POOL_NUMBER.incrementAndGet() + (migration ? "-migration" : ""));
    config.setJdbcUrl(jdbcUrl);
    options.username().ifPresent(config::setUsername);
    options.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(migration ? 2 : maxSize);
    config.setMinimumIdle(migration ? 0 : Math.min(options.poolMinIdle(), maxSize));
    config.setConnectionTimeout(options.poolConnectionTimeout().toMillis());
    config.setValidationTimeout(Math.max(250, Math.min(5000, options.poolConnectionTimeout().toMillis() / 2)));
    config.setIdleTimeout(options.poolIdleTimeout().toMillis());
    config.setMaxLifetime(keeper != null ? 0 : options.poolMaxLifetime().toMillis());
    config.setKeepaliveTime(keeper != null ? 0 : options.poolKeepaliveTime().toMillis());
    config.setInitializationFailTimeout(-1);
    config.setAutoCommit(true);
    driverProperties.forEach(config::addDataSourceProperty);
    HikariDataSource pool;
    try {
      pool = new Pool(config, options.poolConnectionTimeout());
    } catch (RuntimeException e) {
      closeQuietly(keeper);
      throw new StoreConfigurationException("Cannot create a connection pool for " + StoreConfig.mask(url) + ": "
          + SqlErrors.message(e), e);
    }
    Connection held = keeper;
    return new OwnedDataSource(pool, () -> {
      try {
        pool.close();
      } finally {
        closeQuietly(held);
      }
    });
  }

  /**
   * Driver properties the adapter sets unless the URL already names them: SQLite pragmas (WAL with
   * {@code synchronous} from the option {@code sqlite.synchronous}, busy timeout, foreign keys, IMMEDIATE write
   * transactions); PostgreSQL batched inserts and timeouts; MySQL/MariaDB UTC session time, batch rewriting,
   * prepared-statement caching and timeouts.
   */
  private static Map<String, String> driverProperties(String url, SqlDialect dialect, JdbiStoreOptions options) {
    Map<String, String> p = new LinkedHashMap<>();
    switch (dialect) {
      case SQLITE -> {
        if (!SqliteFiles.isMemory(url)) {
          p.put("journal_mode", "WAL");
          p.put("synchronous", options.sqliteSynchronous().name());
        }
        p.put("busy_timeout", Long.toString(options.sqliteBusyTimeout().toMillis()));
        p.put("foreign_keys", "true");
        p.put("transaction_mode", "IMMEDIATE");
      }
      case POSTGRESQL -> {
        p.put("reWriteBatchedInserts", "true");
        p.put("ApplicationName", "polystore");
        p.put("connectTimeout", Long.toString(ceilSeconds(options.connectTimeout())));
        p.put("socketTimeout", Long.toString(ceilSeconds(options.socketTimeout())));
        p.put("tcpKeepAlive", "true");
      }
      case MYSQL, MARIADB -> {
        p.put("connectTimeout", Long.toString(options.connectTimeout().toMillis()));
        p.put("socketTimeout", Long.toString(options.socketTimeout().toMillis()));
        p.put("cachePrepStmts", "true");
        p.put("prepStmtCacheSize", "250");
        p.put("prepStmtCacheSqlLimit", "2048");
        p.put("tcpKeepAlive", "true");
        if (dialect == SqlDialect.MYSQL) {
          p.put("connectionTimeZone", "UTC");
          p.put("forceConnectionTimeZoneToSession", "true");
          p.put("rewriteBatchedStatements", "true");
          p.put("characterEncoding", "UTF-8");
        } else {
          p.put("useBulkStmts", "true");
        }
      }
      default -> throw new IllegalStateException(dialect.name());
    }
    String lowerUrl = url.toLowerCase(Locale.ROOT);
    p.keySet().removeIf(key -> lowerUrl.contains(key.toLowerCase(Locale.ROOT) + "="));
    return p;
  }

  private static long ceilSeconds(Duration d) {
    long s = d.getSeconds();
    return d.getNano() > 0 ? s + 1 : s;
  }


  /**
   * No connection of the store's pool became free within {@code pool.connection.timeout}: every connection was
   * lent out, and nothing was sent to the database. The message says so, with the timeout and the pool's
   * counts. Internal.
   */
  public static final class NoFreeConnection extends SQLTransientConnectionException {
    private static final long serialVersionUID = 1L;

    NoFreeConnection(String message, SQLException cause) {
      super(message, cause.getSQLState(), cause);
    }
  }

  /**
   * The store's HikariCP pool, which reports a busy pool as {@link NoFreeConnection}. HikariCP reports both a
   * busy pool and an unreachable database as a {@link SQLTransientConnectionException} after the connection
   * timeout; only for an unreachable database does it carry the last connection failure as cause.
   */
  private static final class Pool extends HikariDataSource {
    private final Duration connectionTimeout;

    Pool(HikariConfig config, Duration connectionTimeout) {
      super(config);
      this.connectionTimeout = connectionTimeout;
    }

    @Override
    public Connection getConnection() throws SQLException {
      try {
        return super.getConnection();
      } catch (SQLTransientConnectionException e) {
        if (e.getCause() != null || isClosed()) {
          throw e;
        }
        throw noFreeConnection(e, 0);
      }
    }

    /** The busy error of a caller that waited its turn at the store's {@link ConnectionGate}, with others. */
    SQLException noFreeConnection(int othersWaiting) {
      return noFreeConnection(new SQLTransientConnectionException(getPoolName() + " - no turn for a connection within "
          + format(connectionTimeout)), othersWaiting);
    }

    private SQLException noFreeConnection(SQLTransientConnectionException e, int othersAtTheGate) {
      HikariPoolMXBean counts = getHikariPoolMXBean();
      String state = counts == null ? "" : ": " + counts.getActiveConnections() + " of at most "
          + getMaximumPoolSize() + " connections in use, " + counts.getIdleConnections() + " idle, "
          + (counts.getThreadsAwaitingConnection() + othersAtTheGate) + " other callers waiting";
      return new NoFreeConnection("the connection pool " + getPoolName() + " had no free connection within "
          + JdbiStoreOptions.POOL_CONNECTION_TIMEOUT + " (" + format(connectionTimeout) + ")" + state
          + "; nothing was sent to the database (raise " + JdbiStoreOptions.POOL_MAX_SIZE + ", or hold"
          + " connections for less time: close query streams, keep transactions short)", e);
    }

    private static String format(Duration d) {
      long millis = d.toMillis();
      return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // nothing useful to do
      }
    }
  }
}
