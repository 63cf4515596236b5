package dev.polystore.spi.support;

import dev.polystore.StoreException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before retrying work that failed for a reason that may pass (a deadlock, a busy database, a
 * throttled request): exponential backoff with full jitter, capped. The pause before retry number {@code n}
 * ({@code 0} for the first retry) is a random time between zero and {@code min(maxDelay, baseDelay × 2^n)}, so
 * callers that failed together spread out instead of retrying in step. At most {@code maxAttempts} attempts are
 * made in all, the first included.
 *
 * <p>Adapters build it from their options {@value #MAX_ATTEMPTS}, {@value #BASE_DELAY} and {@value #MAX_DELAY}, so
 * that retries are named and mean the same on every adapter; {@link #baseDelayOption} and {@link #maxDelayOption}
 * declare the two delays for an {@link OptionTable}. Immutable and thread-safe.
 */
public final class Backoff {

  /** The option key of the attempts in all, the first included. */
  public static final String MAX_ATTEMPTS = "retry.max.attempts";
  /** The option key of the longest pause before the first retry. */
  public static final String BASE_DELAY = "retry.base.delay";
  /** The option key of the longest pause before any retry. */
  public static final String MAX_DELAY = "retry.max.delay";

  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final long baseNanos;
  private final long maxNanos;

  private Backoff(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    this.maxAttempts = maxAttempts;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.baseNanos = saturatedNanos(baseDelay);
    this.maxNanos = saturatedNanos(maxDelay);
  }

  /**
   * A backoff of at most {@code maxAttempts} attempts in all, pausing up to {@code baseDelay} before the first
   * retry, twice as long before each next one, never more than {@code maxDelay}.
   *
   * @throws IllegalArgumentException unless {@code maxAttempts ≥ 1} and {@code 0 ≤ baseDelay ≤ maxDelay}
   */
  public static Backoff of(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("the delays must satisfy 0 <= baseDelay <= maxDelay, not " + baseDelay
          + " and " + maxDelay);
    }
    return new Backoff(maxAttempts, baseDelay, maxDelay);
  }

  /**
   * The option {@value #BASE_DELAY}: at least 0; declare it {@code notAbove} {@value #MAX_DELAY} in the table.
   */
  public static Option<Duration> baseDelayOption(Duration defaultValue) {
    return Option.duration(BASE_DELAY, defaultValue).atLeast(Duration.ZERO)
        .meaning("the pause before the first retry is random up to this, before each next one up to twice as long,"
            + " at most `" + MAX_DELAY + "` (exponential backoff with full jitter)");
  }

  /** The option {@value #MAX_DELAY}: at least 0. */
  public static Option<Duration> maxDelayOption(Duration defaultValue) {
    return Option.duration(MAX_DELAY, defaultValue).atLeast(Duration.ZERO)
        .meaning("longest pause between two attempts");
  }

  /** Attempts in all, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Retries after the first attempt: {@code maxAttempts() - 1}. */
  public int maxRetries() {
    return maxAttempts - 1;
  }

  public Duration baseDelay() {
    return baseDelay;
  }

  public Duration maxDelay() {
    return maxDelay;
  }

  /**
   * The longest pause before retry number {@code retry} ({@code 0} for the first):
   * {@code min(maxDelay, baseDelay × 2^retry)}.
   */
  public Duration ceiling(int retry) {
    return Duration.ofNanos(ceilingNanos(retry));
  }

  /** A random pause before retry number {@code retry}: uniform between zero and {@link #ceiling(int)}. */
  public Duration delay(int retry) {
    long ceiling = ceilingNanos(retry);
    return Duration.ofNanos(ceiling == 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  /**
   * Sleeps for {@link #delay(int)} before retry number {@code retry}.
   *
   * @throws StoreException when the thread is interrupted while it waits (its interrupt flag is set again)
   */
  public void pause(int retry) {
    long nanos = delay(retry).toNanos();
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting to retry", e);
    }
  }

  private long ceilingNanos(int retry) {
    if (retry < 0) {
      throw new IllegalArgumentException("retry must be at least 0, not " + retry);
    }
    long ceiling = baseNanos;
    for (int i = 0; i < retry && ceiling < maxNanos; i++) {
      ceiling = ceiling > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : ceiling * 2;
    }
    return Math.min(ceiling, maxNanos);
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Backoff other && maxAttempts == other.maxAttempts && baseDelay.equals(other.baseDelay)
        && maxDelay.equals(other.maxDelay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, baseDelay, maxDelay);
  }

  @Override
  public String toString() {
    return "Backoff{maxAttempts=" + maxAttempts + ", baseDelay=" + baseDelay + ", maxDelay=" + maxDelay + '}';
  }
}
