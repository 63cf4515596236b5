package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.ConcurrentUpdateException;
import dev.polystore.DuplicateKeyException;
import dev.polystore.EntityNotFoundException;
import dev.polystore.StoreConfig;
import dev.polystore.StoreUnavailableException;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.tck.Concurrently;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the adapter behaves when a real server misbehaves: killed connections, an unreachable server, racing
 * writers, deadlocks, time zones that differ between JVM and server, and a failed statement inside a
 * transaction. Subclasses supply the server: the private schema or database is created by the first test
 * that runs, and without a server each test is skipped (or, when required, failed) on its own.
 */
abstract class ServerFailureContract {

  private UserStore store;

  @BeforeEach
  void openStore() {
    store = database().openEmptyUserStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  /**
   * The private schema or database, created by the first test that asks (a {@link ServerDatabase.Lazy} the
   * subclass registers as an extension, so it is dropped after the class); skips the test without a server.
   */
  abstract ServerDatabase database();

  /** Terminates every server session of the store behind {@code config} except the caller's; returns how many. */
  abstract int killSessions(String marker) throws SQLException;

  /** URL parameters that mark the store's sessions for {@link #killSessions}. */
  abstract String markSessions(String marker);

  /** URL parameters that give the server session a time zone far from UTC. */
  abstract String sessionTimeZone(String zone);

  /** A query returning the session's time zone. */
  abstract String sessionTimeZoneQuery();

  /** The URL of the same server on a port where nothing listens. */
  abstract String unreachableUrl();

  /** How many statements of the store's sessions (marked by {@link #markSessions}) are running on the server. */
  abstract int runningStatements(String marker) throws SQLException;

  private static NewUser user(String name) {
    return NewUser.builder().username(name).email(name + "@example.com").build();
  }

  @Test
  void aPooledConnectionKilledByTheServerIsReplacedForTheNextOperation() throws Exception {
    String marker = "polystore-kill-" + UUID.randomUUID().toString().substring(0, 8);
    StoreConfig config = database().config(markSessions(marker))
        .property("pool.max.size", "1").property("pool.min.idle", "1").build();
    try (UserStore killed = Stores.openUserStore(config)) {
      User ann = killed.create(user("ann"));
      assertTrue(killSessions(marker) >= 1, "the store's pooled connection was found and killed");
      assertEquals(ann, killed.get(ann.id()).orElseThrow(), "the next operation succeeds on a new connection");
      assertTrue(killSessions(marker) >= 1);
      killed.useTransaction(tx -> tx.create(user("bob")));
      assertTrue(killed.findByUsername("bob").isPresent(), "a transaction after a kill succeeds too");
    }
  }

  @Test
  void anUnreachableServerIsUnavailable() {
    StoreConfig config = StoreConfig.builder(unreachableUrl())
        .property("pool.connection.timeout", "1s").property("connect.timeout", "1s").build();
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> Stores.openUserStore(config));
    assertFalse(e.getMessage().isBlank());
    StoreConfig lazy = StoreConfig.builder(unreachableUrl()).property("migrate", "false")
        .property("pool.connection.timeout", "1s").property("connect.timeout", "1s").build();
    try (UserStore opened = Stores.openUserStore(lazy)) {
      assertThrows(StoreUnavailableException.class, () -> opened.count(Filter.all()),
          "without migration the store opens, and the first operation reports the server unavailable");
    }
  }

  @Test
  void aStatementOutlastingTheSocketTimeoutFailsWithoutBeingSentAgain() throws Exception {
    String marker = "polystore-slow-" + UUID.randomUUID().toString().substring(0, 8);
    StoreConfig config = database().config(markSessions(marker)).property("socket.timeout", "1s")
        .property("migrate", "false").build();
    try (UserStore slow = Stores.openUserStore(config); Connection locker = database().connect()) {
      User ann = slow.create(user("ann"));
      locker.setAutoCommit(false);
      try (PreparedStatement lock = locker.prepareStatement("SELECT id FROM users WHERE username = ? FOR UPDATE")) {
        lock.setString(1, "ann");
        lock.executeQuery().close();
      }
      StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
          () -> slow.update(ann.toBuilder().age(40).build()), "the update waits for the row lock past the timeout");
      assertEquals(1, runningStatements(marker),
          "the update still waits on the server, once: a timed-out statement is not sent again");
      assertTrue(e.getMessage().contains("socket.timeout"), e.getMessage());
      locker.rollback();
    }
  }

  @Test
  void eightThreadsCreatingOneUsernameLetExactlyOneWin() throws Exception {
    List<Object> outcomes = Concurrently.run(8, i -> store.create(NewUser.builder()
        .username(i % 2 == 0 ? "race" : "RACE").email("race" + i + "@example.com").build()));
    assertEquals(1, outcomes.stream().filter(User.class::isInstance).count(), "one winner: " + outcomes);
    for (Object o : outcomes) {
      if (!(o instanceof User)) {
        DuplicateKeyException e = assertInstanceOf(DuplicateKeyException.class, o);
        assertEquals("username", e.field());
      }
    }
  }

  @Test
  void deadlockedTransactionsAreRetriedAndBothComplete() throws Exception {
    UserId a = store.create(user("a")).id();
    UserId b = store.create(user("b")).id();
    CountDownLatch bothHoldOneRow = new CountDownLatch(2);
    // The deadlock's loser is rolled back and run again. Its second run waits until the winner has committed,
    // so it reads the rows' new versions: without that wait it may read the old ones while the winner still
    // holds its locks and then rightly fail with ConcurrentUpdateException, which is not what this tests.
    CountDownLatch[] done = {new CountDownLatch(1), new CountDownLatch(1)};
    AtomicInteger[] runs = {new AtomicInteger(), new AtomicInteger()};
    List<Object> outcomes = Concurrently.run(2, i -> {
      try {
        return store.inTransaction(tx -> {
          if (runs[i].incrementAndGet() > 1) {
            await(done[1 - i]);
          }
          UserId first = i == 0 ? a : b;
          UserId second = i == 0 ? b : a;
          User one = tx.get(first).orElseThrow();
          tx.update(one.toBuilder().age(one.age() == null ? 1 : one.age() + 1).build());
          bothHoldOneRow.countDown();
          await(bothHoldOneRow);
          User two = tx.get(second).orElseThrow();
          return tx.update(two.toBuilder().age(two.age() == null ? 1 : two.age() + 1).build());
        });
      } finally {
        done[i].countDown();
      }
    });
    assertTrue(outcomes.stream().allMatch(User.class::isInstance), "both transactions completed: " + outcomes);
    assertEquals(3, runs[0].get() + runs[1].get(), "one deadlock, and its loser was run once more");
    assertEquals(2, store.get(a).orElseThrow().age(), "each transaction incremented each row once");
    assertEquals(2, store.get(b).orElseThrow().age());
  }

  @Test
  void aStaleUpdateThatWaitedForALockReportsTheVersionCommittedMeanwhile() throws Exception {
    String marker = "polystore-stale-" + UUID.randomUUID().toString().substring(0, 8);
    StoreConfig config = database().config(markSessions(marker)).property("migrate", "false").build();
    try (UserStore marked = Stores.openUserStore(config); Connection locker = database().connect()) {
      User ann = marked.create(user("ann"));
      locker.setAutoCommit(false);
      try (PreparedStatement bump = locker.prepareStatement(
          "UPDATE users SET version = version + 1 WHERE username = 'ann'")) {
        assertEquals(1, bump.executeUpdate(), "another writer holds the row, at version 2, uncommitted");
      }
      ExecutorService committer = Executors.newSingleThreadExecutor();
      try {
        Future<?> commit = committer.submit(() -> {
          // once the store's update waits for the row lock, the other writer commits
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (runningStatements(marker) == 0) {
            if (System.nanoTime() > deadline) {
              throw new AssertionError("the store's update never waited for the lock");
            }
            Thread.onSpinWait();
          }
          locker.commit();
          return null;
        });
        String message = marked.inTransaction(tx -> {
          User seen = tx.get(ann.id()).orElseThrow();  // MySQL/MariaDB: the transaction's snapshot starts here
          return assertThrows(ConcurrentUpdateException.class,
              () -> tx.update(seen.toBuilder().age(41).build())).getMessage();
        });
        commit.get(30, TimeUnit.SECONDS);
        assertTrue(message.contains("is at version 2, not 1"), "the stored version, not the snapshot's: " + message);
      } finally {
        committer.shutdownNow();
      }
    }
  }

  @Test
  void instantsRoundTripWhenJvmAndServerSessionUseOtherTimeZones() {
    TimeZone original = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));  // UTC+14
    StoreConfig config = database().config(sessionTimeZone("America/Los_Angeles")).build();
    String sessionZone = database().queryOn(config.url(), sessionTimeZoneQuery());
    assertFalse(sessionZone.contains("UTC") || sessionZone.equals("+00:00") || sessionZone.equals("SYSTEM"),
        "the server session really uses another time zone: " + sessionZone);
    try (UserStore zoned = Stores.openUserStore(config)) {
      Instant before = Instant.now();
      User ann = zoned.create(user("ann"));
      Post post = zoned.addPost(ann.id(), NewPost.of("time", "zones"));
      Instant after = Instant.now();
      User read = zoned.get(ann.id()).orElseThrow();
      assertEquals(ann.createdAt(), read.createdAt());
      assertEquals(post.createdAt(), zoned.getPost(post.id()).orElseThrow().createdAt());
      assertTrue(!read.createdAt().isBefore(before.minus(Duration.ofSeconds(5)))
          && !read.createdAt().isAfter(after.plus(Duration.ofSeconds(5))), "stored as UTC: " + read.createdAt());
      assertEquals(List.of(ann.id()), zoned.find(dev.polystore.user.UserQuery.builder()
          .filter(Filter.eq(UserField.CREATED_AT, ann.createdAt())).build()).items().stream().map(User::id).toList());
      assertEquals(1, zoned.findPosts(PostQuery.builder().filter(Filter.le(dev.polystore.user.PostField.CREATED_AT,
          post.createdAt())).build()).size());
      Instant historic = Instant.parse("1969-07-20T20:17:40.123456Z");
      assertEquals(0, zoned.count(Filter.lt(UserField.CREATED_AT, historic)));
    } finally {
      TimeZone.setDefault(original);
    }
    // and a store in UTC reads the same instants
    User ann = store.findByUsername("ann").orElseThrow();
    assertTrue(Duration.between(ann.createdAt(), Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0);
  }

  @Test
  void aCaughtDuplicateInsideATransactionLeavesTheTransactionUsable() {
    store.create(user("taken"));
    List<String> names = store.inTransaction(tx -> {
      tx.create(user("first"));
      assertThrows(DuplicateKeyException.class, () -> tx.create(user("TAKEN")));
      assertThrows(EntityNotFoundException.class,
          () -> tx.addPost(UserId.of(UUID.randomUUID()), NewPost.of("orphan", "x")));
      assertThrows(DuplicateKeyException.class, () -> tx.createAll(List.of(user("batch1"), user("taken"))));
      tx.create(user("second"));
      return List.of("first", "second");
    });
    for (String name : names) {
      assertTrue(store.findByUsername(name).isPresent(), name + " was committed");
    }
    assertFalse(store.findByUsername("batch1").isPresent(), "the failed batch left nothing");
    assertEquals(3, store.count(Filter.all()));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** What {@code countSql}, given {@code parameter} as its one parameter, counts on a new connection to {@code db}. */
  static int count(ServerDatabase db, String countSql, String parameter) throws SQLException {
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(countSql)) {
      ps.setString(1, parameter);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  static int killAll(ServerDatabase db, String selectSql, String killSql, String marker) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = db.connect()) {
      try (PreparedStatement ps = c.prepareStatement(selectSql)) {
        ps.setString(1, marker);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
      }
      for (long id : ids) {
        try (PreparedStatement ps = c.prepareStatement(killSql.replace("?", Long.toString(id)))) {
          ps.execute();
        }
      }
    }
    return ids.size();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other transaction never arrived");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
