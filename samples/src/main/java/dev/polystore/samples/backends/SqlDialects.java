package dev.polystore.samples.backends;

import dev.polystore.jdbi.JdbiSchema;
import java.util.Locale;

/**
 * What the samples need to know of a JDBC URL: which of the adapter's migration folders applies and which driver
 * settings the adapter's own pools use. Thread-safe (stateless).
 */
public final class SqlDialects {

  private SqlDialects() {
  }

  /** {@code sqlite}, {@code postgresql} or {@code mysql}: the folder under {@code db/migration/} of the adapter. */
  public static String migrationFolder(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:sqlite:")) {
      return "sqlite";
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return "postgresql";
    }
    if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
      return "mysql";
    }
    throw new IllegalArgumentException("not a JDBC URL of SQLite, PostgreSQL, MySQL or MariaDB: " + jdbcUrl);
  }

  /** The Flyway location of the adapter's migrations for {@code jdbcUrl}. */
  public static String migrationLocation(String jdbcUrl) {
    return "classpath:db/migration/" + migrationFolder(jdbcUrl);
  }

  /**
   * The table where the JDBI adapter keeps its migration history (its own, so an application's Flyway history in
   * the same schema is left alone).
   */
  public static final String HISTORY_TABLE = JdbiSchema.HISTORY_TABLE;
}
