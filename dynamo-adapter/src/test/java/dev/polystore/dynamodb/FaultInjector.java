package dev.polystore.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * An SDK interceptor that makes a real DynamoDB misbehave the way a busy one does: it throttles the next
 * {@link #throttle} {@code BatchWriteItem} calls before they are sent, and has the next {@link #partial} calls
 * write only the first half of their items, returning the rest as {@code UnprocessedItems} (never sent, so
 * really not written). It fails the next {@link #failProfileDeletes} {@code TransactWriteItems} calls that delete a
 * user profile before they are sent, as a lost connection (or a crash of the caller) would, and can run an action
 * just before a chosen transaction ({@link #beforeTransaction}). It also counts the transactions sent. Thread-safe.
 */
final class FaultInjector implements ExecutionInterceptor {

  private static final ExecutionAttribute<String> TABLE = new ExecutionAttribute<>("polystore.test.table");
  private static final ExecutionAttribute<List<WriteRequest>> HELD_BACK =
      new ExecutionAttribute<>("polystore.test.held-back");

  /** BatchWriteItem calls still to throttle. */
  final AtomicInteger throttle = new AtomicInteger();
  /** BatchWriteItem calls still to process only in part. */
  final AtomicInteger partial = new AtomicInteger();
  final AtomicInteger throttled = new AtomicInteger();
  final AtomicInteger heldBack = new AtomicInteger();
  final AtomicInteger transactions = new AtomicInteger();
  /** TransactWriteItems calls deleting a user profile still to fail (with an {@link SdkClientException}). */
  final AtomicInteger failProfileDeletes = new AtomicInteger();
  final AtomicInteger failedProfileDeletes = new AtomicInteger();
  private final AtomicReference<Runnable> beforeTransaction = new AtomicReference<>();
  private final AtomicInteger beforeTransactionNumber = new AtomicInteger();

  /**
   * Runs {@code action} once, on the calling thread, just before transaction number {@code number} (counted by
   * {@link #transactions}, 1 for the next) is sent; requests the action makes itself pass through untouched.
   */
  void beforeTransaction(int number, Runnable action) {
    beforeTransactionNumber.set(transactions.get() + number);
    beforeTransaction.set(action);
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof TransactWriteItemsRequest request) {
      int number = transactions.incrementAndGet();
      if (number == beforeTransactionNumber.get()) {
        Runnable action = beforeTransaction.getAndSet(null);
        if (action != null) {
          action.run();
        }
      }
      boolean deletesProfile = request.transactItems().stream().anyMatch(item -> item.delete() != null
          && "PROFILE".equals(item.delete().key().get("sk").s()));
      if (deletesProfile && takeOne(failProfileDeletes)) {
        failedProfileDeletes.incrementAndGet();
        throw SdkClientException.create("injected: the connection was lost before the transaction was sent");
      }
    }
    if (context.request() instanceof BatchWriteItemRequest) {
      if (takeOne(throttle)) {
        throttled.incrementAndGet();
        throw ProvisionedThroughputExceededException.builder().message("injected throttling").statusCode(400)
            .build();
      }
    }
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    if (context.request() instanceof BatchWriteItemRequest request && request.requestItems().size() == 1) {
      Map.Entry<String, List<WriteRequest>> entry = request.requestItems().entrySet().iterator().next();
      List<WriteRequest> items = entry.getValue();
      if (items.size() > 1 && takeOne(partial)) {
        List<WriteRequest> sent = items.subList(0, items.size() / 2);
        List<WriteRequest> kept = new ArrayList<>(items.subList(items.size() / 2, items.size()));
        heldBack.addAndGet(kept.size());
        attributes.putAttribute(TABLE, entry.getKey());
        attributes.putAttribute(HELD_BACK, kept);
        return request.toBuilder().requestItems(Map.of(entry.getKey(), sent)).build();
      }
    }
    return context.request();
  }

  @Override
  public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
    List<WriteRequest> kept = attributes.getAttribute(HELD_BACK);
    if (kept != null && context.response() instanceof BatchWriteItemResponse response) {
      String table = attributes.getAttribute(TABLE);
      List<WriteRequest> unprocessed = new ArrayList<>(kept);
      if (response.hasUnprocessedItems() && response.unprocessedItems().containsKey(table)) {
        unprocessed.addAll(response.unprocessedItems().get(table));
      }
      return response.toBuilder().unprocessedItems(Map.of(table, unprocessed)).build();
    }
    return context.response();
  }

  private static boolean takeOne(AtomicInteger counter) {
    return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }
}
