package dev.polystore.dynamodb.internal;

import dev.polystore.ConcurrentUpdateException;
import dev.polystore.DuplicateKeyException;
import dev.polystore.EntityNotFoundException;
import dev.polystore.InvalidQueryException;
import dev.polystore.OutcomeUnknownException;
import dev.polystore.StoreConfig;
import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.dynamodb.DynamoTransaction;
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
 *
 * <p>Outcomes stay true when a reply is lost. One token serves every send of the same writes until DynamoDB
 * answers that they were not applied (a cancellation): DynamoDB applies a token's writes at most once (for ten
 * minutes) and answers a resend of applied writes with success. So the SDK's resends after a lost reply and the
 * store's own retries after throttling either apply the writes or learn that they were applied; a failed condition
 * seen on such a resend is someone else's write, never our own. When the last send may have been applied and no
 * resend settled it, the commit throws {@link OutcomeUnknownException}; a plain
 * {@link StoreUnavailableException} means nothing was applied.
 */
final class DynamoTransactions {

  /** DynamoDB's limit of actions in one transaction. */
  static final int MAX_ACTIONS = DynamoTransaction.MAX_ACTIONS;

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
   * @throws OutcomeUnknownException when the writes may have been applied and the store could not find out
   * @throws StoreUnavailableException when DynamoDB could not be reached or kept throttling; nothing was applied
   */
  void commit(List<DynamoWrite> writes, String what) {
    if (writes.isEmpty()) {
      return;
    }
    checkSize(writes.size(), what);
    List<TransactWriteItem> items = writes.stream().map(DynamoWrite::item).toList();
    String token = UUID.randomUUID().toString();
    SdkException unsettled = null; // the failure after which a send with this token may have been applied
    for (int attempt = 0; ; attempt++) {
      boolean last = attempt >= retry.maxRetries();
      String sent = token;
      try {
        client.transactWriteItems(r -> r.transactItems(items).clientRequestToken(sent));
        return;
      } catch (TransactionCanceledException e) {
        // Not applied: had a send with this token been applied, DynamoDB would have answered with success.
        unsettled = null;
        RuntimeException failure = failure(e, writes, what);
        if (failure != null) {
          throw failure;
        }
        if (last) {
          throw new ConcurrentUpdateException(what + " kept conflicting with other DynamoDB transactions; gave up"
              + " after " + (attempt + 1) + " attempts; nothing was written", e);
        }
        token = UUID.randomUUID().toString();
        LOG.debug("{}: transaction cancelled by conflict or throttling, retry {}", what, attempt + 1);
      } catch (TransactionInProgressException e) {
        // an earlier send with this token is still being applied
        unsettled = e;
        if (last) {
          throw DynamoErrors.outcomeUnknown(what, e);
        }
      } catch (SdkException e) {
        if (DynamoErrors.mayHaveTakenEffect(e)) {
          unsettled = e;
        }
        if (!DynamoErrors.isThrottling(e) || last) {
          throw unsettled != null ? DynamoErrors.outcomeUnknown(what, unsettled) : DynamoErrors.translate(e, what);
        }
        // throttled, or a server error: send the same writes with the same token again, which also settles
        // whether an earlier send was applied
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
            case APPLICATION:
              other = new StoreException(what + ": the condition of " + write.subject() + " (action " + (i + 1)
                  + " of " + writes.size() + ") failed; nothing was written", e);
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
