package dev.polystore.jdbi.internal;

import dev.polystore.ConcurrentUpdateException;
import dev.polystore.DuplicateKeyException;
import dev.polystore.StoreConfig;
import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.spi.support.Messages;
import java.net.SocketTimeoutException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;

/**
 * Internal: turns driver and JDBI errors into Polystore exceptions, by SQLState and vendor code, keeping the
 * original as the cause. Messages quote the database's own message ({@link #message(Throwable)}): secrets masked,
 * bounded in length, and for a batch only the failing row's error.
 *
 * <ul>
 *   <li>no free connection in the store's pool within {@code pool.connection.timeout}
 *       ({@link JdbiDataSources.NoFreeConnection}) → a plain {@link StoreUnavailableException} saying so, with the
 *       timeout and the pool's counts: nothing was sent;</li>
 *   <li>unique violation (SQLState 23505, MySQL 1062, SQLite {@code SQLITE_CONSTRAINT_UNIQUE}/{@code _PRIMARYKEY})
 *       → {@link DuplicateKeyException} naming the field, derived from the constraint or index name
 *       ({@code uq_<table>_<field>}, {@code <table>_pkey}) or, on SQLite, the column
 *       ({@code <field>_key});</li>
 *   <li>deadlock, serialization failure, lock wait timeout (40001, 40P01, MySQL 1213/1205, SQLite
 *       {@code SQLITE_BUSY}/{@code SQLITE_LOCKED}) → {@link Conflict}, which units of work retry a bounded
 *       number of times before a plain {@link ConcurrentUpdateException};</li>
 *   <li>SQLState class 08, PostgreSQL 57P01-57P03, MySQL client errors 2002-2013, and JDBC's connection
 *       exception types → {@link StoreUnavailableException} ({@link ConnectionLost} when a connection that
 *       worked broke, which a unit of work retries once on a fresh connection);</li>
 *   <li>a timeout — a {@link SocketTimeoutException} (the driver's {@code socketTimeout} ran out while it waited
 *       for the server) or a {@link SQLTimeoutException} anywhere in the cause chain → a plain
 *       {@link StoreUnavailableException}, never retried: the statement may still be running, or have run, on the
 *       server, so running it again could do it twice and would double the wait ({@link JdbiDatabase} makes it an
 *       {@code OutcomeUnknownException} where a write's effect may have reached the server);</li>
 *   <li>anything else → {@link StoreException}.</li>
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class SqlErrors {

  private static final Pattern QUOTED_CONSTRAINT = Pattern.compile("constraint \"([^\"]+)\"");
  private static final Pattern MYSQL_KEY = Pattern.compile("for key '([^']+)'");
  private static final Pattern SQLITE_COLUMNS = Pattern.compile("constraint failed: ([\\w.]+)");
  private static final Pattern UQ_NAME = Pattern.compile("uq_[a-z0-9]+_([a-z0-9_]+)");
  private static final Set<Integer> MYSQL_CONNECTION_CODES = Set.of(1053, 1077, 1152, 1153, 1154, 1156, 1159, 1161,
      1927, 2002, 2003, 2005, 2006, 2013, 2055, 4031);
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_CONSTRAINT = 19;
  private static final int SQLITE_CONSTRAINT_FOREIGNKEY = 787;
  private static final int SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
  private static final int SQLITE_CONSTRAINT_UNIQUE = 2067;

  private SqlErrors() {
  }

  /**
   * A deadlock, serialization failure or busy database: the unit of work may succeed when run again.
   * Internal; units of work that give up throw a plain {@link ConcurrentUpdateException}.
   */
  public static final class Conflict extends ConcurrentUpdateException {
    private static final long serialVersionUID = 1L;

    Conflict(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * A connection that was working broke (killed by the server, network drop). Whether what was sent took effect
   * depends on how far the unit of work got; {@link JdbiDatabase} decides. Internal.
   */
  public static final class ConnectionLost extends StoreUnavailableException {
    private static final long serialVersionUID = 1L;

    ConnectionLost(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A {@link ConnectionLost} for a failure the store recognised as a broken connection by itself. */
  static ConnectionLost connectionLost(String message, Throwable cause) {
    return new ConnectionLost(message, cause);
  }

  /**
   * The Polystore exception for {@code e}. Polystore exceptions pass through unchanged; exceptions that come
   * neither from JDBI nor from the driver (for example thrown by a caller's callback) are returned as they are.
   *
   * @param operation what was being done, for the message ("create user")
   */
  public static RuntimeException translate(RuntimeException e, String operation) {
    if (e instanceof StoreException) {
      return e;
    }
    SQLException sql = findSqlException(e);
    if (sql == null) {
      if (e instanceof ConnectionException) {
        return new StoreUnavailableException(operation + " failed: cannot connect to the database: "
            + message(e), e);
      }
      if (e instanceof JdbiException) {
        return new StoreException(operation + " failed: " + message(e), e);
      }
      return e;
    }
    return translate(sql, e, operation);
  }

  /**
   * Like {@link #translate(RuntimeException, String)} for a bare {@link SQLException}: a batch's exception
   * without a state of its own is judged by the failing row's ({@link #findSqlException}), and kept as cause.
   */
  public static StoreException translate(SQLException sql, String operation) {
    return translate(findSqlException(sql), sql, operation);
  }

  private static StoreException translate(SQLException sql, Throwable cause, String operation) {
    if (sql instanceof JdbiDataSources.NoFreeConnection) {
      return new StoreUnavailableException(operation + " failed: " + sql.getMessage(), cause);
    }
    if (isUniqueViolation(sql)) {
      String field = duplicateField(sql);
      return new DuplicateKeyException(field, operation + " failed: " + field + " is already taken", cause);
    }
    if (isConflict(sql)) {
      return new Conflict(operation + " failed: the database reported a conflict with a concurrent transaction ("
          + message(sql) + ")", cause);
    }
    boolean timeout = isTimeout(cause);
    if (isConnectionFailure(sql) || timeout) {
      String what = operation + " failed: the database connection failed: " + message(sql);
      if (cause instanceof ConnectionException || isCannotConnect(sql)) {
        return new StoreUnavailableException(what, cause);
      }
      if (timeout) {
        return new StoreUnavailableException(operation + " failed: the database did not answer in time"
            + " (socket.timeout): " + message(sql), cause);
      }
      return new ConnectionLost(what, cause);
    }
    return new StoreException(operation + " failed: " + message(sql), cause);
  }

  /** The first {@link SQLException} in the cause chain, looking into batch "next" exceptions. */
  public static SQLException findSqlException(Throwable e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
      if (t instanceof SQLException s) {
        if (s instanceof BatchUpdateException && s.getNextException() != null
            && (s.getSQLState() == null || s.getSQLState().isEmpty())) {
          return s.getNextException();
        }
        return s;
      }
    }
    return null;
  }

  private static String state(SQLException e) {
    String s = e.getSQLState();
    if ((s == null || s.isEmpty()) && e.getNextException() != null) {
      s = e.getNextException().getSQLState();
    }
    return s == null ? "" : s;
  }

  private static String allMessages(SQLException e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    SQLException next = e.getNextException();
    for (int i = 0; next != null && i < 5; i++, next = next.getNextException()) {
      sb.append(" / ").append(next.getMessage());
    }
    return sb.toString();
  }

  private static int sqliteCode(SQLException e) {
    if (e instanceof org.sqlite.SQLiteException s) {
      return s.getResultCode().code;
    }
    return -1;
  }

  private static boolean isSqlite(SQLException e) {
    return e instanceof org.sqlite.SQLiteException;
  }

  public static boolean isUniqueViolation(SQLException e) {
    if (isSqlite(e)) {
      int code = sqliteCode(e);
      return code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY;
    }
    return state(e).equals("23505") || e.getErrorCode() == 1062 || e.getErrorCode() == 1586;
  }

  /** A foreign-key violation: the referenced row (author, post) does not exist. */
  public static boolean isForeignKeyViolation(SQLException e) {
    if (isSqlite(e)) {
      return sqliteCode(e) == SQLITE_CONSTRAINT_FOREIGNKEY
          || (e.getErrorCode() == SQLITE_CONSTRAINT && String.valueOf(e.getMessage()).contains("FOREIGN KEY"));
    }
    return state(e).equals("23503") || e.getErrorCode() == 1452 || e.getErrorCode() == 1216;
  }

  /** Whether {@code e} (anywhere in its cause chain) is a foreign-key violation. */
  public static boolean isForeignKeyViolation(Throwable e) {
    SQLException sql = findSqlException(e);
    return sql != null && isForeignKeyViolation(sql);
  }

  static boolean isConflict(SQLException e) {
    if (isSqlite(e)) {
      int base = sqliteCode(e) & 0xff;
      return base == SQLITE_BUSY || base == SQLITE_LOCKED;
    }
    String state = state(e);
    return state.equals("40001") || state.equals("40P01") || e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
  }

  static boolean isConnectionFailure(SQLException e) {
    if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException) {
      return true;
    }
    String state = state(e);
    return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
        || MYSQL_CONNECTION_CODES.contains(e.getErrorCode());
  }

  /**
   * Whether the failure is a timeout: a {@link SocketTimeoutException} or {@link SQLTimeoutException} anywhere in
   * the cause chain (including the "next" exceptions of SQL exceptions). PostgreSQL's driver reports a socket
   * read timeout as SQLState 08006 and MySQL Connector/J as 08S01, both with the socket's exception as cause: by
   * SQLState alone they look like a connection that broke before the statement ran.
   */
  static boolean isTimeout(Throwable e) {
    java.util.ArrayDeque<Throwable> pending = new java.util.ArrayDeque<>();
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    pending.add(e);
    while (!pending.isEmpty() && seen.size() < 50) {
      Throwable t = pending.poll();
      if (t == null || !seen.add(t)) {
        continue;
      }
      if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException) {
        return true;
      }
      if (t.getCause() != null) {
        pending.add(t.getCause());
      }
      if (t instanceof SQLException s && s.getNextException() != null) {
        pending.add(s.getNextException());
      }
    }
    return false;
  }

  /** A failure to open a connection at all (as opposed to one that broke while in use). */
  private static boolean isCannotConnect(SQLException e) {
    String state = state(e);
    return e instanceof SQLTransientConnectionException || state.equals("08001") || state.equals("08004")
        || state.equals("57P03") || e.getErrorCode() == 2002 || e.getErrorCode() == 2003;
  }

  /** The API name of the field a unique violation is about, from the constraint, index or column name. */
  static String duplicateField(SQLException e) {
    String msg = allMessages(e);
    String name = null;
    Matcher m = QUOTED_CONSTRAINT.matcher(msg);
    if (m.find()) {
      name = m.group(1);
    } else if ((m = MYSQL_KEY.matcher(msg)).find()) {
      name = m.group(1);
      int dot = name.lastIndexOf('.');
      if (dot >= 0) {
        name = name.substring(dot + 1);
      }
    } else if ((m = SQLITE_COLUMNS.matcher(msg)).find()) {
      String column = m.group(1);
      int dot = column.lastIndexOf('.');
      String field = dot >= 0 ? column.substring(dot + 1) : column;
      return field.endsWith("_key") ? field.substring(0, field.length() - 4) : field;
    }
    if (name == null) {
      return "unknown";
    }
    String lower = name.toLowerCase(Locale.ROOT);
    Matcher uq = UQ_NAME.matcher(lower);
    if (uq.find()) {
      return uq.group(1);
    }
    if (lower.endsWith("_pkey") || lower.equals("primary")) {
      return "id";
    }
    return lower;
  }

  /**
   * The exception's message for a Polystore message: secrets masked, at most
   * {@value Messages#MAX_DETAIL_CODE_POINTS} code points, and for a batch failure the database's own message
   * about the failing row ({@link SQLException#getNextException()}) instead of the driver's summary, which on
   * PostgreSQL quotes every bound value of the batch ({@code Batch entry 0 INSERT ... was aborted}).
   */
  public static String message(Throwable e) {
    Throwable shown = e instanceof SQLException sql ? serverError(sql) : e;
    return Messages.bounded(StoreConfig.mask(String.valueOf(shown.getMessage())));
  }

  /** For a batch failure, the first "next" exception that is not itself a batch failure; else {@code e}. */
  private static SQLException serverError(SQLException e) {
    SQLException current = e;
    for (int depth = 0; current instanceof BatchUpdateException && current.getNextException() != null
        && depth < 5; depth++) {
      current = current.getNextException();
    }
    return current;
  }
}
