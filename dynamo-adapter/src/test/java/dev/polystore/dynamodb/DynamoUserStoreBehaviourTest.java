package dev.polystore.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.ConcurrentUpdateException;
import dev.polystore.DuplicateKeyException;
import dev.polystore.InvalidQueryException;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.query.Sort;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** What the DynamoDB user store promises beyond the contract: limits, races, scan policy, emulation bounds. */
@ExtendWith(DynamoLocal.class)
class DynamoUserStoreBehaviourTest {

  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<String> tables = new ArrayList<>();
  private final FaultInjector faults = new FaultInjector();

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    tables.forEach(DynamoLocal::dropTable);
  }

  private UserStore open(DynamoStoreOptions.Builder options) {
    DynamoDbClient client = DynamoLocal.newClient(o -> o.addExecutionInterceptor(faults));
    opened.add(client);
    String table = DynamoLocal.freshTable();
    tables.add(table);
    UserStore store = DynamoStores.openUserStore(client, options.tableName(table).build());
    opened.add(store);
    return store;
  }

  private UserStore open() {
    return open(DynamoStoreOptions.builder());
  }

  private static NewUser user(String name) {
    return NewUser.builder().username(name).email(name + "@example.com").build();
  }

  @Test
  void eightThreadsRacingForOneUsernameLetExactlyOneWin() throws Exception {
    UserStore store = open();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        Callable<Object> attempt = () -> {
          start.await();
          try {
            return store.create(NewUser.builder().username(n % 2 == 0 ? "racer" : "RACER")
                .email("racer" + n + "@example.com").build());
          } catch (RuntimeException e) {
            return e;
          }
        };
        futures.add(pool.submit(attempt));
      }
      start.countDown();
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> f : futures) {
        outcomes.add(f.get(2, TimeUnit.MINUTES));
      }
      assertEquals(1, outcomes.stream().filter(User.class::isInstance).count(), "one winner: " + outcomes);
      for (Object o : outcomes) {
        assertTrue(o instanceof User || (o instanceof DuplicateKeyException d && d.field().equals("username")),
            "the losers fail with DuplicateKeyException(username), not " + o);
      }
      assertEquals(1, store.count(Filter.all()), "exactly one user is stored");
      User winner = outcomes.stream().filter(User.class::isInstance).map(User.class::cast).findFirst().orElseThrow();
      assertEquals(Optional.of(winner), store.findByUsername("Racer"), "the stored user is the winner");
      for (int i = 0; i < 8; i++) {
        String email = "racer" + i + "@example.com";
        assertEquals(email.equals(winner.email()), store.findByEmail(email).isPresent(),
            "a loser's e-mail was not claimed: nothing of a failed create is written");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anItemOverFourHundredKilobytesIsRefusedBeforeSendingAndOneUnderIsStored() {
    UserStore store = open();
    User ann = store.create(user("ann"));
    int sent = faults.transactions.get();
    InvalidQueryException tooBig = assertThrows(InvalidQueryException.class,
        () -> store.addPost(ann.id(), NewPost.of("big post", "x".repeat(401 * 1024))));
    assertTrue(tooBig.getMessage().contains("big post") && tooBig.getMessage().contains("400 KB"),
        "the error names the item and the limit: " + tooBig.getMessage());
    assertEquals(sent, faults.transactions.get(), "nothing was sent to DynamoDB");
    assertEquals(List.of(), store.findPosts(PostQuery.builder().author(ann.id()).build()).items());

    String content = "y".repeat(399 * 1024);
    Post stored = store.addPost(ann.id(), NewPost.of("large post", content));
    assertEquals(content, store.getPost(stored.id()).orElseThrow().content());
  }

  @Test
  void aDeleteWithAStaleVersionIsRefused() {
    UserStore store = open();
    User created = store.create(user("ann"));
    User updated = store.update(created.toBuilder().age(41).build());
    assertThrows(ConcurrentUpdateException.class, () -> store.delete(created.id(), created.version()));
    assertEquals(Optional.of(updated), store.get(created.id()), "the stale delete removed nothing");
    assertTrue(store.findByUsername("ann").isPresent(), "nor the username");
    assertTrue(store.delete(created.id(), updated.version()));
    assertEquals(Optional.empty(), store.get(created.id()));
  }

  @Test
  void aTransactionOverTheActionLimitIsRefusedBeforeAnythingIsWritten() {
    UserStore store = open();
    int sent = faults.transactions.get();
    // each user takes three writes (profile, username, e-mail): the 34th passes DynamoDB's limit of 100
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> store.useTransaction(tx -> {
      for (int i = 0; i < 34; i++) {
        tx.create(user(String.format("tx%02d", i)));
      }
    }));
    assertTrue(e.getMessage().contains("100"), e.getMessage());
    assertEquals(sent, faults.transactions.get(), "no transaction was sent");
    assertEquals(0, store.count(Filter.all()));
    assertEquals(Optional.empty(), store.findByUsername("tx00"));

    store.useTransaction(tx -> {
      for (int i = 0; i < 33; i++) {
        tx.create(user(String.format("ok%02d", i)));
      }
    });
    assertEquals(33, store.count(Filter.all()), "99 writes fit in one transaction");
  }

  @Test
  void scanPolicyForbidRefusesScanOnlyReadsAndAllowsKeyedOnes() {
    UserStore store = open(DynamoStoreOptions.builder().scanPolicy(DynamoStoreOptions.ScanPolicy.FORBID));
    User ann = store.create(NewUser.builder().username("ann").email("ann@example.com").age(30).build());
    store.create(user("bob"));
    Post post = store.addPost(ann.id(), NewPost.of("hello", "world"));
    store.tag(post.id(), java.util.Set.of("greeting"));

    DynamoReadPlanner planner = DynamoStores.readPlanner(store);
    UserQuery filtered = UserQuery.builder().filter(Filter.gt(UserField.AGE, 20)).build();
    assertTrue(planner.plan(filtered).scans(), planner.plan(filtered).toString());
    assertFalse(planner.plan(UserQuery.all()).scans(), "listing users in id order reads the index page by page");

    InvalidQueryException refused = assertThrows(InvalidQueryException.class, () -> store.find(filtered));
    assertTrue(refused.getMessage().contains("FORBID"), refused.getMessage());
    assertThrows(InvalidQueryException.class,
        () -> store.find(UserQuery.builder().sort(Sort.asc(UserField.USERNAME)).build()), "an in-memory sort");
    assertThrows(InvalidQueryException.class, () -> store.count(Filter.all()));
    assertThrows(InvalidQueryException.class, () -> store.ageStats(Filter.all()));
    assertThrows(InvalidQueryException.class,
        () -> store.findPosts(PostQuery.builder().filter(Filter.contains(dev.polystore.user.PostField.TITLE, "he"))
            .build()));

    assertEquals(2, store.find(UserQuery.all()).size());
    assertEquals(Optional.of(ann), store.findByUsername("ANN"));
    assertEquals(List.of(post.id()), store.findPosts(PostQuery.builder()
        .filter(Filter.contains(dev.polystore.user.PostField.TITLE, "he")).author(ann.id()).build()).items().stream()
        .map(Post::id).toList(), "a filter inside one author's item collection is bounded by its key");
    assertEquals(List.of(post.id()), store.findPosts(PostQuery.builder().tag("greeting").build()).items().stream()
        .map(Post::id).toList(), "posts by tag read the tag's index partition");
  }

  @Test
  void inMemorySortsAreBoundedAndSayWhatTheyEmulate() {
    UserStore store = open(DynamoStoreOptions.builder().maxInMemoryItems(3));
    store.createAll(List.of(user("u1"), user("u2"), user("u3"), user("u4"), user("u5")));
    UserQuery byName = UserQuery.builder().sort(Sort.desc(UserField.USERNAME)).build();
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> store.find(byName));
    assertTrue(e.getMessage().contains("memory.max.items"), e.getMessage());
    assertEquals(List.of("u1", "u2", "u3", "u4", "u5"), store.find(UserQuery.builder()
        .sort(Sort.asc(UserField.ID)).build()).items().stream().map(User::username).toList(), "id order is native");
    assertEquals(List.of("u3", "u2"), store.find(UserQuery.builder()
            .filter(Filter.in(UserField.USERNAME, List.of("u2", "u3"))).sort(Sort.desc(UserField.AGE)).build())
        .items().stream().map(User::username).toList(),
        "a sort within the bound works: both lack an age, so the id decides, descending like the last key");

    DynamoReadPlan plan = DynamoStores.readPlanner(store).plan(UserQuery.builder()
        .filter(Filter.endsWith(UserField.EMAIL, ".com")).build());
    assertTrue(plan.emulated().orElseThrow().contains("in memory"), plan.toString());
    assertEquals(5, store.find(UserQuery.builder().filter(Filter.endsWith(UserField.EMAIL, "@example.com")).build())
        .size(), "endsWith is evaluated in memory on the streamed items");
  }
}
