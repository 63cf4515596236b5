package dev.polystore.jdbi.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * Internal: runs the reads of one unit in a read-only transaction that sees one snapshot
 * ({@link SqlDialect#snapshotBegin()}), begun and ended with SQL on a connection left in auto-commit mode, so
 * neither its isolation level nor its read-only flag changes. Beyond the reads themselves this costs the begin and
 * the {@code COMMIT}: on MySQL/MariaDB the isolation statement ({@link SqlDialect#snapshotIsolation()}) is sent
 * only while the session is not known to read at {@code REPEATABLE READ}. A session is known to when the store owns
 * the pool (nothing else changes its connections' isolation) and the connection said so when first asked, once per
 * physical connection; on an application's connections it is sent every time. The begin and end statements go
 * through plain JDBC, not JDBI. Thread-safe.
 */
final class SnapshotReads {

  private final String begin;
  private final Optional<String> isolation;
  private final boolean rememberIsolation;
  /** Driver connections whose session reads at {@code REPEATABLE READ}; weak, so closed ones are forgotten. */
  private final Map<Connection, Boolean> repeatableRead = Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * @param rememberIsolation whether a session's isolation level, once read, may be trusted for the connection's
   *     life: only when the store owns the pool
   */
  SnapshotReads(SqlDialect dialect, boolean rememberIsolation) {
    this.begin = dialect.snapshotBegin();
    this.isolation = dialect.snapshotIsolation();
    this.rememberIsolation = rememberIsolation;
  }

  /** Runs {@code work} in one snapshot on {@code h}, committing after it, rolling back when it fails. */
  <T> T read(Handle h, HandleCallback<T, RuntimeException> work) {
    Connection connection = h.getConnection();
    run(connection, needsIsolation(connection) ? isolation.orElseThrow() : null, begin);
    T result;
    try {
      result = work.withHandle(h);
    } catch (RuntimeException | Error e) {
      try {
        run(connection, null, "ROLLBACK");
      } catch (RuntimeException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    }
    run(connection, null, "COMMIT");
    return result;
  }

  private boolean needsIsolation(Connection connection) {
    if (isolation.isEmpty()) {
      return false;
    }
    if (!rememberIsolation) {
      return true;
    }
    try {
      Connection driver = connection.unwrap(Connection.class);
      Boolean known = repeatableRead.get(driver);
      if (known == null) {
        known = driver.getTransactionIsolation() == Connection.TRANSACTION_REPEATABLE_READ;
        repeatableRead.put(driver, known);
      }
      return !known;
    } catch (SQLException e) {
      throw new SnapshotStatementException(e);
    }
  }

  /** Executes {@code first} (when not null), then {@code second}, on one plain statement. */
  private static void run(Connection connection, String first, String second) {
    try (Statement statement = connection.createStatement()) {
      if (first != null) {
        statement.execute(first);
      }
      statement.execute(second);
    } catch (SQLException e) {
      throw new SnapshotStatementException(e);
    }
  }

  /** A driver failure of a begin, commit or rollback, carried to the unit's translation of failures. */
  static final class SnapshotStatementException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SnapshotStatementException(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
