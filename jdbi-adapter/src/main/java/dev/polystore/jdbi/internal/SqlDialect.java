package dev.polystore.jdbi.internal;

import dev.polystore.StoreConfigurationException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Internal: the SQL dialects the adapter speaks — SQLite, PostgreSQL, and MySQL's SQL through MySQL Connector/J
 * ({@link #MYSQL}, which reaches MySQL or MariaDB) or the MariaDB driver ({@link #MARIADB}) — with how each is
 * recognised, the expressions that differ (null ordering, lowercasing, code-point text, limits, upserts) and its
 * transaction traits (snapshot reads, RETURNING, whether a failed statement aborts the transaction). Values,
 * text patterns, full-text search, the events table and driver settings have their own classes
 * ({@link SqlValues}, {@link TextPatterns}, {@link FullTextSql}, {@link EventSql}, {@link JdbiDataSources}).
 *
 * <p>Text is compared and sorted by code point on every dialect, trailing spaces significant (SQLite
 * {@code BINARY}, PostgreSQL {@code COLLATE "C"}, MySQL/MariaDB the NO PAD binary collation of the server —
 * MariaDB {@code utf8mb4_nopad_bin}, MySQL 8 {@code utf8mb4_0900_bin} — or binary strings, see
 * {@link #binaryText}).
 *
 * <p>Case-insensitive matching: the value is lowercased in Java with {@code Locale.ROOT}; username, e-mail and
 * full name are compared with stored key columns lowercased the same way, so the rule is identical on every
 * dialect, for Unicode too. Post titles and contents are lowercased by the database ({@link #lower}), folding
 * all of Unicode on every dialect: SQLite through the function {@value #SQLITE_LOWER_FUNCTION} the adapter
 * registers on each connection (Java, {@code Locale.ROOT}), PostgreSQL through ICU's root locale, MySQL through
 * the columns' Unicode collation.
 *
 * <p>Snapshot reads: a read of several statements (a page with its exact total or its includes) runs in one
 * read-only transaction begun by {@link #snapshotBegin()}, so all its statements see one snapshot.
 *
 * <p>Thread-safe (immutable).
 */
public enum SqlDialect {
  SQLITE("SQLite", "sqlite", List.of("jdbc:sqlite:")),
  POSTGRESQL("PostgreSQL", "postgresql", List.of("jdbc:postgresql:")),
  /** MySQL Connector/J ({@code jdbc:mysql:}), which reaches MySQL or MariaDB servers. */
  MYSQL("MySQL", "mysql", List.of("jdbc:mysql:")),
  /** MariaDB Connector/J ({@code jdbc:mariadb:}): MySQL's SQL and schema, the MariaDB driver's settings. */
  MARIADB("MariaDB", "mysql", List.of("jdbc:mariadb:"));

  /**
   * The SQL function the adapter registers on every SQLite connection: the text lowercased by Java with
   * {@code Locale.ROOT} (all of Unicode, as the {@code *_key} columns), deterministic; NULL stays NULL.
   */
  public static final String SQLITE_LOWER_FUNCTION = "polystore_lower";

  private final String backendName;
  private final String migrationFolder;
  private final List<String> schemes;

  SqlDialect(String backendName, String migrationFolder, List<String> schemes) {
    this.backendName = backendName;
    this.migrationFolder = migrationFolder;
    this.schemes = schemes;
  }

  // ---- identity and configuration --------------------------------------------------------------

  /** A short human name for messages and {@code Capabilities}. */
  public String backendName() {
    return backendName;
  }

  /**
   * The backend name this dialect tells without asking the server: empty for {@link #MYSQL}, whose driver reaches
   * MySQL or MariaDB.
   */
  public Optional<String> fixedBackendName() {
    return this == MYSQL ? Optional.empty() : Optional.of(backendName);
  }

  /** Whether the server speaks MySQL's SQL (MySQL or MariaDB, through either driver). */
  public boolean speaksMysql() {
    return this == MYSQL || this == MARIADB;
  }

  /**
   * The backend name from {@code DatabaseMetaData}'s product name and version: {@code MariaDB} when either says
   * so (MySQL Connector/J names every server "MySQL", but MariaDB's version reads like
   * {@code 5.5.5-10.11.6-MariaDB}), else {@code MySQL} for the MySQL dialects and this dialect's name for others.
   */
  public String backendName(String productName, String productVersion) {
    if (speaksMysql()) {
      String both = (productName + " " + productVersion).toLowerCase(Locale.ROOT);
      return both.contains("mariadb") ? "MariaDB" : "MySQL";
    }
    return backendName;
  }

  /**
   * How many connections a schema migration holds at once: two on PostgreSQL (Flyway keeps its lock in a
   * transaction on one while it migrates on another), one on SQLite and MySQL/MariaDB (Flyway's lock there is
   * held by the migrating session itself).
   */
  public int migrationConnections() {
    return this == POSTGRESQL ? 2 : 1;
  }

  /** The JDBC URL prefixes of this dialect. */
  public List<String> schemes() {
    return schemes;
  }

  /** All JDBC URL prefixes the adapter accepts. */
  public static List<String> allSchemes() {
    List<String> all = new ArrayList<>();
    for (SqlDialect d : values()) {
      all.addAll(d.schemes);
    }
    return List.copyOf(all);
  }

  /** The Flyway location of this dialect's migrations. */
  public String migrationLocation() {
    return "classpath:db/migration/" + migrationFolder;
  }

  /** The dialect of a JDBC URL. @throws StoreConfigurationException when no dialect accepts it */
  public static SqlDialect forUrl(String url) {
    for (SqlDialect d : values()) {
      for (String scheme : d.schemes) {
        if (url != null && url.startsWith(scheme)) {
          return d;
        }
      }
    }
    throw new StoreConfigurationException("The JDBI adapter does not handle " + dev.polystore.StoreConfig.mask(url)
        + "; it accepts " + allSchemes());
  }

  /**
   * The dialect of a connection, from its {@code DatabaseMetaData}: the database's product name, and for MySQL and
   * MariaDB servers the driver's name (MariaDB Connector/J or MySQL Connector/J).
   */
  public static SqlDialect forDatabase(String productName, String driverName) {
    String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (p.contains("sqlite")) {
      return SQLITE;
    }
    if (p.contains("postgres")) {
      return POSTGRESQL;
    }
    if (p.contains("mysql") || p.contains("mariadb")) {
      return driverName != null && driverName.toLowerCase(Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
    }
    throw new StoreConfigurationException("The JDBI adapter supports SQLite, PostgreSQL and MySQL/MariaDB, not "
        + productName);
  }

  // ---- values ----------------------------------------------------------------------------------

  /** The finest unit an {@code Instant} keeps. */
  public ChronoUnit timePrecision() {
    return ChronoUnit.MICROS;
  }

  // ---- expressions -----------------------------------------------------------------------------

  /**
   * A text column compared by code point, trailing spaces included. MySQL columns that carry a case-insensitive
   * collation for their FULLTEXT index (post title and content) are compared as binary strings: their UTF-8 bytes
   * sort in code point order, and binary strings never pad, where {@code COLLATE utf8mb4_bin} would compare
   * {@code 'a' = 'a '} as true (PAD SPACE) on MariaDB and MySQL alike.
   */
  public String binaryText(String expression) {
    return speaksMysql() ? "CAST(" + expression + " AS BINARY)" : expression;
  }

  /**
   * The lowercase of a text expression, folding all of Unicode like Java's {@code toLowerCase(Locale.ROOT)}, and
   * compared by code point: SQLite {@value #SQLITE_LOWER_FUNCTION} (Java itself); PostgreSQL {@code LOWER} under
   * ICU's root locale ({@code "und-x-icu"}; under the columns' {@code "C"} collation it would fold ASCII only);
   * MySQL {@code LOWER} under the columns' {@code utf8mb4_unicode_ci}, compared as a binary string (see
   * {@link #binaryText}).
   */
  public String lower(String expression) {
    return switch (this) {
      case SQLITE -> SQLITE_LOWER_FUNCTION + "(" + expression + ")";
      case POSTGRESQL -> "LOWER(" + expression + " COLLATE \"und-x-icu\") COLLATE \"C\"";
      case MYSQL, MARIADB -> "CAST(LOWER(" + expression + ") AS BINARY)";
    };
  }

  /**
   * A SELECT that reads the latest committed row even inside a transaction: MySQL/MariaDB InnoDB reads its
   * transaction's snapshot otherwise ({@code LOCK IN SHARE MODE}, which both servers accept); SQLite and
   * PostgreSQL (READ COMMITTED) already read the latest row.
   */
  public String latestRead(String select) {
    return speaksMysql() ? select + " LOCK IN SHARE MODE" : select;
  }

  /**
   * One ORDER BY term. Nulls sort first ascending and last descending on every dialect (SQLite and MySQL do
   * so by themselves; PostgreSQL is told).
   */
  public String orderTerm(String expression, boolean ascending, boolean nullable) {
    String dir = ascending ? " ASC" : " DESC";
    if (this == POSTGRESQL && nullable) {
      return expression + dir + (ascending ? " NULLS FIRST" : " NULLS LAST");
    }
    return expression + dir;
  }

  /** {@code LIMIT :limitParam OFFSET :offsetParam}, the same on every dialect supported. */
  public String limitOffset(String limitParam, String offsetParam) {
    return " LIMIT :" + limitParam + (offsetParam == null ? "" : " OFFSET :" + offsetParam);
  }

  // ---- statements ------------------------------------------------------------------------------

  /**
   * The statement that begins a read-only transaction whose statements all read one snapshot, run on a
   * connection in auto-commit mode and ended by {@code COMMIT} (or {@code ROLLBACK}): PostgreSQL
   * {@code REPEATABLE READ} (its snapshot is taken by the first statement); MySQL/MariaDB InnoDB with a consistent
   * snapshot taken at once, which holds at {@code REPEATABLE READ} ({@link #snapshotIsolation()}); SQLite a
   * deferred transaction, which reads one snapshot from its first statement (in WAL mode without blocking the
   * writer; in rollback-journal mode by holding the shared lock).
   */
  public String snapshotBegin() {
    return switch (this) {
      case SQLITE -> "BEGIN DEFERRED";
      case POSTGRESQL -> "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
      case MYSQL, MARIADB -> "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY";
    };
  }

  /**
   * The statement that must precede {@link #snapshotBegin()} unless the session's isolation level is already
   * {@code REPEATABLE READ}: MySQL/MariaDB, whose {@code START TRANSACTION} cannot name an isolation level and
   * whose consistent snapshot holds only at that level. Empty for the other dialects.
   */
  public Optional<String> snapshotIsolation() {
    return speaksMysql() ? Optional.of("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ") : Optional.empty();
  }

  /** Whether {@code UPDATE ... RETURNING} exists (SQLite 3.35+, PostgreSQL; not MySQL/MariaDB). */
  public boolean supportsUpdateReturning() {
    return !speaksMysql();
  }

  /**
   * Whether a failed statement aborts the whole transaction (PostgreSQL): statements that may fail inside a
   * caller's transaction then run under a savepoint so the caller can catch the error and go on.
   */
  public boolean failedStatementAbortsTransaction() {
    return this == POSTGRESQL;
  }

  /**
   * An INSERT that skips rows whose unique key already exists, without hiding other errors.
   *
   * @param table target table
   * @param columns the column list, e.g. {@code "name"}
   * @param source {@code VALUES (...)} or a {@code SELECT ... WHERE ...} (SQLite needs the WHERE)
   * @param conflictColumns the unique key, e.g. {@code "name"}
   * @param anyColumn a column to assign to itself on MySQL
   */
  public String insertIgnoringDuplicates(String table, String columns, String source, String conflictColumns,
                                         String anyColumn) {
    String insert = "INSERT INTO " + table + " (" + columns + ") " + source;
    if (speaksMysql()) {
      return insert + " ON DUPLICATE KEY UPDATE " + anyColumn + " = " + table + "." + anyColumn;
    }
    return insert + " ON CONFLICT (" + conflictColumns + ") DO NOTHING";
  }
}
