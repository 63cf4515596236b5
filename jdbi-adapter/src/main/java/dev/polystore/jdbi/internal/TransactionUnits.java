package dev.polystore.jdbi.internal;

import dev.polystore.spi.support.NativeHandles;
import dev.polystore.ReadConsistency;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * Internal: units of work inside a caller's transaction, on its handle. Operations of several statements (and, on
 * PostgreSQL, every write, because a failed statement aborts the transaction) run under a savepoint, so a caught
 * failure leaves the transaction usable and the failed operation without effect; a nested transaction is a
 * savepoint too. Not thread-safe: belongs to the transaction's thread, and refuses use once it has ended.
 */
final class TransactionUnits implements UnitOfWork {

  private final JdbiDatabase db;
  private final Handle tx;
  /** The database's native handles and {@link #tx}; built on first use. */
  private NativeHandles nativeHandles;
  private int savepoints;
  private boolean active = true;

  TransactionUnits(JdbiDatabase db, Handle tx) {
    this.db = db;
    this.tx = tx;
  }

  /** Marks the transaction as ended: every later use is refused. */
  void end() {
    active = false;
  }

  @Override
  public void ensureUsable() {
    if (!active) {
      throw new IllegalStateException("this store belongs to a transaction that has ended");
    }
    db.ensureOpen();
  }

  /** Reads on the transaction's handle, as the caller's transaction sees the data. */
  @Override
  public <T> T read(String operation, boolean severalStatements, HandleCallback<T, RuntimeException> work) {
    ensureUsable();
    return onTransaction(operation, work);
  }

  /** The transaction's own commit decides the outcome, so {@code afterLostReply} has no part here. */
  @Override
  public <T> T write(String operation, boolean severalStatements, HandleCallback<T, RuntimeException> work,
                     LostReply<T> afterLostReply) {
    ensureUsable();
    if (severalStatements || db.dialect().failedStatementAbortsTransaction()) {
      return inSavepoint(operation, () -> work.withHandle(tx), e -> SqlErrors.translate(e, operation));
    }
    return onTransaction(operation, work);
  }

  @Override
  public <T> T transaction(Function<UnitOfWork, T> work) {
    ensureUsable();
    return inSavepoint("nested transaction", () -> work.apply(this), e -> e);
  }

  /** The database's native handles, and the transaction's {@link Handle}. */
  @Override
  public NativeHandles nativeHandles() {
    if (nativeHandles == null) {
      nativeHandles = db.nativeHandles("user store in a transaction").add(Handle.class, tx).build();
    }
    return nativeHandles;
  }

  /** Strong: the transaction's reads are on its own connection to the primary. */
  @Override
  public ReadConsistency readConsistency() {
    return ReadConsistency.STRONG;
  }

  @Override
  public UnitOfWork strong() {
    return this;
  }

  @Override
  public boolean boundToTransaction() {
    return true;
  }

  /** The caller's transaction is the caller's to end: nothing to close. */
  @Override
  public void close() {
  }

  /** Runs {@code work} on the transaction's handle as it is. */
  private <T> T onTransaction(String operation, HandleCallback<T, RuntimeException> work) {
    try {
      return work.withHandle(tx);
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, operation);
    }
  }

  /**
   * Runs {@code work} under a new savepoint of the transaction, rolled back to when {@code work} fails; the failure
   * is thrown as {@code failure} makes it.
   */
  private <T> T inSavepoint(String operation, Supplier<T> work, UnaryOperator<RuntimeException> failure) {
    String name = "polystore_sp_" + (++savepoints);
    try {
      tx.savepoint(name);
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, operation);
    }
    T result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      rollbackTo(name, e);
      throw failure.apply(e);
    } catch (Error e) {
      rollbackTo(name, e);
      throw e;
    }
    try {
      tx.releaseSavepoint(name);
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, operation);
    }
    return result;
  }

  private void rollbackTo(String savepoint, Throwable failure) {
    try {
      tx.rollbackToSavepoint(savepoint);
      tx.releaseSavepoint(savepoint);
    } catch (RuntimeException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }
}
