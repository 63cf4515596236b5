package dev.polystore.jdbi.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Internal: how far a replica is behind its primary, as the replica itself reports it, one query per check.
 *
 * <ul>
 *   <li><b>PostgreSQL</b> (a hot standby): not in recovery ({@code pg_is_in_recovery()} false) is a server that
 *       does not replicate. Otherwise, when everything it received is replayed
 *       ({@code pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()}) while its WAL receiver streams, it lags by
 *       nothing; else by the time since the last transaction it replayed committed on the primary
 *       ({@code pg_last_xact_replay_timestamp()}), which grows while replay stands still — and, with no WAL
 *       receiver running, while the replica is cut off from its primary.</li>
 *   <li><b>MySQL/MariaDB</b>: {@code SHOW REPLICA STATUS} (or {@code SHOW SLAVE STATUS} where the former does not
 *       exist): no row is a server that is not a replica; {@code Seconds_Behind_Source} (or
 *       {@code Seconds_Behind_Master}) is the lag, NULL when a replication thread is stopped. The login needs the
 *       {@code REPLICATION CLIENT} privilege (MySQL) or {@code SLAVE MONITOR} (MariaDB 10.5 and later).</li>
 * </ul>
 *
 * <p>Thread-safe: one instance per replica, used by the thread that checks it.
 */
abstract class ReplicaLag {

  /** What a replica reported. */
  record Report(Kind kind, Duration lag, String detail) {

    enum Kind {
      /** Replicating, {@link #lag} behind. */
      LAG,
      /** Replicating, behind by an amount it does not report. */
      BEHIND,
      /** Not following a primary. */
      NOT_REPLICATING
    }

    static Report lag(Duration lag) {
      return new Report(Kind.LAG, lag, "");
    }

    static Report behind(String detail) {
      return new Report(Kind.BEHIND, null, detail);
    }

    static Report notReplicating(String detail) {
      return new Report(Kind.NOT_REPLICATING, null, detail);
    }
  }

  /** The query of the replica's own report, on a connection to it. */
  abstract Report read(Connection connection) throws SQLException;

  static ReplicaLag of(SqlDialect dialect) {
    return switch (dialect) {
      case POSTGRESQL -> new Postgres();
      case MYSQL, MARIADB -> new Mysql();
      case SQLITE -> throw new IllegalArgumentException("SQLite has no replicas");
    };
  }

  private static final class Postgres extends ReplicaLag {
    private static final String QUERY = "SELECT pg_is_in_recovery(),"
        + " (SELECT count(*) FROM pg_stat_wal_receiver),"
        + " pg_last_wal_receive_lsn() IS NOT NULL AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(),"
        + " EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())";

    @Override
    Report read(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(QUERY)) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return Report.notReplicating("it is not in recovery: a primary, not a replica"
              + " (pg_is_in_recovery() is false)");
        }
        boolean streaming = rs.getLong(2) > 0;
        boolean replayedAll = rs.getBoolean(3);
        double seconds = rs.getDouble(4);
        boolean noReplay = rs.wasNull();
        if (streaming && replayedAll) {
          return Report.lag(Duration.ZERO);
        }
        String why = streaming ? "it has not replayed all the WAL it received" : "its WAL receiver is not running";
        if (noReplay) {
          return Report.behind(why + ", and has replayed no transaction since it started");
        }
        return Report.lag(Duration.ofMillis(Math.max(0, Math.round(seconds * 1000))));
      }
    }
  }

  private static final class Mysql extends ReplicaLag {
    /** {@code SHOW REPLICA STATUS} until the server says it does not know it. */
    private volatile boolean replicaWords = true;

    @Override
    Report read(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement(); ResultSet rs = status(statement)) {
        Map<String, Integer> columns = columns(rs.getMetaData());
        Duration lag = null;
        boolean any = false;
        while (rs.next()) {
          any = true;
          Object seconds = rs.getObject(column(columns, "seconds_behind_source", "seconds_behind_master"));
          if (seconds == null) {
            return Report.notReplicating("replication is stopped (IO thread: "
                + text(rs, columns, "replica_io_running", "slave_io_running") + ", SQL thread: "
                + text(rs, columns, "replica_sql_running", "slave_sql_running") + ")" + lastError(rs, columns));
          }
          Duration behind = Duration.ofSeconds(((Number) seconds).longValue());
          lag = lag == null || behind.compareTo(lag) > 0 ? behind : lag;
        }
        return any ? Report.lag(lag) : Report.notReplicating("it is not a replica (its replica status is empty)");
      }
    }

    /** {@code SHOW REPLICA STATUS}, or {@code SHOW SLAVE STATUS} on a server that does not know the former. */
    private ResultSet status(Statement statement) throws SQLException {
      if (replicaWords) {
        try {
          return statement.executeQuery("SHOW REPLICA STATUS");
        } catch (SQLException e) {
          if (!"42000".equals(e.getSQLState())) {
            throw e;
          }
          replicaWords = false;
        }
      }
      return statement.executeQuery("SHOW SLAVE STATUS");
    }

    private static Map<String, Integer> columns(ResultSetMetaData meta) throws SQLException {
      Map<String, Integer> columns = new HashMap<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
      }
      return columns;
    }

    private static int column(Map<String, Integer> columns, String name, String oldName) throws SQLException {
      Integer index = columns.getOrDefault(name, columns.get(oldName));
      if (index == null) {
        throw new SQLException("the replica status has no column " + name + " or " + oldName);
      }
      return index;
    }

    private static String text(ResultSet rs, Map<String, Integer> columns, String name, String oldName)
        throws SQLException {
      Integer index = columns.getOrDefault(name, columns.get(oldName));
      return index == null ? "?" : String.valueOf(rs.getString(index));
    }

    private static String lastError(ResultSet rs, Map<String, Integer> columns) throws SQLException {
      for (String name : new String[] {"last_io_error", "last_sql_error", "last_error"}) {
        Integer index = columns.get(name);
        String error = index == null ? null : rs.getString(index);
        if (error != null && !error.isBlank()) {
          return "; last error: " + error.strip();
        }
      }
      return "";
    }
  }
}
