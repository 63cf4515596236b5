package dev.polystore.jdbi.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * Internal: the connections of a store's own pool as its {@link org.jdbi.v3.core.Jdbi} takes them, first come first
 * served. At most the pool's size of callers ask the pool at once; the others wait here, in arrival order, within
 * {@code pool.connection.timeout}, and each connection lent gives its turn back when its handle closes it (or
 * when the pool could not lend one).
 *
 * <p>Why: HikariCP does not serve waiting callers in order. A caller that asks just as a connection comes back
 * takes it from the pool's shared list ahead of those already waiting, so with many more callers than connections
 * some wait far longer than the rest. Measured with 10,000 virtual threads on a pool of 10: a request's median wait
 * was 1–4 ms but its 99th percentile 7–22 s, and 1,705 of them waited past the default 30 s and failed, although
 * the pools served thousands of requests a second (docs/virtual-threads.md). In order, every wait is about the queue
 * ahead of it divided by the pool's rate: the longest fell to 3.5–6.4 s, with no loss of throughput on virtual
 * or on platform threads.
 *
 * <p>A caller that waited {@code pool.connection.timeout} here gets the pool's busy error
 * ({@link JdbiDataSources.NoFreeConnection}, with the pool's counts and how many wait), as from the pool itself.
 * Thread-safe.
 */
final class ConnectionGate implements ConnectionFactory {

  private final DataSource pool;
  private final Semaphore turns;
  private final long timeoutNanos;
  /** The busy error of a caller that waited the whole timeout, given how many others wait. */
  private final IntFunction<SQLException> busy;
  /** The connections lent, so that each gives its turn back once, however often it is closed. */
  private final Set<Connection> lent = Collections.newSetFromMap(new ConcurrentHashMap<>());

  /**
   * @param pool the pool (or a view of it), which lends at most {@code size} connections
   * @param size the pool's most connections
   * @param timeout how long a caller waits for its turn: {@code pool.connection.timeout}
   * @param busy the error of a caller that waited that long, given how many others wait
   */
  ConnectionGate(DataSource pool, int size, Duration timeout, IntFunction<SQLException> busy) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, not " + size);
    }
    this.pool = Objects.requireNonNull(pool, "pool");
    this.turns = new Semaphore(size, true);
    this.timeoutNanos = timeout.toNanos();
    this.busy = Objects.requireNonNull(busy, "busy");
  }

  @Override
  public Connection openConnection() throws SQLException {
    try {
      if (!turns.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
        throw busy.apply(turns.getQueueLength());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a connection of the pool", e);
    }
    Connection connection;
    try {
      connection = pool.getConnection();
    } catch (SQLException | RuntimeException | Error e) {
      turns.release();
      throw e;
    }
    lent.add(connection);
    return connection;
  }

  @Override
  public void closeConnection(Connection connection) throws SQLException {
    try {
      connection.close();
    } finally {
      if (lent.remove(connection)) {
        turns.release();
      }
    }
  }

  /** How many callers wait for their turn now (an estimate, as {@link Semaphore#getQueueLength()}). */
  int waiting() {
    return turns.getQueueLength();
  }

  /** How many turns are free now. */
  int free() {
    return turns.availablePermits();
  }
}
