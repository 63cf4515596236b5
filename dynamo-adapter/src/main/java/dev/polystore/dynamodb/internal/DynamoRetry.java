package dev.polystore.dynamodb.internal;

import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.spi.support.Backoff;

/**
 * Internal: the store's retries of throttled requests, unprocessed items and transaction conflicts, paced by the
 * one {@link Backoff} policy of the store's options. Thread-safe (immutable).
 */
final class DynamoRetry {

  private final Backoff backoff;

  DynamoRetry(DynamoStoreOptions options) {
    this.backoff = options.backoff();
  }

  /** Retries after the first attempt: {@code retry.max.attempts - 1}. */
  int maxRetries() {
    return backoff.maxRetries();
  }

  /** Sleeps before retry number {@code attempt} (0 for the first retry); see {@link Backoff#pause(int)}. */
  void pause(int attempt) {
    backoff.pause(attempt);
  }
}
