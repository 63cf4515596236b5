package dev.polystore.samples.backends;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;

/**
 * Connection pools the samples own, with the driver settings the JDBI adapter's own pools use where they matter
 * for correctness: SQLite's foreign keys, busy timeout, WAL and immediate write transactions; UTC sessions and
 * UTF-8 on MySQL Connector/J; batched inserts on PostgreSQL. Thread-safe (stateless).
 */
public final class JdbcPools {

  private JdbcPools() {
  }

  /**
   * A pool for {@code jdbcUrl}. An in-memory SQLite URL ({@code mode=memory}) gets one connection, since each
   * connection of a plain {@code :memory:} URL would see a database of its own.
   */
  public static HikariDataSource open(String jdbcUrl, int maxSize) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("samples-" + SqlDialects.migrationFolder(jdbcUrl));
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(jdbcUrl.contains("mode=memory") ? 1 : maxSize);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(30_000);
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:sqlite:")) {
      if (!url.contains("mode=memory")) {
        config.addDataSourceProperty("journal_mode", "WAL");
      }
      config.addDataSourceProperty("busy_timeout", "10000");
      config.addDataSourceProperty("foreign_keys", "true");
      config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    } else if (url.startsWith("jdbc:postgresql:")) {
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
    } else if (url.startsWith("jdbc:mysql:")) {
      config.addDataSourceProperty("connectionTimeZone", "UTC");
      config.addDataSourceProperty("forceConnectionTimeZoneToSession", "true");
      config.addDataSourceProperty("rewriteBatchedStatements", "true");
      config.addDataSourceProperty("characterEncoding", "UTF-8");
    } else if (url.startsWith("jdbc:mariadb:")) {
      config.addDataSourceProperty("useBulkStmts", "true");
    }
    return new HikariDataSource(config);
  }
}
