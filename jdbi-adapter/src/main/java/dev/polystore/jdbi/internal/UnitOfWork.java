package dev.polystore.jdbi.internal;

import dev.polystore.spi.support.NativeHandles;
import dev.polystore.ReadConsistency;
import java.util.function.Function;
import org.jdbi.v3.core.HandleCallback;

/**
 * Internal: how a user store's operations reach the database — each as its own unit on a pooled connection
 * ({@link PooledUnits}), or inside one caller's transaction ({@link TransactionUnits}), in JDBI's
 * {@code Handle} → {@code TransactionHandler} manner. Reads have the consistency of the store's view
 * ({@link #readConsistency()}); what a write reads to decide its own outcome reads through {@link #strong()}.
 */
interface UnitOfWork {

  /**
   * @throws IllegalStateException when the store is closed, or its transaction has ended
   */
  void ensureUsable();

  /** A read of one statement. */
  default <T> T read(String operation, HandleCallback<T, RuntimeException> work) {
    return read(operation, false, work);
  }

  /** A read; one of {@code severalStatements} sees one snapshot of the database. */
  <T> T read(String operation, boolean severalStatements, HandleCallback<T, RuntimeException> work);

  /**
   * A write, atomic when it has {@code severalStatements}; when its reply is lost after it may have taken effect,
   * {@code afterLostReply} establishes its outcome (see {@link JdbiDatabase}).
   */
  <T> T write(String operation, boolean severalStatements, HandleCallback<T, RuntimeException> work,
              LostReply<T> afterLostReply);

  /**
   * Runs {@code work} atomically with the units it is handed: a new transaction on a pooled connection, or a
   * savepoint of the transaction already open. The callback's own failure is passed on as it is.
   */
  <T> T transaction(Function<UnitOfWork, T> work);

  /**
   * The native handles a user store over these units offers ({@code UserStore.unwrap}): the database's
   * ({@link JdbiDatabase#nativeHandles}), and in a transaction also its {@link org.jdbi.v3.core.Handle}. The caller
   * checks {@link #ensureUsable()} first.
   */
  NativeHandles nativeHandles();

  /** The consistency of {@link #read}: the store's or its view's; always strong in a transaction. */
  ReadConsistency readConsistency();

  /** These units with strong reads: for what a write reads to decide its outcome. */
  UnitOfWork strong();

  /** Whether the units belong to one caller's transaction. */
  boolean boundToTransaction();

  /** Closes what the units own (the store's pooled units: the database; a view's: nothing). Idempotent. */
  void close();
}
