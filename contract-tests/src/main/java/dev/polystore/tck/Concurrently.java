package dev.polystore.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs one action on several threads at the same moment, for tests of races (two creates of one username, two
 * updates of one version): the contracts use it, and adapters' own tests may too.
 *
 * <pre>{@code
 * List<Object> outcomes = Concurrently.run(4, i -> store.create(user("race" + i)));
 * }</pre>
 *
 * <p>Thread-safe (stateless); each call uses its own threads and stops them before it returns.
 */
public final class Concurrently {

  /** How long {@link #run} waits for each action. */
  private static final long WAIT_MINUTES = 2;

  private Concurrently() {
  }

  /**
   * Runs {@code action.apply(i)} for each {@code i} in {@code [0, threads)}, each on its own thread, all released
   * at once, and returns for each {@code i}, in order, what the action returned or what it threw (an exception
   * or an error: the test decides what is allowed).
   *
   * @param threads how many threads, at least 1
   * @param action the action; {@code i} tells the threads apart
   * @return one outcome per thread, in order of {@code i}
   * @throws TimeoutException when an action has not finished after two minutes
   * @throws InterruptedException when the calling thread is interrupted while waiting
   */
  public static List<Object> run(int threads, IntFunction<?> action) throws InterruptedException, TimeoutException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    Objects.requireNonNull(action, "action");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int n = i;
        futures.add(pool.submit(() -> {
          start.await();
          try {
            return action.apply(n);
          } catch (RuntimeException e) {
            return e;
          }
        }));
      }
      start.countDown();
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> future : futures) {
        try {
          outcomes.add(future.get(WAIT_MINUTES, TimeUnit.MINUTES));
        } catch (ExecutionException e) {
          outcomes.add(e.getCause());
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }
}
