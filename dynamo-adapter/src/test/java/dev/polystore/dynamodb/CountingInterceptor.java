package dev.polystore.dynamodb;

import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Test support: an SDK interceptor reporting every HTTP attempt of its client (a retry is another request) to the
 * {@link RequestCounter} of the test that runs, and what DynamoDB stores cost in requests beyond the contract's
 * portable model. One per test class, with a client of its own ({@link #client()}). Thread-safe.
 */
final class CountingInterceptor implements ExecutionInterceptor {

  /**
   * DynamoDB, as {@code DynamoUserStore} and {@code DynamoEventStore} document it: {@code findByUsername} reads the
   * username's uniqueness item, then the user's profile; {@code include(POSTS)} is one Query per user on the page
   * (DynamoDB reads one partition at a time), and a post's tags are attributes of its item, read with it;
   * {@code appendAll} writes with {@code BatchWriteItem}, at most 25 items a call (an event is one item, plus one
   * marker per series and time bucket).
   */
  static final RequestCosts COSTS = RequestCosts.builder()
      .findByUsername(2)
      .postsOfUsers(RequestCosts.IncludeCost.PER_ITEM)
      .tagsOfUsersPosts(RequestCosts.IncludeCost.FREE)
      .tagsOfPosts(RequestCosts.IncludeCost.FREE)
      .eventsPerWrite(25)
      .build();

  private volatile RequestCounter counter;
  private DynamoDbClient client;

  /** Counts from now on into {@code counter} (the running test's). */
  CountingInterceptor countInto(RequestCounter counter) {
    this.counter = counter;
    return this;
  }

  /** The client whose requests are counted, made on first use (DynamoDB Local must be running). */
  synchronized DynamoDbClient client() {
    if (client == null) {
      client = DynamoLocal.newClient(b -> b.addExecutionInterceptor(this));
    }
    return client;
  }

  /** Closes the client, if made. */
  synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    RequestCounter c = counter;
    if (c != null) {
      c.data();
    }
  }
}
