package dev.polystore.dynamodb.internal;

import dev.polystore.ConcurrentUpdateException;
import dev.polystore.DuplicateKeyException;
import dev.polystore.EntityNotFoundException;
import dev.polystore.InvalidQueryException;
import dev.polystore.StoreConfig;
import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * Internal: commits a list of writes with one {@code TransactWriteItems} call and a client request token, and
 * maps cancellation reasons, write by write, to Polystore exceptions. Conflicts with other transactions and
 * throttling are retried with backoff up to the store's bound. Thread-safe.
 */
final class DynamoTransactions {

  /** DynamoDB's limit of actions in one transaction. */
  static final int MAX_ACTIONS = 100;

  private static final Logger LOG = LoggerFactory.getLogger(DynamoTransactions.class);

  private final DynamoDbClient client;
  private final DynamoRetry retry;

  DynamoTransactions(DynamoDbClient client, DynamoRetry retry) {
    this.client = client;
    this.retry = retry;
  }

  /** Refuses a transaction over the action limit, before anything is sent. */
  static void checkSize(int actions, String what) {
    if (actions > MAX_ACTIONS) {
      throw new InvalidQueryException(what + " needs " + actions + " writes, but one DynamoDB transaction holds at"
          + " most " + MAX_ACTIONS + "; nothing was written. Split the work into smaller transactions.");
    }
  }

  /**
   * Commits all writes atomically.
   *
   * @throws DuplicateKeyException when a uniqueness item is taken
   * @throws ConcurrentUpdateException when a version or another condition failed, or conflicts persisted
   * @throws EntityNotFoundException when an item that must exist does not
   */
  void commit(List<DynamoWrite> writes, String what) {
    if (writes.isEmpty()) {
      return;
    }
    checkSize(writes.size(), what);
    List<TransactWriteItem> items = writes.stream().map(DynamoWrite::item).toList();
    for (int attempt = 0; ; attempt++) {
      String token = UUID.randomUUID().toString();
      try {
        client.transactWriteItems(r -> r.transactItems(items).clientRequestToken(token));
        return;
      } catch (TransactionCanceledException e) {
        RuntimeException failure = failure(e, writes, what);
        if (failure != null) {
          throw failure;
        }
        if (attempt >= retry.maxRetries()) {
          throw new ConcurrentUpdateException(what + " kept conflicting with other DynamoDB transactions; gave up"
              + " after " + (attempt + 1) + " attempts", e);
        }
        LOG.debug("{}: transaction cancelled by conflict or throttling, retry {}", what, attempt + 1);
      } catch (TransactionInProgressException e) {
        if (attempt >= retry.maxRetries()) {
          throw new ConcurrentUpdateException(what + ": a transaction on the same items stayed in progress", e);
        }
      } catch (SdkException e) {
        if (!DynamoErrors.isThrottling(e) || attempt >= retry.maxRetries()) {
          throw DynamoErrors.translate(e, what);
        }
      }
      retry.pause(attempt);
    }
  }

  /** The exception for a cancelled transaction, or null when retrying may help (conflicts, throttling). */
  private static RuntimeException failure(TransactionCanceledException e, List<DynamoWrite> writes, String what) {
    List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
    RuntimeException unique = null;
    RuntimeException other = null;
    boolean retryable = false;
    for (int i = 0; i < reasons.size() && i < writes.size(); i++) {
      CancellationReason reason = reasons.get(i);
      String code = reason.code();
      if (code == null || code.equals("None")) {
        continue;
      }
      DynamoWrite write = writes.get(i);
      switch (code) {
        case "ConditionalCheckFailed":
          switch (write.check()) {
            case UNIQUE:
              if (unique == null) {
                unique = new DuplicateKeyException(write.subject(), write.subject() + " '" + write.value()
                    + "' is already taken (compared case-insensitively); nothing was written", e);
              }
              break;
            case VERSION:
              boolean gone = !reason.hasItem() || reason.item() == null || reason.item().isEmpty();
              return gone ? new EntityNotFoundException(write.subject() + " no longer exists; nothing was written")
                  : new ConcurrentUpdateException(write.subject() + " was changed by someone else (stale version);"
                      + " nothing was written. Re-read and retry.", e);
            case EXISTS:
              return new EntityNotFoundException(write.subject() + " does not exist; nothing was written");
            case UNCHANGED:
              other = new ConcurrentUpdateException(write.subject() + " changed while " + what
                  + "; nothing was written", e);
              break;
            default:
              other = new StoreException(what + ": an unexpected condition failed on " + write.subject()
                  + "; nothing was written", e);
              break;
          }
          break;
        case "TransactionConflict":
        case "ThrottlingError":
        case "ProvisionedThroughputExceeded":
          retryable = true;
          break;
        case "ValidationError":
          return new StoreException(what + ": DynamoDB refused the write of " + write.subject() + ": "
              + StoreConfig.mask(reason.message()), e);
        case "ItemCollectionSizeLimitExceeded":
          return new StoreException(what + ": the item collection of " + write.subject() + " is full", e);
        default:
          other = new StoreException(what + ": DynamoDB cancelled the transaction (" + code + " on "
              + write.subject() + "): " + StoreConfig.mask(reason.message()), e);
          break;
      }
    }
    if (unique != null) {
      return unique;
    }
    if (other != null) {
      return other;
    }
    if (retryable) {
      return null;
    }
    return new StoreUnavailableException(what + ": DynamoDB cancelled the transaction without a reason; retry", e);
  }
}
