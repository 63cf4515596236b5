package dev.polystore.jdbi.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Internal: bounds how long one attempt of a unit of work may hold a connection ({@code call.timeout}). When the
 * time runs out it aborts the driver's connection ({@link Connection#abort}), which closes its socket: a driver
 * thread blocked writing to a server that stopped reading, which no socket read timeout reaches, then fails at once.
 * The pool sees the broken connection and drops it.
 *
 * <p>One daemon thread serves every store of the JVM; arming and disarming a deadline is a schedule and a cancel on
 * it. The thread also runs an empty task every {@value #HEARTBEAT_SECONDS} second: the timer wakes its thread when a
 * new task becomes the earliest it holds, so without one nearer than a deadline, every call would wake the thread
 * for a deadline minutes away and cancel it again — a thread switch per call, dearer than a short look-up on a busy
 * machine. Thread-safe.
 */
final class CallDeadline {

  /** How often the timer's thread wakes by itself (see the class documentation). */
  private static final long HEARTBEAT_SECONDS = 1;
  private static final ScheduledThreadPoolExecutor TIMER = timer();
  /**
   * Runs aborts, each on a thread of its own: a driver's abort may block (MariaDB Connector/J's waits for the socket
   * a blocked read holds), and the timer must stay free for every other deadline.
   */
  private static final Executor ABORTS = task -> {
    Thread thread = new Thread(task, "polystore-call-abort");
    thread.setDaemon(true);
    thread.start();
  };

  private final Duration timeout;

  /** @param timeout how long an attempt may take; {@link Duration#ZERO} for no limit */
  CallDeadline(Duration timeout) {
    this.timeout = timeout;
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "polystore-call-deadline");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true);
    timer.scheduleAtFixedRate(() -> { }, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    return timer;
  }

  /** The limit this deadline enforces, for messages. */
  Duration timeout() {
    return timeout;
  }

  /** Starts the clock for one attempt on {@code connection}; close the returned guard when the attempt ends. */
  Guard arm(Connection connection) {
    if (timeout.isZero()) {
      return Guard.NONE;
    }
    Guard guard = new Guard();
    guard.abort = TIMER.schedule(() -> {
      guard.expired.set(true);
      ABORTS.execute(() -> abort(connection));
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    return guard;
  }

  /**
   * Aborts the driver's connection. PostgreSQL's and MySQL Connector/J's {@code abort} close the socket at once;
   * MariaDB Connector/J's first asks the server, over a new connection, to kill the session, then waits for the
   * socket a blocked read or write holds — which a frozen server never releases — so its socket is closed directly
   * ({@link MariaDbSockets}).
   */
  private static void abort(Connection connection) {
    Connection driver;
    try {
      driver = connection.unwrap(Connection.class);
    } catch (SQLException | RuntimeException e) {
      return; // closed already: the attempt fails on its own
    }
    MariaDbSockets.close(driver);
    try {
      driver.abort(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      // the connection is already closed or broken: the attempt fails on its own
    }
  }

  /** One armed attempt. */
  static final class Guard implements AutoCloseable {
    static final Guard NONE = new Guard();

    private final AtomicBoolean expired = new AtomicBoolean();
    private volatile ScheduledFuture<?> abort;

    /** Whether the time ran out and the connection was aborted. */
    boolean expired() {
      return expired.get();
    }

    /** Stops the clock. */
    @Override
    public void close() {
      ScheduledFuture<?> task = abort;
      if (task != null) {
        task.cancel(false);
      }
    }
  }
}
