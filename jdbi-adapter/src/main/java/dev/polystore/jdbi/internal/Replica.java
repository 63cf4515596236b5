package dev.polystore.jdbi.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.polystore.StoreConfig;
import dev.polystore.jdbi.ReplicaStatus;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Internal: one read replica of a store — its read-only pool and units of work, its latest known state and lag,
 * the reads it answered, and the plain connection its lag is checked on (apart from the pool, so that a pool
 * busy with reads does not hold the check up). Thread-safe: reads run on any thread, checks on the store's
 * checking thread ({@link ReadReplicas}).
 */
final class Replica implements AutoCloseable {

  /** A state with what goes with it: the lag reported, why the replica gets no reads. */
  record State(ReplicaStatus.State state, Optional<Duration> lag, Optional<String> problem) {

    static final State UNCHECKED = new State(ReplicaStatus.State.UNCHECKED, Optional.empty(),
        Optional.of("not checked yet"));

    static State online(Duration lag) {
      return new State(ReplicaStatus.State.ONLINE, Optional.of(lag), Optional.empty());
    }

    static State of(ReplicaStatus.State state, Duration lag, String problem) {
      return new State(state, Optional.ofNullable(lag), Optional.of(problem));
    }
  }

  private final String url;
  private final String shownUrl;
  private final Properties checkProperties;
  private final JdbiDataSources.OwnedDataSource pool;
  private final UnitRunner units;
  private final Jdbi jdbi;
  private final ReplicaLag lag;
  private final AtomicLong reads = new AtomicLong();
  private volatile State state = State.UNCHECKED;
  /** The connection of the checks; used and replaced by the checking thread only. */
  private Connection checkConnection;

  Replica(String url, Properties checkProperties, JdbiDataSources.OwnedDataSource pool, Jdbi jdbi,
          UnitRunner units, ReplicaLag lag) {
    this.url = url;
    this.shownUrl = StoreConfig.mask(url);
    this.checkProperties = checkProperties;
    this.pool = pool;
    this.jdbi = jdbi;
    this.units = units;
    this.lag = lag;
  }

  /** The URL, passwords masked. */
  String shownUrl() {
    return shownUrl;
  }

  State state() {
    return state;
  }

  void state(State state) {
    this.state = state;
  }

  ReplicaStatus status() {
    State s = state;
    return new ReplicaStatus(shownUrl, s.state(), s.lag(), reads.get(), s.problem());
  }

  /** Runs a read on the replica as the primary's reads run (retries, deadline); counts it when it answers. */
  <T> T read(String operation, HandleCallback<T, RuntimeException> work) {
    T result = units.run(operation, UnitRunner.Unit.READ, work, LostReply.unknown());
    reads.incrementAndGet();
    return result;
  }

  /**
   * A handle on one of the replica's pooled connections, for a read that holds it (a query's stream).
   *
   * @throws dev.polystore.StoreException when no connection can be had
   */
  Handle open() {
    try {
      return jdbi.open();
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, "connect to the replica " + shownUrl);
    }
  }

  /**
   * Replaces the pool's idle connections with new ones as they are next needed: after a connection failed, its idle
   * siblings have usually lost their server too (a network drop, a restart).
   */
  void replaceIdleConnections() {
    if (pool.dataSource() instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() != null) {
      hikari.getHikariPoolMXBean().softEvictConnections();
    }
  }

  /** Counts a read that ran on a handle of {@link #open()}. */
  void served() {
    reads.incrementAndGet();
  }

  /**
   * What the replica reports of its lag, on the checking connection (opened again when it broke).
   *
   * @throws SQLException when the replica cannot be reached or the query fails
   */
  ReplicaLag.Report check() throws SQLException {
    try {
      if (checkConnection == null || checkConnection.isClosed()) {
        checkConnection = connect();
      }
      return lag.read(checkConnection);
    } catch (SQLException | RuntimeException e) {
      closeCheckConnection();
      throw e;
    }
  }

  private Connection connect() throws SQLException {
    Driver driver = DriverManager.getDriver(url);
    Connection connection = driver.connect(url, checkProperties);
    if (connection == null) {
      throw new SQLException("no JDBC driver accepts " + shownUrl);
    }
    connection.setAutoCommit(true);
    return connection;
  }

  private void closeCheckConnection() {
    Connection c = checkConnection;
    checkConnection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // a broken connection closes as well as it can
      }
    }
  }

  /** Closes the pool and the checking connection. */
  @Override
  public void close() {
    try {
      pool.close();
    } finally {
      closeCheckConnection();
    }
  }

  @Override
  public String toString() {
    return "Replica{" + shownUrl + ", " + state.state() + '}';
  }
}
