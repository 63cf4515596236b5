package dev.polystore.dynamodb.internal;

import dev.polystore.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Internal: runs the independent reads of one operation (one Query per item collection or per shard of an event
 * bucket, one {@code BatchGetItem} per 100 keys) concurrently, because DynamoDB has no read that spans partitions.
 *
 * <p>A pool belongs to one store and has {@code read.parallelism} threads (daemon threads named
 * {@code polystore-dynamodb-read-<pool>-<thread>}, started on demand and ended after 30 idle seconds), so a
 * store never has more than that many of these reads in flight, however many threads call it; one call also
 * keeps at most that many of its reads queued or running at a time, so calls share the pool fairly. With
 * {@code read.parallelism = 1}, and for a single read, the reads run one after another on the calling thread.
 * Results keep the order of the inputs. The first read to fail decides the outcome: the others are cancelled
 * (running ones interrupted, queued ones never sent) and its exception is thrown as it is.
 *
 * <p>Thread-safe. {@link #close()} stops the threads; later calls throw {@link IllegalStateException}.
 */
final class DynamoReadPool implements AutoCloseable {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final int parallelism;
  private final ThreadPoolExecutor executor;
  private volatile boolean closed;

  DynamoReadPool(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
    }
    this.parallelism = parallelism;
    if (parallelism == 1) {
      this.executor = null;
    } else {
      this.executor = new ThreadPoolExecutor(parallelism, parallelism, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), threads("polystore-dynamodb-read-" + POOLS.incrementAndGet() + "-"));
      this.executor.allowCoreThreadTimeOut(true);
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * {@code read} applied to every input, at most {@code read.parallelism} at a time, results in input order.
   *
   * @param what what the reads are for, in the message of an interruption
   * @throws RuntimeException the first failure of a read, unchanged (reads translate SDK errors themselves)
   * @throws IllegalStateException when the pool is closed
   */
  <T, R> List<R> map(List<T> inputs, Function<? super T, ? extends R> read, String what) {
    if (closed) {
      throw new IllegalStateException("the DynamoDB store is closed");
    }
    if (executor == null || inputs.size() <= 1) {
      List<R> out = new ArrayList<>(inputs.size());
      for (T input : inputs) {
        out.add(read.apply(input));
      }
      return out;
    }
    int n = inputs.size();
    Object[] results = new Object[n];
    ExecutorCompletionService<Integer> done = new ExecutorCompletionService<>(executor);
    List<Future<Integer>> submitted = new ArrayList<>(n);
    int next = 0;
    int inFlight = 0;
    boolean complete = false;
    try {
      for (int finished = 0; finished < n; finished++) {
        while (next < n && inFlight < parallelism) {
          int i = next++;
          T input = inputs.get(i);
          submitted.add(done.submit(() -> {
            results[i] = read.apply(input);
            return i;
          }));
          inFlight++;
        }
        Future<Integer> first = done.take();
        inFlight--;
        first.get();
      }
      complete = true;
    } catch (ExecutionException e) {
      throw rethrow(e.getCause(), what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while " + what, e);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the DynamoDB store is closed", e);
    } finally {
      if (!complete) {
        for (Future<Integer> f : submitted) {
          f.cancel(true);
        }
      }
    }
    List<R> out = new ArrayList<>(n);
    for (Object result : results) {
      @SuppressWarnings("unchecked")
      R r = (R) result;
      out.add(r);
    }
    return out;
  }

  private static RuntimeException rethrow(Throwable cause, String what) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new StoreException("failed while " + what, cause);
  }

  /** Stops the threads, interrupting reads still running. */
  @Override
  public void close() {
    closed = true;
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
