package dev.polystore.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polystore.EventStore;
import dev.polystore.OutcomeUnknownException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.UserStore;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.query.Filter;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every write of both stores with DynamoDB's reply lost after DynamoDB applied the write ({@link LostReplies}):
 * what the caller is told must match what is stored, read back through a store on a client of its own. A write
 * that was applied is never reported as a duplicate, a conflict, {@code false} or missing, nor with a plain
 * {@code StoreUnavailableException} (which promises no effect); it returns its true result, or throws
 * {@link OutcomeUnknownException} when the store could not find out.
 */
@ExtendWith(DynamoLocal.class)
class DynamoLostReplyTest {

  private static final String TRANSACTION = "TransactWriteItems";
  private static final String BATCH = "BatchWriteItem";
  private static final Instant BASE = Instant.parse("2024-03-01T00:00:00Z");
  /** Attempts in all of the SDK's retry strategy in these tests (the SDK's default for DynamoDB, with short pauses). */
  private static final int SDK_ATTEMPTS = 4;

  /** How the replies are lost. */
  enum Loss {
    /** The first reply is lost; the SDK sends the request again, and that reply arrives. */
    ONCE,
    /** The first reply is lost; the SDK's resends are throttled until it gives up; the store retries. */
    ONCE_THEN_THROTTLED,
    /** Every reply is lost: the SDK's retries run out. */
    EVERY,
    /** The first reply is lost; no connection can be opened for the SDK's resends. */
    ONCE_THEN_UNREACHABLE
  }

  private final List<AutoCloseable> opened = new ArrayList<>();
  private final LostReplies lost = new LostReplies();
  private String table;

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (StoreException reported) {
        // close() releases everything, then reports the appends that failed on purpose and no flush reported
      }
    }
    DynamoLocal.dropTable(table);
  }

  private DynamoStoreOptions options() {
    if (table == null) {
      table = DynamoLocal.freshTable();
    }
    return DynamoStoreOptions.builder().tableName(table).retryBaseDelay(Duration.ofMillis(1))
        .retryMaxDelay(Duration.ofMillis(20)).build();
  }

  /**
   * A client that loses replies as told, with the SDK's standard retry strategy (which sends a request again after
   * an I/O error or throttling) shortened to {@value #SDK_ATTEMPTS} attempts and short pauses.
   */
  private DynamoDbClient lossyClient() {
    RetryStrategy retries = AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(SDK_ATTEMPTS)
        .backoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(5)))
        .throttlingBackoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(5)))
        .circuitBreakerEnabled(false).build();
    DynamoDbClient client = DynamoLocal.newClient(o -> o.retryStrategy(retries).addExecutionInterceptor(lost));
    opened.add(client);
    return client;
  }

  /** A user store on a client that loses replies. */
  private UserStore users() {
    DynamoDbClient client = lossyClient();
    UserStore store = DynamoStores.openUserStore(client, options());
    opened.add(store);
    return store;
  }

  /** A user store on the shared client, which loses nothing: what is really stored. */
  private UserStore stored() {
    UserStore store = DynamoStores.openUserStore(DynamoLocal.client(), options());
    opened.add(store);
    return store;
  }

  private EventStore events() {
    DynamoDbClient client = lossyClient();
    EventStore store = DynamoStores.openEventStore(client, options());
    opened.add(store);
    return store;
  }

  private EventStore storedEvents() {
    EventStore store = DynamoStores.openEventStore(DynamoLocal.client(), options());
    opened.add(store);
    return store;
  }

  private void lose(Loss loss, String operation) {
    switch (loss) {
      case ONCE -> lost.lose(operation, 1);
      case ONCE_THEN_THROTTLED -> lost.lose(operation, 1).throttleAfterLoss(operation, SDK_ATTEMPTS - 1);
      case EVERY -> lost.loseEvery(operation);
      case ONCE_THEN_UNREACHABLE -> lost.lose(operation, 1).refuseAfterLoss(operation, SDK_ATTEMPTS - 1);
      default -> throw new IllegalStateException();
    }
  }

  /**
   * Runs {@code write} with replies to {@code operation} lost as {@code loss} says, and returns its result; with
   * every reply lost the write must throw {@link OutcomeUnknownException} instead (empty result). Any other
   * outcome fails the test, naming the exception.
   */
  private <T> Optional<T> write(Loss loss, String operation, Supplier<T> write) {
    lose(loss, operation);
    try {
      T result = write.get();
      assertTrue(lost.lost() > 0, "a reply was lost");
      if (!settled(loss)) {
        fail("no resend got an answer, yet the write reported success: " + result);
      }
      return Optional.ofNullable(result);
    } catch (OutcomeUnknownException e) {
      assertTrue(lost.lost() > 0, "a reply was lost");
      if (settled(loss)) {
        fail("a resend established the outcome, yet the store said it is unknown", e);
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      throw new AssertionError("the write was applied, but the caller was told " + e, e);
    } finally {
      lost.reset();
    }
  }

  /** Whether a resend gets an answer, which settles the outcome. */
  private static boolean settled(Loss loss) {
    return loss == Loss.ONCE || loss == Loss.ONCE_THEN_THROTTLED;
  }

  private static NewUser user(String name) {
    return NewUser.builder().username(name).email(name + "@example.com").age(30).build();
  }

  // ---- user store ------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Loss.class)
  void create(Loss loss) {
    UserStore store = users();
    Optional<User> created = write(loss, TRANSACTION, () -> store.create(user("ann")));
    Optional<User> found = stored().findByUsername("ann");
    assertTrue(found.isPresent(), "the user is stored");
    created.ifPresent(user -> assertEquals(found.get(), user, "the caller got the stored user"));
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void createAll(Loss loss) {
    UserStore store = users();
    Optional<List<User>> created = write(loss, TRANSACTION,
        () -> store.createAll(List.of(user("ann"), user("bob"))));
    UserStore stored = stored();
    List<Optional<User>> found = List.of(stored.findByUsername("ann"), stored.findByUsername("bob"));
    assertTrue(found.stream().allMatch(Optional::isPresent), "both users are stored");
    created.ifPresent(users -> assertEquals(found.stream().map(Optional::get).toList(), users));
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void update(Loss loss) {
    UserStore store = users();
    User ann = store.create(user("ann"));
    Optional<User> updated = write(loss, TRANSACTION,
        () -> store.update(ann.toBuilder().username("anna").age(31).build()));
    User found = stored().get(ann.id()).orElseThrow();
    assertEquals(2, found.version());
    assertEquals("anna", found.username());
    assertEquals(Optional.of(found), stored().findByUsername("anna"));
    assertEquals(Optional.empty(), stored().findByUsername("ann"));
    updated.ifPresent(user -> assertEquals(found, user, "the caller got the stored user"));
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void deleteById(Loss loss) {
    UserStore store = users();
    User ann = store.create(user("ann"));
    store.addPost(ann.id(), NewPost.of("t", "c"));
    Optional<Boolean> deleted = write(loss, TRANSACTION, () -> store.delete(ann.id()));
    assertEquals(Optional.empty(), stored().get(ann.id()), "the user is gone");
    deleted.ifPresent(answer -> assertTrue(answer, "delete(id) reports that it deleted the user"));
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void deleteByIdAndVersion(Loss loss) {
    UserStore store = users();
    User ann = store.create(user("ann"));
    Optional<Boolean> deleted = write(loss, TRANSACTION, () -> store.delete(ann.id(), 1));
    assertEquals(Optional.empty(), stored().get(ann.id()), "the user is gone");
    deleted.ifPresent(answer -> assertTrue(answer, "delete(id, version) reports that it deleted the user"));
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void addPost(Loss loss) {
    UserStore store = users();
    User ann = store.create(user("ann"));
    Optional<Post> added = write(loss, TRANSACTION, () -> store.addPost(ann.id(), NewPost.of("Hello", "first")));
    List<Post> posts = stored().findPosts(PostQuery.builder().filter(Filter.eq(PostField.AUTHOR_ID, ann.id().value()))
        .build()).items();
    assertEquals(1, posts.size(), "one post is stored: " + posts);
    added.ifPresent(post -> assertEquals(Optional.of(post), stored().getPost(post.id())));
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void deletePost(Loss loss) {
    UserStore store = users();
    User ann = store.create(user("ann"));
    Post post = store.addPost(ann.id(), NewPost.of("Hello", "first"));
    store.tag(post.id(), Set.of("java"));
    Optional<Boolean> deleted = write(loss, TRANSACTION, () -> store.deletePost(post.id()));
    assertEquals(Optional.empty(), stored().getPost(post.id()), "the post is gone");
    deleted.ifPresent(answer -> assertTrue(answer, "deletePost reports that it deleted the post"));
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void tag(Loss loss) {
    UserStore store = users();
    User ann = store.create(user("ann"));
    Post post = store.addPost(ann.id(), NewPost.of("Hello", "first"));
    write(loss, TRANSACTION, () -> {
      store.tag(post.id(), Set.of("java", "intro"));
      return null;
    });
    assertEquals(Set.of("intro", "java"), stored().tagsOf(post.id()));
    assertEquals(1, stored().findPosts(PostQuery.builder().tag("java").build()).size());
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void untag(Loss loss) {
    UserStore store = users();
    User ann = store.create(user("ann"));
    Post post = store.addPost(ann.id(), NewPost.of("Hello", "first"));
    store.tag(post.id(), Set.of("java", "intro"));
    write(loss, TRANSACTION, () -> {
      store.untag(post.id(), Set.of("java"));
      return null;
    });
    assertEquals(Set.of("intro"), stored().tagsOf(post.id()));
    assertEquals(0, stored().findPosts(PostQuery.builder().tag("java").build()).size());
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void inTransactionCreatingAUserWithAPost(Loss loss) {
    UserStore store = users();
    int[] runs = {0};
    Optional<Post> added = write(loss, TRANSACTION, () -> store.inTransaction(tx -> {
      runs[0]++;
      User bob = tx.create(user("bob"));
      return tx.addPost(bob.id(), NewPost.of("Hi", "from bob"));
    }));
    assertEquals(1, runs[0], "the callback ran once");
    User bob = stored().findByUsername("bob").orElseThrow(() -> new AssertionError("bob is stored"));
    List<Post> posts = stored().findPosts(PostQuery.builder().filter(Filter.eq(PostField.AUTHOR_ID, bob.id().value()))
        .build()).items();
    assertEquals(1, posts.size(), "bob's post is stored");
    added.ifPresent(post -> assertEquals(Optional.of(post), stored().getPost(posts.get(0).id())));
  }

  // ---- event store -----------------------------------------------------------------------------------------------

  private static Event event(int i) {
    return Event.builder("load").time(BASE.plusSeconds(i)).tag("host", "h" + (i % 2)).field("i", i).build();
  }

  private List<Event> storedEventsOfLoad() {
    try (Stream<Event> events = storedEvents().query(EventQuery.builder("load").build())) {
      return events.toList();
    }
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void append(Loss loss) {
    EventStore store = events();
    write(loss, BATCH, () -> {
      store.append(event(1));
      return null;
    });
    assertEquals(List.of(event(1)), storedEventsOfLoad(), "the event is stored once");
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void appendAll(Loss loss) {
    EventStore store = events();
    List<Event> events = List.of(event(1), event(2), event(3));
    write(loss, BATCH, () -> {
      store.appendAll(events);
      return null;
    });
    assertEquals(events, storedEventsOfLoad(), "every event is stored once");
  }

  @ParameterizedTest
  @EnumSource(Loss.class)
  void deleteBefore(Loss loss) {
    EventStore store = events();
    store.appendAll(List.of(event(1), event(2), event(3)));
    Optional<Long> deleted = write(loss, BATCH, () -> store.deleteBefore("load", BASE.plusSeconds(3)));
    assertEquals(List.of(event(3)), storedEventsOfLoad(), "the events before the cutoff are gone");
    deleted.ifPresent(count -> assertEquals(2L, count, "deleteBefore counts the events it deleted"));
  }

  // ---- writes that never reached DynamoDB ----------------------------------------------------------------------

  @Test
  void aCreateThatCouldNotConnectIsAPlainStoreUnavailableExceptionAndStoredNothing() {
    UserStore store = users();
    lost.refuseEvery(TRANSACTION);
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> store.create(user("ann")));
    lost.reset();
    assertFalse(e instanceof OutcomeUnknownException, "the request never left the client: " + e);
    assertEquals(0, lost.sent(TRANSACTION), "nothing reached DynamoDB");
    assertEquals(Optional.empty(), stored().findByUsername("ann"));
    store.create(user("ann"));
  }

  @Test
  void anAppendThatCouldNotConnectIsAPlainStoreUnavailableExceptionAndStoredNothing() {
    EventStore store = events();
    lost.refuseEvery(BATCH);
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> store.append(event(1)));
    lost.reset();
    assertFalse(e instanceof OutcomeUnknownException, "the request never left the client: " + e);
    assertEquals(List.of(), storedEventsOfLoad());
  }

  // ---- the harness itself ----------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(value = Loss.class, names = "ONCE")
  void theSdkSendsARequestAgainAfterItsReplyWasLost(Loss loss) {
    EventStore store = events();
    int before = lost.sent(BATCH);
    write(loss, BATCH, () -> {
      store.append(event(1));
      return null;
    });
    assertEquals(before + 2, lost.sent(BATCH), "the request reached DynamoDB twice");
    assertEquals(List.of(event(1)), storedEventsOfLoad());
  }
}
