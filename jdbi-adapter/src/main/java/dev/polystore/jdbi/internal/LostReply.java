package dev.polystore.jdbi.internal;

import dev.polystore.OutcomeUnknownException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * What a write does when its connection broke, or its statement timed out, after its effect may have reached the
 * database: for a unit in auto-commit mode, once its statement may have been sent; for a transaction, once its
 * {@code COMMIT} may have been sent. It runs in a fresh transaction on another connection and establishes the
 * outcome: it returns the write's true result (typically after recognising the write's own effect by its
 * client-generated id or version, or by running an idempotent write again), or throws — the
 * {@link OutcomeUnknownException} it is given when it cannot tell. {@link #unknown()} throws at once, without
 * connecting.
 */
@FunctionalInterface
public interface LostReply<T> {

  /** {@link #unknown()}: recognised by {@link UnitRunner}, which then throws without connecting. */
  LostReply<Object> UNKNOWN = (handle, unknown) -> {
    throw unknown;
  };

  T resolve(Handle handle, OutcomeUnknownException unknown);

  /** Runs {@code work} again: for writes whose second run answers truthfully whether or not the first applied. */
  static <T> LostReply<T> runAgain(HandleCallback<T, RuntimeException> work) {
    return (handle, unknown) -> work.withHandle(handle);
  }

  /**
   * Like {@link #runAgain(HandleCallback)}, and records in {@code repeated} that it ran: an insert of
   * client-generated ids that then meets a duplicate key may be meeting its own lost attempt, which only a repeated
   * insert can, so a first attempt's duplicate needs no look-up.
   */
  static <T> LostReply<T> runAgain(HandleCallback<T, RuntimeException> work, AtomicBoolean repeated) {
    return (handle, unknown) -> {
      repeated.set(true);
      return work.withHandle(handle);
    };
  }

  /** The outcome cannot be established: the caller is told it is unknown. */
  @SuppressWarnings("unchecked")
  static <T> LostReply<T> unknown() {
    return (LostReply<T>) UNKNOWN;
  }
}
