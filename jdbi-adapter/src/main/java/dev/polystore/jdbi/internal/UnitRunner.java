package dev.polystore.jdbi.internal;

import dev.polystore.ConcurrentUpdateException;
import dev.polystore.OutcomeUnknownException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.jdbi.JdbiStoreOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Internal: runs one unit of work on the pool and decides what each failure means (see {@link JdbiDatabase}):
 * conflicts run again with backoff, a broken connection before anything could take effect runs the unit again, a
 * lost reply goes to the write's {@link LostReply}, and {@code call.timeout} bounds every attempt. Thread-safe.
 */
final class UnitRunner {

  private final Jdbi jdbi;
  /** Makes a handle bind and read values as the dialect stores them (nothing when the {@code Jdbi} does). */
  private final UnaryOperator<Handle> handleSetup;
  private final JdbiStoreOptions options;
  private final CallDeadline deadline;
  /** Called with every handle a unit gets, before the unit's work (the database learns its backend name). */
  private final Consumer<Handle> onHandle;

  UnitRunner(Jdbi jdbi, UnaryOperator<Handle> handleSetup, JdbiStoreOptions options, CallDeadline deadline,
             Consumer<Handle> onHandle) {
    this.jdbi = jdbi;
    this.handleSetup = handleSetup;
    this.options = options;
    this.deadline = deadline;
    this.onHandle = onHandle;
  }

  /**
   * Runs {@code work} as {@link Jdbi#withHandle} does (on the handle the thread already works with, if any), with
   * the handle binding and reading values as the dialect stores them.
   */
  private <T> T withHandle(HandleCallback<T, RuntimeException> work) {
    return jdbi.withHandle(h -> work.withHandle(handleSetup.apply(h)));
  }

  /** The kinds of unit {@link #run} runs. */
  enum Unit {
    READ, AUTO_COMMIT_WRITE, TRANSACTION
  }

  /**
   * The loop behind every unit of work. Conflicts are run again with backoff. A broken connection or a timeout
   * is decided by whether the unit's effect may have reached the database: if not (a read, or a transaction
   * before its commit), a broken connection runs the unit once more on a fresh connection and a timeout fails
   * with a plain {@link StoreUnavailableException}; if it may have, {@code afterLostReply} establishes the outcome
   * in a fresh transaction, and a failure to reach the database while it does is an
   * {@link OutcomeUnknownException}.
   */
  <T> T run(String operation, Unit kind, HandleCallback<T, RuntimeException> work,
                    LostReply<T> afterLostReply) {
    int attempt = 1;
    boolean reconnected = false;
    OutcomeUnknownException resolving = null;
    while (true) {
      AtomicBoolean effectMaySurvive = new AtomicBoolean();
      AtomicBoolean expired = new AtomicBoolean();
      try {
        if (resolving != null) {
          OutcomeUnknownException unknown = resolving;
          return withHandle(handle -> handle.inTransaction(h -> withDeadline(h, expired,
              () -> afterLostReply.resolve(h, unknown))));
        }
        return execute(kind, work, effectMaySurvive, expired);
      } catch (RuntimeException e) {
        if (expired.get()) {
          throw outOfTime(operation, e, resolving != null || effectMaySurvive.get());
        }
        RuntimeException translated = SqlErrors.translate(e, operation);
        if (translated instanceof SqlErrors.Conflict conflict) {
          if (attempt < options.retryMaxAttempts()) {
            pause(attempt++);
            continue;
          }
          throw new ConcurrentUpdateException(conflict.getMessage() + " (gave up after " + attempt + " attempts)",
              conflict.getCause());
        }
        boolean timeout = SqlErrors.isTimeout(e);
        if (resolving != null) {
          if (translated instanceof StoreUnavailableException && !(translated instanceof OutcomeUnknownException)) {
            resolving.addSuppressed(translated);
            throw resolving;
          }
          throw translated;
        }
        if (effectMaySurvive.get() && (timeout || translated instanceof SqlErrors.ConnectionLost)) {
          resolving = new OutcomeUnknownException(operation + " failed: " + (timeout
              ? "the database did not answer in time (socket.timeout)"
              : "the connection to the database broke") + " after the write was sent, so it may or may not have"
              + " taken effect: " + SqlErrors.message(rootCause(e)), translated.getCause());
          if (afterLostReply == LostReply.UNKNOWN || timeout) {
            throw resolving;
          }
          continue;
        }
        if (translated instanceof SqlErrors.ConnectionLost lost) {
          if (!reconnected) {
            reconnected = true;
            continue;
          }
          throw new StoreUnavailableException(lost.getMessage(), lost.getCause());
        }
        throw translated;
      }
    }
  }

  /**
   * Runs one attempt of a unit, setting {@code effectMaySurvive} once what it sends may take effect: when an
   * auto-commit write starts its statement, when a transaction's work has returned and the commit follows.
   */
  private <T> T execute(Unit kind, HandleCallback<T, RuntimeException> work, AtomicBoolean effectMaySurvive,
                        AtomicBoolean expired) {
    return switch (kind) {
      case READ -> withHandle(h -> withDeadline(h, expired, () -> {
        onHandle.accept(h);
        return noticingBrokenConnection(h, work);
      }));
      case AUTO_COMMIT_WRITE -> withHandle(h -> withDeadline(h, expired, () -> {
        onHandle.accept(h);
        effectMaySurvive.set(true);
        return noticingBrokenConnection(h, work);
      }));
      // The deadline covers the commit too: the transaction handler commits after the callback returns.
      case TRANSACTION -> withHandle(h -> withDeadline(h, expired, () -> h.inTransaction(inTx -> {
        onHandle.accept(inTx);
        T result = noticingBrokenConnection(inTx, work);
        effectMaySurvive.set(true);
        return result;
      })));
    };
  }

  /** Runs {@code attempt} under {@code call.timeout}, recording in {@code expired} whether the time ran out. */
  private <T> T withDeadline(Handle h, AtomicBoolean expired, java.util.function.Supplier<T> attempt) {
    try (CallDeadline.Guard guard = deadline.arm(h.getConnection())) {
      try {
        return attempt.get();
      } finally {
        expired.set(guard.expired());
      }
    }
  }

  /**
   * The failure of an attempt whose {@code call.timeout} ran out: the connection was aborted, so the outcome is not
   * looked for again on another one (the server may be frozen).
   */
  private RuntimeException outOfTime(String operation, RuntimeException e, boolean effectMaySurvive) {
    String what = operation + " failed: it did not finish within call.timeout (" + deadline.timeout()
        + "), so the store aborted its connection";
    return effectMaySurvive
        ? new OutcomeUnknownException(what + "; the write may or may not have taken effect", e)
        : new StoreUnavailableException(what + "; nothing it sent took effect", e);
  }

  /**
   * Runs {@code work}, and reports a failure that the driver did not classify as a broken connection, but that left
   * the connection closed, as a lost connection: after a broken socket MySQL Connector/J may fail the next call
   * with "No operations allowed after statement closed" (SQLState S1009), which says nothing about the network.
   */
  private static <T> T noticingBrokenConnection(Handle h, HandleCallback<T, RuntimeException> work) {
    try {
      return work.withHandle(h);
    } catch (RuntimeException e) {
      java.sql.SQLException sql = SqlErrors.findSqlException(e);
      if (sql != null && !(SqlErrors.translate(e, "") instanceof StoreUnavailableException) && isClosed(h)) {
        throw SqlErrors.connectionLost("the connection to the database was closed under the operation: "
            + SqlErrors.message(sql), e);
      }
      throw e;
    }
  }

  /** Whether the driver's own connection behind the pool's is closed (it closes itself on a broken socket). */
  static boolean isClosed(Handle h) {
    try {
      Connection connection = h.getConnection();
      return connection.isClosed() || connection.unwrap(Connection.class).isClosed();
    } catch (SQLException | RuntimeException e) {
      return true;
    }
  }

  /** The driver's exception when there is one (its message is the database's), else {@code e}. */
  private static Throwable rootCause(RuntimeException e) {
    java.sql.SQLException sql = SqlErrors.findSqlException(e);
    return sql == null ? e : sql;
  }

  /** Waits before attempt {@code attempt + 1} ({@code attempt} counts from 1), as the store's backoff says. */
  private void pause(int attempt) {
    options.backoff().pause(attempt - 1);
  }
}
