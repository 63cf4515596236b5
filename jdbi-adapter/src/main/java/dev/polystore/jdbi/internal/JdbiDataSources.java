package dev.polystore.jdbi.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.jdbi.JdbiStoreOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Internal: builds the HikariCP pool a store owns, with the dialect's driver properties.
 *
 * <p>An in-memory SQLite URL ({@code jdbc:sqlite::memory:}) becomes a uniquely named shared-cache memory
 * database served by a pool of one connection, plus one connection held open outside the pool so the database
 * lives exactly as long as the store, whatever the pool does with its connection. Thread-safe.
 */
public final class JdbiDataSources {

  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private JdbiDataSources() {
  }

  /** A pooled data source and what must be closed with it. */
  public record OwnedDataSource(DataSource dataSource, AutoCloseable closer) implements AutoCloseable {
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

  private static OwnedDataSource open(String url, SqlDialect dialect, JdbiStoreOptions options, boolean migration) {
    boolean memory = dialect == SqlDialect.SQLITE && SqlDialect.isSqliteMemory(url);
    String jdbcUrl = memory ? "jdbc:sqlite:file:polystore-" + UUID.randomUUID() + "?mode=memory&cache=shared" : url;
    Map<String, String> driverProperties = dialect.driverProperties(jdbcUrl, options);
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
    config.setPoolName("polystore-" + dialect.name().toLowerCase(java.util.Locale.ROOT) + "-"
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
      pool = new HikariDataSource(config);
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
