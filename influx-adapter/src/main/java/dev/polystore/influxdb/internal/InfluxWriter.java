package dev.polystore.influxdb.internal;

import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.influxdb.InfluxStoreOptions.BufferFull;
import dev.polystore.spi.support.AppendFailures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's write buffer and the one thread that sends it: appended lines wait in a bounded buffer and go to the
 * server in order, in batches of at most {@code batch.size} events and 8 MiB, when a batch is full, when the oldest
 * waiting line has waited {@code flush.interval}, or when a flush asks. A batch the server refuses as too large is
 * split in halves. A batch that fails (after the retries of {@link InfluxCalls}) is recorded in the store's
 * {@link AppendFailures}, which {@code flush()} and {@code close()} report: nothing is dropped without a word.
 *
 * <p>A full buffer makes {@link #enqueue} wait ({@code BLOCK}) or throw {@link StoreUnavailableException}
 * ({@code FAIL}). The sending thread is a daemon, so an application that never closes its store can still exit;
 * the store's shutdown hook then calls {@link #drain(Duration)} to send what is left. Thread-safe.
 */
final class InfluxWriter {

  /** The most bytes of line protocol in one request (InfluxDB refuses bodies over 25 MB by default). */
  static final int MAX_BATCH_BYTES = 8 << 20;

  private final InfluxCalls calls;
  private final AppendFailures failures;
  private final int batchSize;
  private final int capacity;
  private final BufferFull whenFull;
  private final long intervalNanos;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition room = lock.newCondition();
  private final Condition progress = lock.newCondition();
  private final ArrayDeque<String> buffer = new ArrayDeque<>();
  /** Events appended in all, and events the sender has finished with (stored or recorded as failed). */
  private long appended;
  private long done;
  /** The sender sends everything up to here at once, without waiting for a full batch or the interval. */
  private long flushTo;
  /** When the oldest buffered line arrived (System.nanoTime). */
  private long oldestSince;
  private boolean stopping;
  private final Thread sender;

  InfluxWriter(InfluxCalls calls, AppendFailures failures, int batchSize, int capacity, BufferFull whenFull,
      Duration interval, String name) {
    this.calls = calls;
    this.failures = failures;
    this.batchSize = batchSize;
    this.capacity = capacity;
    this.whenFull = whenFull;
    this.intervalNanos = interval.toNanos();
    this.sender = new Thread(this::send, name);
    this.sender.setDaemon(true);
    this.sender.start();
  }

  /**
   * Buffers the lines of one append call, all or none, waiting for room when the buffer is full (or failing, as
   * configured). A call with more lines than the buffer holds waits until the buffer is empty.
   *
   * @throws StoreUnavailableException when the buffer is full and the store fails fast
   * @throws StoreException when interrupted while waiting (nothing is buffered) or after {@link #stop}
   */
  void enqueue(List<String> lines) {
    lock.lock();
    try {
      while (!stopping && buffer.size() + lines.size() > capacity && !buffer.isEmpty()) {
        if (whenFull == BufferFull.FAIL) {
          throw new StoreUnavailableException("the write buffer is full: " + buffer.size() + " events wait to be"
              + " sent (buffer.capacity " + capacity + "); none of the " + lines.size() + " appended", null);
        }
        room.awaitUninterruptibly();
      }
      if (stopping) {
        throw new IllegalStateException("the store is closed");
      }
      boolean wasEmpty = buffer.isEmpty();
      if (wasEmpty) {
        oldestSince = System.nanoTime();
      }
      buffer.addAll(lines);
      appended += lines.size();
      if (wasEmpty || buffer.size() >= batchSize) {
        // an idle sender waits without a deadline: wake it to send a full batch, or to time the flush interval
        work.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends everything buffered so far and waits until the sender has finished with it: stored, or recorded as
   * failed. Reporting failures is the caller's ({@link AppendFailures#reportAndReset}).
   *
   * @throws StoreException when interrupted while waiting (the thread's interrupt flag is set again)
   */
  void flush() {
    if (!awaitSent(Long.MAX_VALUE)) {
      throw new IllegalStateException("unreachable: an unbounded wait ended");
    }
  }

  /**
   * As {@link #flush()}, for at most {@code timeout}.
   *
   * @return the number of events not finished with when the time ran out (0 when all were)
   */
  long drain(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    awaitSent(deadline);
    lock.lock();
    try {
      return appended - done;
    } finally {
      lock.unlock();
    }
  }

  /** Events buffered or being sent. */
  long pending() {
    lock.lock();
    try {
      return appended - done;
    } finally {
      lock.unlock();
    }
  }

  private boolean awaitSent(long deadline) {
    lock.lock();
    try {
      long target = appended;
      flushTo = Math.max(flushTo, target);
      work.signal();
      while (done < target) {
        if (deadline == Long.MAX_VALUE) {
          progress.await();
        } else {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          progress.awaitNanos(left);
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the write buffer to be sent", e);
    } finally {
      lock.unlock();
    }
  }

  /** Sends what is buffered, then ends the sending thread; later appends fail. */
  void stop() {
    lock.lock();
    try {
      flushTo = appended;
      stopping = true;
      work.signal();
      room.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      sender.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the write buffer to be sent", e);
    }
  }

  // ---- the sending thread ----------------------------------------------------------------------------------------

  private void send() {
    while (true) {
      List<String> batch = nextBatch();
      if (batch == null) {
        return;
      }
      try {
        write(batch);
      } catch (RuntimeException | Error e) {
        failures.record(batch.size(), e);
      } finally {
        finished(batch.size());
      }
    }
  }

  /** Waits until a batch is due and takes it off the buffer; null when stopping with nothing left. */
  private List<String> nextBatch() {
    lock.lock();
    try {
      while (true) {
        if (!buffer.isEmpty()) {
          boolean due = buffer.size() >= batchSize || flushTo > done
              || System.nanoTime() - oldestSince >= intervalNanos;
          if (due) {
            return take();
          }
          work.awaitNanos(intervalNanos - (System.nanoTime() - oldestSince));
        } else if (stopping) {
          return null;
        } else {
          work.await();
        }
      }
    } catch (InterruptedException e) {
      // the sender is never interrupted by the store; if something does, it stops only once the buffer is empty
      Thread.currentThread().interrupt();
      return buffer.isEmpty() ? null : take();
    } finally {
      lock.unlock();
    }
  }

  private List<String> take() {
    List<String> batch = new ArrayList<>(Math.min(batchSize, buffer.size()));
    long bytes = 0;
    while (!buffer.isEmpty() && batch.size() < batchSize) {
      String line = buffer.peek();
      long size = LineProtocol.utf8Length(line) + 1L;
      if (!batch.isEmpty() && bytes + size > MAX_BATCH_BYTES) {
        break;
      }
      batch.add(buffer.poll());
      bytes += size;
    }
    oldestSince = System.nanoTime();
    room.signalAll();
    return batch;
  }

  private void finished(int events) {
    lock.lock();
    try {
      done += events;
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Writes a batch; one the server finds too large is written in halves. */
  private void write(List<String> batch) {
    try {
      calls.write(String.join("\n", batch).getBytes(StandardCharsets.UTF_8),
          batch.size() == 1 ? "1 event" : batch.size() + " events");
    } catch (InfluxCalls.TooLarge e) {
      if (batch.size() == 1) {
        throw e;
      }
      int half = batch.size() / 2;
      write(batch.subList(0, half));
      write(batch.subList(half, batch.size()));
    }
  }
}
