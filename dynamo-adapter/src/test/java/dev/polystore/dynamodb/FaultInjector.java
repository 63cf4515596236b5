package dev.polystore.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
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
 * really not written). It also counts the transactions sent. Thread-safe.
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
  final AtomicInteger batchCalls = new AtomicInteger();
  final AtomicInteger transactions = new AtomicInteger();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof TransactWriteItemsRequest) {
      transactions.incrementAndGet();
    }
    if (context.request() instanceof BatchWriteItemRequest) {
      batchCalls.incrementAndGet();
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
