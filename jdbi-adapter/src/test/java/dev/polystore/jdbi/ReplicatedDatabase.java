package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.fail;

import dev.polystore.StoreConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test support: a private schema (PostgreSQL) or database (MariaDB/MySQL) on a replicated primary, and the same on
 * its replica, which receives it by replication. Created by the first test of a class ({@link Lazy}), dropped on the
 * primary after the class (the drop replicates too). Also reads the replica's own statistics, and holds replication
 * back, for the tests to see where reads went and to make the replica fall behind.
 */
final class ReplicatedDatabase implements AutoCloseable {

  /** How long replication of a schema or a write may take before a test gives up. */
  static final Duration REPLICATION = Duration.ofSeconds(30);

  private final ServerDatabase primary;
  private final String replicaUrl;

  private ReplicatedDatabase(ReplicatedTestServers.Pair pair, String prefix) {
    this.primary = ServerDatabase.create(pair.primary(), prefix);
    this.replicaUrl = primary.urlOn(pair.replica());
    awaitOnReplica("the schema " + primary.name(),
        () -> "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + primary.name() + "'", "1");
  }

  static Lazy lazy(Supplier<ReplicatedTestServers.Pair> pair, String prefix) {
    return new Lazy(pair, prefix);
  }

  /** The class's replicated database, created by the first {@link #get()}, dropped after the class. */
  static final class Lazy implements AutoCloseable, AfterAllCallback {
    private final Supplier<ReplicatedTestServers.Pair> pair;
    private final String prefix;
    private ReplicatedDatabase database;

    private Lazy(Supplier<ReplicatedTestServers.Pair> pair, String prefix) {
      this.pair = pair;
      this.prefix = prefix;
    }

    synchronized ReplicatedDatabase get() {
      if (database == null) {
        database = new ReplicatedDatabase(pair.get(), prefix);
      }
      return database;
    }

    @Override
    public synchronized void close() {
      if (database != null) {
        ReplicatedDatabase created = database;
        database = null;
        created.close();
      }
    }

    @Override
    public void afterAll(ExtensionContext context) {
      close();
    }
  }

  boolean isPostgres() {
    return primary.isPostgres();
  }

  /** The private schema on the primary, its URL and credentials. */
  ServerDatabase primary() {
    return primary;
  }

  /** The URL of the private schema on the replica. */
  String replicaUrl() {
    return replicaUrl;
  }

  /** A config of a store over the primary's schema with the replica as {@code replica.urls}, and more options. */
  StoreConfig config(Map<String, String> options) {
    return primary.config().property(JdbiStoreOptions.REPLICA_URLS, replicaUrl).properties(options).build();
  }

  /** Empties the user and event tables on the primary, and waits until the replica has them empty too. */
  void empty() {
    primary.empty();
    primary.execute("DELETE FROM events");
    awaitOnReplica("the emptied tables", () -> "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM events)",
        "0");
  }

  /** Polls {@code sql} on the replica until its first column reads {@code expected}, within {@link #REPLICATION}. */
  void awaitOnReplica(String what, Supplier<String> sql, String expected) {
    long deadline = System.nanoTime() + REPLICATION.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = primary.queryOn(replicaUrl, sql.get());
        if (Objects.equals(expected, last)) {
          return;
        }
      } catch (IllegalStateException e) {
        last = e.getMessage();
      }
      pause(50);
    }
    fail(what + " did not reach the replica within " + REPLICATION + ": " + last);
  }

  /**
   * The reads the server at {@code url} ran, by its own statistics: on PostgreSQL the scans of the private schema's
   * tables ({@code pg_stat_user_tables}, which a standby keeps for its own queries, flushed within seconds); on
   * MariaDB/MySQL the server's {@code Com_select}.
   */
  long reads(String url) {
    String sql = isPostgres()
        ? "SELECT coalesce(sum(seq_scan), 0) + coalesce(sum(idx_scan), 0) FROM pg_stat_user_tables"
            + " WHERE schemaname = '" + primary.name() + "'"
        : "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_SELECT'";
    return Long.parseLong(primary.queryOn(url, sql));
  }

  /** The URL parameter that gives the driver's sockets a receive buffer of 16 KB. */
  String smallReceiveBuffer() {
    return isPostgres() ? "receiveBufferSize=16384" : "tcpRcvBuf=16384";
  }

  /** The reads of {@link #reads(String)} on the replica. */
  long replicaReads() {
    return reads(replicaUrl);
  }

  /** The reads of {@link #reads(String)} on the primary. */
  long primaryReads() {
    return reads(primary.url());
  }

  /**
   * Stops the replica applying what it receives until the returned handle is closed: PostgreSQL
   * {@code pg_wal_replay_pause()}, MariaDB/MySQL {@code STOP SLAVE SQL_THREAD}. The replica then reports itself as
   * behind (PostgreSQL, by a growing time) or as not replicating (MariaDB/MySQL).
   */
  AutoCloseable stopApplying() {
    if (isPostgres()) {
      primary.executeOn(replicaUrl, "SELECT pg_wal_replay_pause()");
      return () -> primary.executeOn(replicaUrl, "SELECT pg_wal_replay_resume()");
    }
    primary.executeOn(replicaUrl, "STOP SLAVE SQL_THREAD");
    return () -> primary.executeOn(replicaUrl, "START SLAVE SQL_THREAD");
  }

  /**
   * Holds the replica's applying of writes to {@code table} back while it keeps replicating and reporting a lag
   * that grows, until the returned handle is closed: PostgreSQL pauses replay ({@code pg_wal_replay_pause()});
   * MariaDB/MySQL holds {@code LOCK TABLES ... READ} on the replica, which the applier waits for, its
   * {@code Seconds_Behind_Master} growing.
   */
  AutoCloseable holdBack(String table) throws SQLException {
    if (isPostgres()) {
      return stopApplying();
    }
    Connection lock = primary.connect(replicaUrl);
    try (Statement statement = lock.createStatement()) {
      statement.execute("LOCK TABLES " + table + " READ");
    } catch (SQLException e) {
      lock.close();
      throw e;
    }
    return () -> {
      try (Statement statement = lock.createStatement()) {
        statement.execute("UNLOCK TABLES");
      } finally {
        lock.close();
      }
    };
  }

  /** The lag the replica reports of itself, in seconds, as the store reads it (for messages). */
  String replicaReport() {
    try (Connection c = primary.connect(replicaUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(isPostgres()
             ? "SELECT pg_is_in_recovery(), pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn(),"
                 + " pg_last_xact_replay_timestamp()"
             : "SHOW SLAVE STATUS")) {
      StringBuilder out = new StringBuilder();
      if (rs.next()) {
        for (int i = 1; i <= Math.min(rs.getMetaData().getColumnCount(), 40); i++) {
          out.append(rs.getMetaData().getColumnLabel(i)).append('=').append(rs.getString(i)).append(' ');
        }
      }
      return out.toString();
    } catch (SQLException e) {
      return "replica status unreadable: " + e.getMessage();
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    primary.close();
  }
}
