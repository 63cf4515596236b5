package dev.polystore.jdbi;

import static dev.polystore.ReadConsistency.EVENTUAL;
import static dev.polystore.ReadConsistency.STRONG;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.query.Filter;
import dev.polystore.query.Sort;
import dev.polystore.tck.FaultProxy;
import dev.polystore.user.NewUser;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Read replicas against real replication: a primary and the replica that follows it, started by
 * {@code scripts/replicas.sh} (without them the tests are skipped, or fail when required).
 *
 * <ul>
 *   <li>Eventual reads land on the replica, as its own statistics show, and not on the primary.</li>
 *   <li>Strong reads read the writes before them while the replica is behind and still in use.</li>
 *   <li>A replica that stops (a real TCP proxy in front of it, closed) fails no read: they go to the primary, and
 *       the store says so once; a query streaming from it when its connection is reset goes on from the
 *       primary.</li>
 *   <li>A replica further behind than {@code replica.max.lag}, or not replicating, gets no reads until it catches
 *       up; the store logs its leaving and its return once each.</li>
 * </ul>
 *
 * <p>Replication is held back on the shared test replica only inside a test, and released in {@code finally}.
 */
abstract class ReplicaReadsContract {

  /** Checks often, so that tests see the replica's state change within a fraction of a second. */
  private static final String CHECK_INTERVAL = "100ms";
  private static final Duration STATE_CHANGE = Duration.ofSeconds(20);

  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Logger log = Logger.getLogger("dev.polystore.jdbi.replicas");
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  /** The class's replicated database: skips (or fails) the test without the replicated servers. */
  abstract ReplicatedDatabase database();

  /**
   * The state of a replica whose applying was stopped ({@link ReplicatedDatabase#stopApplying()}) once a write
   * is behind: LAGGING on PostgreSQL (a paused replay reports a growing lag), NOT_REPLICATING on MariaDB/MySQL
   * (a stopped SQL thread reports no lag at all).
   */
  abstract ReplicaStatus.State stoppedState();

  @BeforeEach
  void listen() {
    log.addHandler(capture);
  }

  @AfterEach
  void closeAll() {
    log.removeHandler(capture);
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        // closing anyway
      }
    }
  }

  private <T extends AutoCloseable> T opened(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  /** A user store over the primary with the replica, its tables emptied (on the replica too). */
  private UserStore users(Map<String, String> options) {
    UserStore store = opened(Stores.openUserStore(config(database().replicaUrl(), options)));
    database().empty();
    return store;
  }

  private StoreConfig config(String replicaUrl, Map<String, String> options) {
    Map<String, String> all = new HashMap<>(Map.of(JdbiStoreOptions.REPLICA_CHECK_INTERVAL, CHECK_INTERVAL));
    all.putAll(options);
    all.put(JdbiStoreOptions.REPLICA_URLS, replicaUrl);
    return database().primary().config().properties(all).build();
  }

  private static NewUser user(String name, int age) {
    return NewUser.builder().username(name).email(name + "@example.com").age(age).build();
  }

  // ---- where reads go ----------------------------------------------------------------------------------------

  @Test
  void eventualReadsLandOnTheReplicaAndStrongOnesOnThePrimary() {
    UserStore store = users(Map.of());
    UserStore eventual = store.reading(EVENTUAL);
    awaitState(store, ReplicaStatus.State.ONLINE);
    List<User> created = store.createAll(List.of(user("ann", 30), user("bob", 40), user("cid", 50)));
    awaitEventually("the replica has the users", () -> eventual.count(Filter.all()), 3L);

    long servedBefore = status(store).readsServed();
    long replicaBefore = database().replicaReads();
    long primaryBefore = database().primaryReads();
    int reads = 0;
    for (int i = 0; i < 10; i++) {
      assertEquals(created, eventual.find(UserQuery.builder().sort(Sort.asc(UserField.USERNAME))
          .build()).items());
      assertEquals(Optional.of(created.get(i % 3)), eventual.get(created.get(i % 3).id()));
      reads += 2;
    }
    assertEquals(servedBefore + reads, status(store).readsServed(), "every eventual read was the replica's");
    int expected = reads;
    awaitEventually("the replica's own statistics count the reads", () -> database().replicaReads() - replicaBefore
        >= expected, true);
    assertTrue(database().primaryReads() - primaryBefore < reads, "the primary ran "
        + (database().primaryReads() - primaryBefore) + " of the " + reads + " eventual reads");

    long servedByReplica = status(store).readsServed();
    User ann = store.reading(STRONG).get(created.get(0).id()).orElseThrow();
    assertEquals(created.get(0), ann);
    assertEquals(3, store.count(Filter.all()), "the store's own reads are strong");
    assertEquals(servedByReplica, status(store).readsServed(), "strong reads go to the primary");
  }

  @Test
  void strongReadsReadTheirWritesWhileTheReplicaIsBehindAndInUse() throws Exception {
    UserStore store = users(Map.of(JdbiStoreOptions.REPLICA_MAX_LAG, "1h"));
    UserStore eventual = store.reading(EVENTUAL);
    UserStore strong = store.reading(STRONG);
    awaitState(store, ReplicaStatus.State.ONLINE);
    User ann = store.create(user("ann", 30));
    awaitEventually("the replica has ann", () -> eventual.get(ann.id()), Optional.of(ann));
    try (AutoCloseable held = database().holdBack("users")) {
      User older = store.update(ann.toBuilder().age(31).build());
      User bob = store.create(user("bob", 40));
      assertAll("strong reads right after the writes",
          () -> assertEquals(Optional.of(older), strong.get(ann.id())),
          () -> assertEquals(Optional.of(bob), strong.findByUsername("bob")),
          () -> assertEquals(2, strong.count(Filter.all())),
          () -> assertEquals(List.of(older, bob), strong.find(UserQuery.builder()
              .sort(Sort.asc(UserField.USERNAME)).build()).items()));
      long served = status(store).readsServed();
      assertAll("eventual reads meanwhile, from the replica that is behind",
          () -> assertEquals(Optional.of(ann), eventual.get(ann.id())),
          () -> assertEquals(Optional.empty(), eventual.findByUsername("bob")),
          () -> assertEquals(ReplicaStatus.State.ONLINE, status(store).state(), database().replicaReport()));
      assertEquals(served + 2, status(store).readsServed());
    }
    awaitEventually("the replica catches up", () -> eventual.count(Filter.all()), 2L);
  }

  // ---- a replica that stops ----------------------------------------------------------------------------------

  @Test
  void aStoppedReplicaFailsNoReadAndTheStoreSaysSoOnce() {
    URI replica = URI.create(database().replicaUrl().substring("jdbc:".length()));
    FaultProxy proxy = opened(FaultProxy.start(replica.getHost(), replica.getPort()));
    String proxied = proxy.route(database().replicaUrl());
    UserStore store = opened(Stores.openUserStore(config(proxied, Map.of())));
    database().empty();
    UserStore eventual = store.reading(EVENTUAL);
    awaitState(store, ReplicaStatus.State.ONLINE);
    List<User> created = store.createAll(List.of(user("ann", 30), user("bob", 40)));
    awaitEventually("the replica has the users", () -> eventual.count(Filter.all()), 2L);
    assertTrue(status(store).readsServed() > 0, "the replica served reads through the proxy");
    logged.clear();

    proxy.close();
    for (int i = 0; i < 20; i++) {
      assertAll("read " + i + " after the replica stopped",
          () -> assertEquals(Optional.of(created.get(0)), eventual.get(created.get(0).id())),
          () -> assertEquals(2, eventual.count(Filter.all())),
          () -> assertEquals(Optional.of(created.get(1)), eventual.findByUsername("bob")));
    }
    ReplicaStatus down = status(store);
    assertEquals(ReplicaStatus.State.DOWN, down.state(), "the first failed read took it out: " + down);
    assertTrue(down.url().contains(":" + proxy.port() + "/"), down.url());
    long served = down.readsServed();
    assertEquals(Optional.of(created.get(0)), eventual.get(created.get(0).id()));
    assertEquals(served, status(store).readsServed(), "no read goes to a replica that is down");
    assertEquals(1, leaving(proxied).size(), "one warning for the change, not one per read: " + messages());
  }

  @Test
  void aReplicaThatNeverAnswersIsDownFromTheStartAndFailsNoRead() {
    FaultProxy closed = FaultProxy.start("127.0.0.1", 1);
    String nowhere = closed.route(database().replicaUrl());
    closed.close();
    UserStore store = opened(Stores.openUserStore(config(nowhere, Map.of())));
    database().empty();
    User ann = store.create(user("ann", 30));
    assertEquals(Optional.of(ann), store.reading(EVENTUAL).get(ann.id()), "read from the primary");
    ReplicaStatus down = awaitState(store, ReplicaStatus.State.DOWN);
    assertTrue(down.problem().orElseThrow().contains("cannot be reached"), down.toString());
    assertEquals(0, down.readsServed());
    assertEquals(List.of(ann), store.reading(EVENTUAL).find(UserQuery.all()).items());
  }

  @Test
  void aQueryStreamingFromAReplicaThatFailsGoesOnFromThePrimary() {
    URI replica = URI.create(database().replicaUrl().substring("jdbc:".length()));
    FaultProxy proxy = opened(FaultProxy.start(replica.getHost(), replica.getPort()));
    // A small socket receive buffer, so that the rows the replica sent are not all in the driver's buffers already
    // when the connection is reset: the stream then meets the reset.
    String proxied = proxy.route(database().replicaUrl()) + "&" + database().smallReceiveBuffer();
    // One check, as each store opens: the replica's state then changes only by what the stream meets.
    Map<String, String> checkedOnce = Map.of(JdbiStoreOptions.REPLICA_CHECK_INTERVAL, "1h");
    Instant base = Instant.parse("2024-03-01T00:00:00Z");
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      events.add(Event.builder("cpu").time(base.plusMillis(i)).tag("host", "h" + (i % 3)).field("i", i).build());
    }
    try (EventStore writer = Stores.openEventStore(config(proxied, checkedOnce))) {
      database().empty();
      writer.appendAll(events);
      writer.flush();
    }
    database().awaitOnReplica("the events", () -> "SELECT count(*) FROM events", "5000");

    for (EventQuery query : List.of(EventQuery.builder("cpu").build(),
        EventQuery.builder("cpu").newestFirst().limit(3_000).build())) {
      List<Event> expected = query.order() == EventQuery.Order.NEWEST_FIRST
          ? reversed(events).subList(0, 3_000) : events;
      EventStore store = opened(Stores.openEventStore(config(proxied, checkedOnce)));
      EventStore eventual = store.reading(EVENTUAL);
      awaitState(() -> JdbiStores.replicaStatus(store), ReplicaStatus.State.ONLINE);
      logged.clear();
      List<Event> read = new ArrayList<>();
      try (Stream<Event> stream = eventual.query(query)) {
        Iterator<Event> it = stream.iterator();
        for (int i = 0; i < 100 && it.hasNext(); i++) {
          read.add(it.next());
        }
        assertEquals(1, JdbiStores.replicaStatus(store).get(0).readsServed(), "the stream began on the replica");
        proxy.resetConnections();
        it.forEachRemaining(read::add);
      }
      assertEquals(expected.size(), read.size(), "every event once, " + query);
      assertEquals(expected, read, "in order, none twice, none missed: " + query);
      ReplicaStatus after = JdbiStores.replicaStatus(store).get(0);
      assertEquals(ReplicaStatus.State.DOWN, after.state(), "the stream's replica left the rotation: " + after);
      assertTrue(after.problem().orElseThrow().startsWith("read events failed on it"), after.toString());
      assertEquals(1, leaving(proxied).size(), "said once: " + messages());
    }
  }

  // ---- a replica that falls behind ---------------------------------------------------------------------------

  @Test
  void lagBeyondTheBoundSendsReadsToThePrimaryUntilTheReplicaCatchesUp() throws Exception {
    UserStore store = users(Map.of(JdbiStoreOptions.REPLICA_MAX_LAG, "1s"));
    UserStore eventual = store.reading(EVENTUAL);
    awaitState(store, ReplicaStatus.State.ONLINE);
    User ann = store.create(user("ann", 30));
    awaitEventually("the replica has ann", () -> eventual.get(ann.id()), Optional.of(ann));
    logged.clear();
    User bob;
    try (AutoCloseable held = database().holdBack("users")) {
      bob = store.create(user("bob", 40));
      ReplicaStatus lagging = awaitState(store, ReplicaStatus.State.LAGGING);
      assertTrue(lagging.lag().orElseThrow().compareTo(Duration.ofSeconds(1)) > 0, lagging.toString());
      assertTrue(lagging.problem().orElseThrow().contains("replica.max.lag"), lagging.toString());
      long served = lagging.readsServed();
      assertAll("eventual reads while the replica lags: the primary's",
          () -> assertEquals(Optional.of(bob), eventual.findByUsername("bob")),
          () -> assertEquals(2, eventual.count(Filter.all())));
      assertEquals(served, status(store).readsServed(), "the replica served none of them");
    }
    awaitState(store, ReplicaStatus.State.ONLINE);
    assertEquals(Optional.of(bob), eventual.findByUsername("bob"), "the replica caught up");
    assertEquals(1, leaving(database().replicaUrl()).size(), "its leaving, logged once: " + messages());
    assertEquals(1, returning(database().replicaUrl()).size(), "its return, logged once: " + messages());
  }

  @Test
  void aReplicaThatStopsApplyingGetsNoReadsUntilItResumes() throws Exception {
    UserStore store = users(Map.of(JdbiStoreOptions.REPLICA_MAX_LAG, "1s"));
    UserStore eventual = store.reading(EVENTUAL);
    awaitState(store, ReplicaStatus.State.ONLINE);
    User bob;
    try (AutoCloseable stopped = database().stopApplying()) {
      bob = store.create(user("bob", 40));
      ReplicaStatus out = awaitState(store, stoppedState());
      assertAll("eventual reads while the replica does not apply: the primary's",
          () -> assertEquals(Optional.of(bob), eventual.findByUsername("bob")),
          () -> assertEquals(1, eventual.count(Filter.all())));
      assertEquals(out.readsServed(), status(store).readsServed(), "the replica served none of them");
    }
    awaitState(store, ReplicaStatus.State.ONLINE);
    awaitEventually("the replica applies again", () -> eventual.findByUsername("bob"), Optional.of(bob));
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private static ReplicaStatus status(UserStore store) {
    List<ReplicaStatus> all = JdbiStores.replicaStatus(store);
    assertEquals(1, all.size(), "one replica: " + all);
    return all.get(0);
  }

  private ReplicaStatus awaitState(UserStore store, ReplicaStatus.State state) {
    return awaitState(() -> JdbiStores.replicaStatus(store), state);
  }

  private ReplicaStatus awaitState(Supplier<List<ReplicaStatus>> status, ReplicaStatus.State state) {
    long deadline = System.nanoTime() + STATE_CHANGE.toNanos();
    ReplicaStatus last = status.get().get(0);
    while (last.state() != state && System.nanoTime() < deadline) {
      ReplicatedDatabase.pause(20);
      last = status.get().get(0);
    }
    if (last.state() != state) {
      fail("the replica did not become " + state + " within " + STATE_CHANGE + ": " + last + "; the replica says: "
          + database().replicaReport());
    }
    return last;
  }

  private <T> void awaitEventually(String what, Supplier<T> read, T expected) {
    long deadline = System.nanoTime() + ReplicatedDatabase.REPLICATION.toNanos();
    T last = read.get();
    while (!expected.equals(last) && System.nanoTime() < deadline) {
      ReplicatedDatabase.pause(20);
      last = read.get();
    }
    assertEquals(expected, last, what + " within " + ReplicatedDatabase.REPLICATION);
  }

  private List<LogRecord> leaving(String url) {
    return logs(r -> r.getLevel() == Level.WARNING && r.getMessage().contains(StoreConfig.mask(url))
        && r.getMessage().contains("gets no reads"));
  }

  private List<LogRecord> returning(String url) {
    return logs(r -> r.getLevel() == Level.INFO && r.getMessage().contains(StoreConfig.mask(url))
        && r.getMessage().contains("gets eventual reads again"));
  }

  private List<LogRecord> logs(Predicate<LogRecord> which) {
    return logged.stream().filter(which).toList();
  }

  private List<String> messages() {
    return logged.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> out = new ArrayList<>(list);
    Collections.reverse(out);
    return out;
  }
}
