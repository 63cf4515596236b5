package dev.polystore.spi.support;

import dev.polystore.StoreException;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * The events an event store was given but did not store, since its last successful flush, so that
 * {@code EventStore.flush()} and {@code close()} report them — the one rule every event store follows,
 * buffered or not (see {@code EventStore}).
 *
 * <p>A store runs the write of every {@code append} or {@code appendAll} call through {@link #write}, which calls
 * {@link #record(int, Throwable)} when it fails (a buffering store calls {@code record} itself for every buffered
 * write that fails), and {@link #reportAndReset(String)} in {@code flush()} and {@code close()}. The first failure becomes the cause of the reported exception; each
 * failure is reported once. Thread-safe: recording and reporting are atomic with respect to each other, so a
 * failure is reported by exactly one flush.
 */
public final class AppendFailures {

  private long events;
  private int failures;
  private Throwable first;

  /**
   * Runs one {@code appendAll} call's write of {@code events} (nothing for none), remembering them as not stored
   * when it throws, and rethrowing. The caller checks its arguments and that the store is open first.
   */
  public <E> void write(Collection<E> events, Consumer<Collection<E>> write) {
    if (events.isEmpty()) {
      return;
    }
    try {
      write.accept(events);
    } catch (RuntimeException | Error e) {
      record(events.size(), e);
      throw e;
    }
  }

  /** Remembers that {@code eventCount} events were not stored because of {@code failure}. */
  public synchronized void record(int eventCount, Throwable failure) {
    events += eventCount;
    failures++;
    if (first == null) {
      first = failure;
    }
  }

  /**
   * Throws when events were recorded as not stored since the last call, and forgets them, so the next call
   * returns normally unless more failed in between.
   *
   * @param operation what reports them, for the message ({@code "flush"}, {@code "close"})
   * @throws StoreException naming how many events in how many failed writes, with the first failure as cause
   */
  public void reportAndReset(String operation) {
    long lost;
    int count;
    Throwable cause;
    synchronized (this) {
      if (failures == 0) {
        return;
      }
      lost = events;
      count = failures;
      cause = first;
      events = 0;
      failures = 0;
      first = null;
    }
    throw new StoreException(operation + " failed: " + lost + (lost == 1 ? " event" : " events")
        + " appended since the last flush " + (lost == 1 ? "was" : "were") + " not stored (" + count
        + (count == 1 ? " failed write" : " failed writes") + "; the first failed with "
        + cause.getClass().getSimpleName() + ": " + Messages.bounded(cause.getMessage()) + ")", cause);
  }
}
