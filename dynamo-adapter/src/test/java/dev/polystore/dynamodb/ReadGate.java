package dev.polystore.dynamodb;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * An SDK interceptor that watches the requests a test selects ({@link #watch}) and counts how many are in flight
 * at once, and the most ever ({@link #maxInFlight}). A {@link #hold(int, long)} keeps each selected request
 * waiting until that many are in flight together, so overlapping requests are seen overlapping however fast the
 * server answers; requests that cannot overlap are let go when the hold's safety time runs out (the hold then
 * ends), so a test never hangs. It can also fail the selected requests of one partition ({@link #failPartition})
 * with a server error and keep the others waiting until {@link #release()} ({@link #parkOthers}). Thread-safe.
 */
final class ReadGate implements ExecutionInterceptor {

  private static final Pattern KEY_VALUE = Pattern.compile("=\\s*(:\\w+)");
  private static final ExecutionAttribute<Boolean> WATCHED = new ExecutionAttribute<>("polystore.test.watched");

  /** The item-collection Queries of users ({@code pk = USER#...} on the table). */
  static final Predicate<SdkRequest> USER_COLLECTIONS = r -> r instanceof QueryRequest q && q.indexName() == null
      && partitionOf(q).startsWith("USER#");
  /** The item-collection Queries of posts ({@code pk = POST#...}). */
  static final Predicate<SdkRequest> POST_COLLECTIONS = r -> r instanceof QueryRequest q && q.indexName() == null
      && partitionOf(q).startsWith("POST#");
  static final Predicate<SdkRequest> BATCH_GETS = BatchGetItemRequest.class::isInstance;

  volatile Predicate<SdkRequest> watch = r -> false;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  /** Names of the threads that sent watched requests, with " (daemon)" for daemon threads. */
  final Set<String> threads = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile CountDownLatch hold;
  private volatile long holdMillis;
  private volatile String failPartition;
  private volatile CountDownLatch parked;

  /** Keeps watched requests waiting until {@code together} are in flight, or for at most {@code safetyMillis}. */
  void hold(int together, long safetyMillis) {
    holdMillis = safetyMillis;
    hold = new CountDownLatch(together);
  }

  /** Fails the watched requests of this partition; with {@code parkOthers}, the others wait for {@link #release()}. */
  void failPartition(String partition, boolean parkOthers) {
    parked = parkOthers ? new CountDownLatch(1) : null;
    failPartition = partition;
  }

  void release() {
    CountDownLatch p = parked;
    if (p != null) {
      p.countDown();
    }
  }

  void reset() {
    release();
    watch = r -> false;
    hold = null;
    failPartition = null;
    parked = null;
    calls.set(0);
    maxInFlight.set(0);
    threads.clear();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    if (!watch.test(request)) {
      return;
    }
    calls.incrementAndGet();
    Thread current = Thread.currentThread();
    threads.add(current.getName() + (current.isDaemon() ? " (daemon)" : ""));
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    boolean done = false;
    try {
      await(hold, holdMillis, true);
      String fail = failPartition;
      if (fail != null && request instanceof QueryRequest q && partitionOf(q).equals(fail)) {
        throw DynamoDbException.builder().message("injected server error").statusCode(500).build();
      }
      if (fail != null) {
        await(parked, Long.MAX_VALUE, false);
      }
      attributes.putAttribute(WATCHED, Boolean.TRUE);
      done = true;
    } finally {
      if (!done) {
        inFlight.decrementAndGet();
      }
    }
  }

  private void await(CountDownLatch latch, long millis, boolean arrive) {
    if (latch == null) {
      return;
    }
    if (arrive) {
      latch.countDown();
    }
    try {
      if (!latch.await(millis, TimeUnit.MILLISECONDS) && latch == hold) {
        hold = null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AbortedException.builder().message("interrupted while held by the test").build();
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    finished(attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    finished(attributes);
  }

  private void finished(ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(WATCHED))) {
      attributes.putAttribute(WATCHED, Boolean.FALSE);
      inFlight.decrementAndGet();
    }
  }

  /** The partition key value a Query names: the value compared first in its key condition. */
  static String partitionOf(QueryRequest q) {
    Matcher m = KEY_VALUE.matcher(q.keyConditionExpression() == null ? "" : q.keyConditionExpression());
    if (!m.find() || !q.hasExpressionAttributeValues()) {
      return "";
    }
    AttributeValue value = q.expressionAttributeValues().get(m.group(1));
    return value == null || value.s() == null ? "" : value.s();
  }
}
