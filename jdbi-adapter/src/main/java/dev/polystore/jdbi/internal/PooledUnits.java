package dev.polystore.jdbi.internal;

import dev.polystore.spi.support.NativeHandles;
import dev.polystore.ReadConsistency;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * Internal: the units of work of a store and of its {@code reading(...)} views, each on a pooled connection: one
 * statement in auto-commit, several in a transaction (a read of several in one read-only snapshot,
 * {@link JdbiDatabase#inSnapshot}), retried and resolved after a lost reply as {@link JdbiDatabase} describes.
 * Reads have the units' consistency (an eventual one may go to a replica); writes and transactions go to the
 * primary. Thread-safe.
 */
final class PooledUnits implements UnitOfWork {

  private final JdbiDatabase db;
  private final NativeHandles nativeHandles;
  private final ReadConsistency consistency;
  /** Whether {@link #close()} closes the database: the store's units do, a view's do not. */
  private final boolean ownsDatabase;

  /**
   * @param ownsDatabase whether {@link #close()} closes the database (the store's units, not a view's)
   */
  PooledUnits(JdbiDatabase db, ReadConsistency consistency, boolean ownsDatabase) {
    this.db = db;
    this.nativeHandles = db.nativeHandles("user store")
        .elsewhere(Handle.class, "a transaction's Handle is offered by the store an inTransaction callback receives")
        .build();
    this.consistency = consistency;
    this.ownsDatabase = ownsDatabase;
  }

  @Override
  public void ensureUsable() {
    db.ensureOpen();
  }

  @Override
  public <T> T read(String operation, boolean severalStatements, HandleCallback<T, RuntimeException> work) {
    ensureUsable();
    return severalStatements ? db.inSnapshot(operation, consistency, work) : db.read(operation, consistency, work);
  }

  @Override
  public <T> T write(String operation, boolean severalStatements, HandleCallback<T, RuntimeException> work,
                     LostReply<T> afterLostReply) {
    ensureUsable();
    return severalStatements ? db.inTransaction(operation, work, afterLostReply)
        : db.write(operation, work, afterLostReply);
  }

  /** Once the commit may have been sent, {@code work} never runs again: the outcome is then unknown. */
  @Override
  public <T> T transaction(Function<UnitOfWork, T> work) {
    ensureUsable();
    return db.inTransaction("transaction", h -> {
      TransactionUnits units = new TransactionUnits(db, h);
      try {
        return work.apply(units);
      } finally {
        units.end();
      }
    }, LostReply.unknown());
  }

  @Override
  public NativeHandles nativeHandles() {
    return nativeHandles;
  }

  @Override
  public ReadConsistency readConsistency() {
    return consistency;
  }

  @Override
  public UnitOfWork strong() {
    return consistency == ReadConsistency.STRONG ? this : new PooledUnits(db, ReadConsistency.STRONG, false);
  }

  @Override
  public boolean boundToTransaction() {
    return false;
  }

  @Override
  public void close() {
    if (ownsDatabase) {
      db.close();
    }
  }
}
