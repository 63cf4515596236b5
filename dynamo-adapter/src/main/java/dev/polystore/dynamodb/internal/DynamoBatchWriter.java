package dev.polystore.dynamodb.internal;

import dev.polystore.OutcomeUnknownException;
import dev.polystore.PartialWriteException;
import dev.polystore.StoreConfig;
import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.spi.support.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Internal: writes many puts and deletes with {@code BatchWriteItem} in chunks of 25. Unprocessed items and
 * throttled requests are retried with exponential backoff and full jitter up to the store's bound; then the
 * error lists the keys that were not written. Not atomic: items of earlier chunks stay written, and a failure after
 * any item was written is a {@link PartialWriteException}. Two writes of
 * one key in a call keep the later (DynamoDB refuses duplicates in one batch). Each write is idempotent (a put of
 * a whole item, a delete of a key), so sending a chunk again after a lost reply is harmless; when a chunk may have
 * been written and no send settled it, the error is an {@link OutcomeUnknownException}. Thread-safe.
 */
final class DynamoBatchWriter {

  /** DynamoDB's limit of writes in one {@code BatchWriteItem}. */
  static final int CHUNK = 25;

  private static final Logger LOG = LoggerFactory.getLogger(DynamoBatchWriter.class);
  private static final int LISTED_KEYS = 20;

  private final DynamoDbClient client;
  private final String table;
  private final DynamoRetry retry;

  DynamoBatchWriter(DynamoDbClient client, String table, DynamoRetry retry) {
    this.client = client;
    this.table = table;
    this.retry = retry;
  }

  /**
   * Writes all requests.
   *
   * @throws StoreUnavailableException listing the keys not written when retries ran out and nothing was written
   * @throws PartialWriteException around the failure when items of earlier chunks (or of the failing one) were
   *     written before it
   */
  void write(List<WriteRequest> requests, String what) {
    Map<String, WriteRequest> unique = new LinkedHashMap<>();
    for (WriteRequest request : requests) {
      String key = keyText(key(request));
      unique.remove(key);
      unique.put(key, request);
    }
    List<WriteRequest> all = new ArrayList<>(unique.values());
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<WriteRequest> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      writeChunk(chunk, all.subList(from + chunk.size(), all.size()), from, what);
    }
  }

  /** Writes one chunk; {@code written} items of earlier chunks were written. */
  private void writeChunk(List<WriteRequest> chunk, List<WriteRequest> later, int written, String what) {
    List<WriteRequest> pending = chunk;
    SdkException unsettled = null; // a failure after which the pending items may have been written
    for (int attempt = 0; ; attempt++) {
      Exception cause = null;
      try {
        List<WriteRequest> send = pending;
        BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(Map.of(table, send)));
        List<WriteRequest> unprocessed = response.hasUnprocessedItems()
            ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
        if (unprocessed.isEmpty()) {
          return;
        }
        LOG.debug("{}: {} of {} items unprocessed, retry {}", what, unprocessed.size(), pending.size(), attempt + 1);
        pending = unprocessed;
      } catch (SdkException e) {
        if (DynamoErrors.mayHaveTakenEffect(e)) {
          unsettled = e;
        }
        if (!DynamoErrors.isThrottling(e)) {
          throw partial(unsettled != null ? unknown(what, pending, later, unsettled) : DynamoErrors.translate(e, what),
              written + chunk.size() - pending.size(), what);
        }
        LOG.debug("{}: batch of {} throttled, retry {}", what, pending.size(), attempt + 1);
        cause = e;
      }
      if (attempt >= retry.maxRetries()) {
        if (unsettled != null) {
          throw partial(unknown(what, pending, later, unsettled), written + chunk.size() - pending.size(), what);
        }
        List<WriteRequest> notWritten = new ArrayList<>(pending);
        notWritten.addAll(later);
        StoreUnavailableException failure = new StoreUnavailableException(what + ": DynamoDB did not write "
            + notWritten.size() + " item(s) after " + (attempt + 1) + " attempts (throttled or unprocessed); not"
            + " written: " + describe(notWritten), cause);
        throw partial(failure, written + chunk.size() - pending.size(), what);
      }
      retry.pause(attempt);
    }
  }

  /** {@code failure} as it is when nothing was written before it, else a {@link PartialWriteException} around it. */
  private static StoreException partial(StoreException failure, int written, String what) {
    if (written == 0) {
      return failure;
    }
    return new PartialWriteException(what + ": " + written + " item(s) were written before this failure: "
        + failure.getMessage(), failure);
  }

  /** The items of the chunk may have been written (a send of them may have been applied), those after it were not. */
  private static OutcomeUnknownException unknown(String what, List<WriteRequest> pending, List<WriteRequest> later,
                                                 SdkException e) {
    return new OutcomeUnknownException(what + ": DynamoDB may or may not have written " + pending.size()
        + " item(s): " + describe(pending) + (later.isEmpty() ? "" : "; not written: " + describe(later))
        + ". A send of them was followed by " + Messages.bounded(StoreConfig.mask(e.getMessage()))
        + ". Writing them again is safe:"
        + " each write replaces the whole item or deletes it.", e);
  }

  private static Map<String, AttributeValue> key(WriteRequest request) {
    if (request.putRequest() != null) {
      Map<String, AttributeValue> item = request.putRequest().item();
      return Map.of(DynamoTable.PK, item.get(DynamoTable.PK), DynamoTable.SK, item.get(DynamoTable.SK));
    }
    return request.deleteRequest().key();
  }

  private static String keyText(Map<String, AttributeValue> key) {
    return "(" + key.get(DynamoTable.PK).s() + ", " + key.get(DynamoTable.SK).s() + ")";
  }

  private static String describe(List<WriteRequest> requests) {
    String listed = requests.stream().limit(LISTED_KEYS).map(r -> keyText(key(r))).collect(Collectors.joining(", "));
    return requests.size() > LISTED_KEYS ? listed + " and " + (requests.size() - LISTED_KEYS) + " more" : listed;
  }
}
