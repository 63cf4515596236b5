package dev.polystore.tck;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the requests a store under test sends to its backend, as its driver or SDK sees them, so that the
 * request-count contracts ({@link UserRequestCountContract}, {@link EventRequestCountContract}) can hold each
 * operation to a number of round trips: a deterministic check that an N+1 regression fails on any machine, where
 * a timing could not.
 *
 * <p>An adapter's contract subclass creates one per test, opens the store over a client whose hook reports to
 * it — a JDBC {@code DataSource} wrapper calling {@link #data()} per executed statement or batch and
 * {@link #control()} per transaction-control statement or {@code commit()}/{@code rollback()}, an AWS SDK
 * {@code ExecutionInterceptor} calling {@link #data()} per HTTP attempt, an OkHttp network interceptor calling
 * {@link #data()} per HTTP request — and returns it from {@code requestCounter()}. Only what the store under test
 * sends may reach it: test set-up on other connections or clients is not counted. Retries are sent requests, so
 * they count.
 *
 * <p>Thread-safe: hooks may report from any thread (pools, background writers).
 */
public final class RequestCounter {

  private final AtomicLong data = new AtomicLong();
  private final AtomicLong control = new AtomicLong();

  /** Records one request that reads or writes data: a statement, a batch, an SDK call, an HTTP request. */
  public void data() {
    data.incrementAndGet();
  }

  /** Records one request that only begins, ends or configures a transaction or session. */
  public void control() {
    control.incrementAndGet();
  }

  /** What was counted since the counter was made or last {@link #reset()}. */
  public RequestCount count() {
    return new RequestCount(data.get(), control.get());
  }

  /** Starts counting from zero. */
  public void reset() {
    data.set(0);
    control.set(0);
  }

  @Override
  public String toString() {
    return "RequestCounter{" + count() + '}';
  }
}
