package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EventStore;
import dev.polystore.OutcomeUnknownException;
import dev.polystore.StoreConfig;
import dev.polystore.StoreUnavailableException;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.tck.FaultProxy;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.User;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a caller is told when the network fails between the store and a real server, through a real TCP proxy
 * ({@link FaultProxy}) in front of it.
 *
 * <ul>
 *   <li><b>A lost reply</b>: the proxy lets the statement (or the {@code COMMIT}) through, swallows the server's
 *       reply and closes the connection. Every write must then answer with its true result, or with
 *       {@link OutcomeUnknownException} — never report a stored write as a duplicate, a conflict, a missing row or a
 *       plain outage. The truth is read through a second store that bypasses the proxy.
 *   <li><b>A frozen server</b>: the proxy stops reading, as a server stopped with {@code SIGSTOP} does. Every call
 *       must fail within {@code call.timeout}, whether the driver is blocked reading or writing.
 * </ul>
 */
abstract class NetworkFaultContract {

  private FaultProxy proxy;
  /** Through the proxy. */
  private UserStore users;
  /** Straight to the server: what is really stored. */
  private UserStore truth;

  /** The private schema or database; skips the test without a server. */
  abstract ServerDatabase database();

  /** Whether {@code update} is one auto-commit statement on this server (else a transaction). */
  abstract boolean updateIsOneStatement();

  /**
   * URL parameters that make the driver send each statement's text every time, so the proxy can recognise it
   * (PostgreSQL's driver otherwise sends a repeated statement, {@code COMMIT} included, by the name of its
   * server-side prepared statement).
   */
  abstract String statementTextEveryTime();

  @BeforeEach
  void start() {
    truth = database().openEmptyUserStore();
    URI server = URI.create(database().url().substring("jdbc:".length()));
    proxy = FaultProxy.start(server.getHost(), server.getPort());
    users = Stores.openUserStore(throughProxy());
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {users, truth, proxy}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing anyway
      }
    }
  }

  /** The URL the store under test uses for {@code url}, the server's; a subclass may pick another driver. */
  String storeUrl(String url) {
    return url;
  }

  private StoreConfig throughProxy() {
    StoreConfig direct = database().config(statementTextEveryTime()).build();
    return StoreConfig.builder(proxy.route(storeUrl(direct.url()))).properties(direct.properties())
        .property("migrate", "false").property("pool.connection.timeout", "10s").build();
  }

  private static NewUser user(String name) {
    return NewUser.builder().username(name).email(name + "@example.com").age(30).build();
  }

  /** Runs {@code write} with the reply to the first message containing {@code text} lost; checks it was lost. */
  private <T> T losingReplyTo(String text, Supplier<T> write) {
    int before = proxy.repliesLost();
    proxy.loseReplyTo(text);
    try {
      return write.get();
    } finally {
      proxy.disarm();
      assertEquals(before + 1, proxy.repliesLost(), "the reply to '" + text + "' was lost");
    }
  }

  private void losingReplyTo(String text, Runnable write) {
    losingReplyTo(text, () -> {
      write.run();
      return null;
    });
  }

  @Test
  void createAnswersWithTheStoredUser() {
    User created = losingReplyTo("insert into users", () -> users.create(user("ann")));
    assertEquals(created, truth.get(created.id()).orElseThrow());
  }

  @Test
  void createAllAnswersWithTheStoredUsersWhenTheCommitReplyIsLost() {
    List<User> created = losingReplyTo("commit", () -> users.createAll(List.of(user("ann"), user("bob"))));
    assertEquals(2, created.size());
    for (User u : created) {
      assertEquals(u, truth.get(u.id()).orElseThrow());
    }
  }

  @Test
  void aTransactionWhoseStatementReplyIsLostBeforeTheCommitRunsAgainOnce() {
    List<User> created = losingReplyTo("insert into users", () -> users.createAll(List.of(user("ann"))));
    assertEquals(created.get(0), truth.findByUsername("ann").orElseThrow(), "stored once, by the second run");
  }

  @Test
  void addPostAnswersWithTheStoredPost() {
    User ann = users.create(user("ann"));
    Post post = losingReplyTo("insert into posts", () -> users.addPost(ann.id(), NewPost.of("Hello", "first")));
    assertEquals(post.title(), truth.getPost(post.id()).orElseThrow().title());
  }

  @Test
  void updateAnswersWithTheStoredVersion() {
    User ann = users.create(user("ann"));
    User updated = losingReplyTo(updateIsOneStatement() ? "update users" : "commit",
        () -> users.update(ann.toBuilder().age(31).build()));
    User stored = truth.get(ann.id()).orElseThrow();
    assertEquals(2, stored.version());
    assertEquals(stored, updated);
  }

  @Test
  void deleteIsNeverReportedAsMissingWhenItDeleted() {
    User ann = users.create(user("ann"));
    assertThrows(OutcomeUnknownException.class, () -> losingReplyTo("delete from users", () -> users.delete(ann.id())),
        "the user is gone, and whether this call deleted it cannot be known: not 'false'");
    assertTrue(truth.get(ann.id()).isEmpty());
  }

  @Test
  void versionedDeleteIsNeverReportedAsMissingWhenItDeleted() {
    User ann = users.create(user("ann"));
    assertThrows(OutcomeUnknownException.class, () -> losingReplyTo("commit", () -> users.delete(ann.id(), 1)));
    assertTrue(truth.get(ann.id()).isEmpty());
  }

  @Test
  void deletePostIsNeverReportedAsMissingWhenItDeleted() {
    User ann = users.create(user("ann"));
    Post post = users.addPost(ann.id(), NewPost.of("Hello", "first"));
    assertThrows(OutcomeUnknownException.class,
        () -> losingReplyTo("delete from posts", () -> users.deletePost(post.id())));
    assertTrue(truth.getPost(post.id()).isEmpty());
  }

  @Test
  void tagAndUntagAnswerNormally() {
    User ann = users.create(user("ann"));
    Post post = users.addPost(ann.id(), NewPost.of("Hello", "first"));
    losingReplyTo("commit", () -> users.tag(post.id(), Set.of("java", "intro")));
    assertEquals(Set.of("java", "intro"), truth.tagsOf(post.id()));
    losingReplyTo("delete from post_tags", () -> users.untag(post.id(), Set.of("java")));
    assertEquals(Set.of("intro"), truth.tagsOf(post.id()));
  }

  @Test
  void aTransactionWhoseCommitReplyIsLostIsUnknownAndRunsOnce() {
    AtomicInteger runs = new AtomicInteger();
    assertThrows(OutcomeUnknownException.class, () -> losingReplyTo("commit", () -> users.inTransaction(tx -> {
      runs.incrementAndGet();
      User ann = tx.create(user("ann"));
      return tx.addPost(ann.id(), NewPost.of("Hello", "first"));
    })));
    assertEquals(1, runs.get(), "the callback is not run again once its commit may have been sent");
    User ann = truth.findByUsername("ann").orElseThrow();
    assertEquals(1, truth.topAuthors(10, dev.polystore.query.Filter.all()).get(0).posts());
    assertEquals(ann.id(), truth.topAuthors(10, dev.polystore.query.Filter.all()).get(0).author());
  }

  @Test
  void aTransactionWhoseStatementReplyIsLostRunsAgainBeforeItsCommit() {
    AtomicInteger runs = new AtomicInteger();
    Post post = losingReplyTo("insert into posts", () -> users.inTransaction(tx -> {
      runs.incrementAndGet();
      User ann = tx.create(user("ann"));
      return tx.addPost(ann.id(), NewPost.of("Hello", "first"));
    }));
    assertEquals(2, runs.get(), "the first run was rolled back by the broken connection, the second committed");
    assertEquals(post.title(), truth.getPost(post.id()).orElseThrow().title());
    assertEquals(1, truth.count(dev.polystore.query.Filter.all()));
  }

  @Test
  void aServerGoneAfterApplyingAWriteMakesItUnknownNotUnavailable() {
    proxy.loseReplyToAndGoAway("insert into users");
    NewUser ann = user("ann");
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> users.create(ann));
    assertTrue(e instanceof OutcomeUnknownException,
        "a plain StoreUnavailableException promises the write took no effect, but it did: " + e);
    assertEquals(1, proxy.repliesLost());
    assertTrue(truth.findByUsername("ann").isPresent());
    proxy.acceptConnections();
  }

  @Test
  void aServerNotReachedIsPlainlyUnavailable() {
    StoreConfig config = StoreConfig.builder(throughProxy().url().replaceFirst("//[^/]+", "//127.0.0.1:1"))
        .properties(throughProxy().properties()).property("connect.timeout", "1s").build();
    try (UserStore unreachable = Stores.openUserStore(config)) {
      StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> unreachable.create(user("ann")));
      assertFalse(e instanceof OutcomeUnknownException, "nothing was sent, so the write took no effect: " + e);
    }
  }

  /** A store through the proxy whose calls may take {@code callTimeout}, with a socket timeout far longer. */
  private UserStore withCallTimeout(String callTimeout) {
    return Stores.openUserStore(throughProxy().toBuilder().property("call.timeout", callTimeout)
        .property("socket.timeout", "5m").build());
  }

  private static List<NewUser> manyUsers(int count) {
    List<NewUser> list = new java.util.ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(NewUser.builder().username("bulk-user-" + i).email("bulk-user-" + i + "@example.com")
          .fullName("A full name long enough to fill the network buffers quickly " + i).age(i % 100).build());
    }
    return list;
  }

  private static long secondsSince(long start) {
    return java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
  }

  @Test
  void aBulkWriteToAFrozenServerFailsWithinTheCallTimeoutAndStoresNothing() {
    List<NewUser> bulk = manyUsers(40_000);
    try (UserStore bounded = withCallTimeout("2s")) {
      bounded.count(dev.polystore.query.Filter.all());
      proxy.freeze();
      long start = System.nanoTime();
      StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> bounded.createAll(bulk));
      long took = secondsSince(start);
      proxy.thaw();
      assertTrue(took < 20, "failed after " + took + " s, not bounded by call.timeout=2s");
      assertFalse(e instanceof OutcomeUnknownException, "the transaction was not committed: " + e);
      assertTrue(e.getMessage().contains("call.timeout"), e.getMessage());
      assertEquals(0, truth.count(dev.polystore.query.Filter.all()), "nothing was stored");
      assertEquals(0, bounded.count(dev.polystore.query.Filter.all()), "the store works again once the server does");
    }
  }

  @Test
  void aSingleWriteToAFrozenServerIsUnknownWithinTheCallTimeout() {
    try (UserStore bounded = withCallTimeout("2s")) {
      bounded.count(dev.polystore.query.Filter.all());
      proxy.freeze();
      long start = System.nanoTime();
      assertThrows(OutcomeUnknownException.class, () -> bounded.create(user("ann")),
          "the statement reached the frozen server's socket: it may run when the server wakes up");
      assertTrue(secondsSince(start) < 20);
      proxy.thaw();
    }
  }

  @Test
  void aReadFromAFrozenServerFailsWithinTheCallTimeout() {
    try (UserStore bounded = withCallTimeout("2s")) {
      User ann = bounded.create(user("ann"));
      proxy.freeze();
      long start = System.nanoTime();
      assertThrows(StoreUnavailableException.class, () -> bounded.get(ann.id()));
      assertTrue(secondsSince(start) < 20);
      proxy.thaw();
      assertEquals(ann, bounded.get(ann.id()).orElseThrow());
    }
  }

  @Test
  void appendAllAnswersNormallyAndStoresEachEventOnce() {
    StoreConfig events = throughProxy();
    try (EventStore proxied = Stores.openEventStore(events);
         EventStore direct = Stores.openEventStore(database().config().build())) {
      direct.deleteBefore("cpu", Instant.MAX);
      Instant t = Instant.parse("2026-01-01T00:00:00Z");
      List<Event> batch = List.of(Event.builder("cpu").time(t).tag("host", "a").field("load", 1.0).build(),
          Event.builder("cpu").time(t.plusSeconds(1)).tag("host", "a").field("load", 2.0).build());
      losingReplyTo("commit", () -> proxied.appendAll(batch));
      try (Stream<Event> stored = direct.query(EventQuery.builder("cpu").build())) {
        assertEquals(batch, stored.toList());
      }
      assertThrows(OutcomeUnknownException.class, () -> losingReplyTo("commit",
          () -> proxied.deleteBefore("cpu", Instant.MAX)), "how many a lost delete removed cannot be known");
      try (Stream<Event> stored = direct.query(EventQuery.builder("cpu").build())) {
        assertEquals(0, stored.count());
      }
    }
  }
}
