package dev.polystore.dynamodb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * An SDK interceptor that loses DynamoDB's replies: a chosen request goes out and DynamoDB applies it, then the
 * connection breaks while the client reads the reply (the reply's body fails with "Connection reset"), as when a
 * network path or a proxy drops the answer after the server acted. The SDK sees an {@link IOException}, as it
 * would from a real socket, and its retry strategy may send the request again. Requests are chosen by operation
 * name ({@code PutItem}, {@code TransactWriteItems}, {@code BatchWriteItem}, …), a number of times or every time.
 * After a lost reply it can also refuse the next requests of that operation as throttled, before they are sent
 * ({@link #throttleAfterLoss}), so that the SDK gives up and the store's own retries take over, or have no
 * connection opened for them ({@link #refuseAfterLoss}). {@link #refuseEvery} sends every request of an operation to
 * a closed loopback port instead of DynamoDB, so the HTTP client really fails to connect. It counts every request
 * of each operation that reached DynamoDB. Thread-safe.
 */
final class LostReplies implements ExecutionInterceptor {

  private final Map<String, AtomicInteger> toLose = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> toThrottle = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> toRefuse = new ConcurrentHashMap<>();
  private final Set<String> unreachable = ConcurrentHashMap.newKeySet();
  private final int closedPort = closedPort();
  private final Map<String, AtomicInteger> lostOf = new ConcurrentHashMap<>();
  private final AtomicInteger lost = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();

  /** Loses the replies to the next {@code times} requests of {@code operation}. */
  LostReplies lose(String operation, int times) {
    toLose.computeIfAbsent(operation, o -> new AtomicInteger()).set(times);
    return this;
  }

  /** Loses the reply to every request of {@code operation} until {@link #reset()}. */
  LostReplies loseEvery(String operation) {
    return lose(operation, Integer.MAX_VALUE);
  }

  /**
   * Once a reply to {@code operation} was lost, refuses the next {@code times} requests of it as throttled
   * ({@code ProvisionedThroughputExceededException}), before they are sent.
   */
  LostReplies throttleAfterLoss(String operation, int times) {
    toThrottle.computeIfAbsent(operation, o -> new AtomicInteger()).set(times);
    return this;
  }

  /**
   * Once a reply to {@code operation} was lost, fails the next {@code times} requests of it as the HTTP client fails
   * when it cannot open a connection ({@code ConnectException}: connection refused), before they are sent.
   */
  LostReplies refuseAfterLoss(String operation, int times) {
    toRefuse.computeIfAbsent(operation, o -> new AtomicInteger()).set(times);
    return this;
  }

  /** Sends every request of {@code operation} to a closed loopback port, where no connection can be opened. */
  LostReplies refuseEvery(String operation) {
    unreachable.add(operation);
    return this;
  }

  /** Stops losing replies, throttling and refusing. */
  void reset() {
    toLose.clear();
    toThrottle.clear();
    toRefuse.clear();
    unreachable.clear();
  }

  /** Requests refused as throttled so far. */
  int throttled() {
    return throttled.get();
  }

  /** Replies lost so far. */
  int lost() {
    return lost.get();
  }

  /** Requests of {@code operation} that reached DynamoDB so far (whatever became of their replies). */
  int sent(String operation) {
    AtomicInteger count = sent.get(operation);
    return count == null ? 0 : count.get();
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    if (unreachable.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
      return context.httpRequest().toBuilder().protocol("http").host("127.0.0.1").port(closedPort).build();
    }
    return context.httpRequest();
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    AtomicInteger lostBefore = lostOf.get(operation);
    AtomicInteger refusals = toRefuse.get(operation);
    if (refusals != null && lostBefore != null && lostBefore.get() > 0 && takeOne(refusals)) {
      throw SdkClientException.create("Unable to execute HTTP request: Connect to DynamoDB failed: Connection refused",
          new ConnectException("Connection refused (injected)"));
    }
    AtomicInteger remaining = toThrottle.get(operation);
    if (remaining != null && lostBefore != null && lostBefore.get() > 0 && takeOne(remaining)) {
      throttled.incrementAndGet();
      throw ProvisionedThroughputExceededException.builder().statusCode(400)
          .message("injected throttling after a lost reply")
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
              .serviceName("DynamoDb").build())
          .build();
    }
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                         ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    sent.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
    AtomicInteger remaining = toLose.get(operation);
    if (remaining == null || !takeOne(remaining)) {
      return context.responseBody();
    }
    lost.incrementAndGet();
    lostOf.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
    context.responseBody().ifPresent(LostReplies::closeQuietly);
    return Optional.of(new InputStream() {
      @Override
      public int read() throws IOException {
        throw new SocketException("Connection reset (injected: the reply to " + operation + " was lost)");
      }
    });
  }

  /** A loopback port nothing listens on (it was free a moment ago). */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean takeOne(AtomicInteger counter) {
    return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // the reply is being dropped anyway
    }
  }
}
