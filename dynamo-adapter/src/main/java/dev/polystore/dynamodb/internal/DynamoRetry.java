package dev.polystore.dynamodb.internal;

import dev.polystore.StoreException;
import dev.polystore.dynamodb.DynamoStoreOptions;
import java.util.concurrent.ThreadLocalRandom;

/** Internal: exponential backoff with full jitter, bounded by the store's options. Thread-safe (immutable). */
final class DynamoRetry {

  private final int maxRetries;
  private final long baseNanos;
  private final long maxNanos;

  DynamoRetry(DynamoStoreOptions options) {
    this.maxRetries = options.retryMaxAttempts() - 1;
    this.baseNanos = options.retryBaseDelay().toNanos();
    this.maxNanos = options.retryMaxDelay().toNanos();
  }

  /** Retries after the first attempt: {@code retry.max.attempts - 1}. */
  int maxRetries() {
    return maxRetries;
  }

  /** Sleeps before retry number {@code attempt} (0 for the first retry): a random time up to base * 2^attempt. */
  void pause(int attempt) {
    long ceiling = baseNanos;
    for (int i = 0; i < attempt && ceiling < maxNanos; i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, maxNanos);
    long nanos = ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting to retry a DynamoDB request", e);
    }
  }
}
