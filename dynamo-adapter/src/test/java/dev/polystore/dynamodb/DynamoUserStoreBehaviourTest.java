package dev.polystore.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.ConcurrentUpdateException;
import dev.polystore.DuplicateKeyException;
import dev.polystore.InvalidQueryException;
import dev.polystore.PartialWriteException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.query.Sort;
import dev.polystore.user.AuthorCount;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostId;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the DynamoDB user store promises beyond the contract: limits, races, deletes larger than one transaction
 * (complete, and recoverable after a failure), scan policy, emulation bounds.
 */
@ExtendWith(DynamoLocal.class)
class DynamoUserStoreBehaviourTest {

  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<String> tables = new ArrayList<>();
  private final FaultInjector faults = new FaultInjector();
  private DynamoDbClient client;
  private String table;

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    tables.forEach(DynamoLocal::dropTable);
  }

  private UserStore open(DynamoStoreOptions.Builder options) {
    client = DynamoLocal.newClient(o -> o.addExecutionInterceptor(faults));
    opened.add(client);
    table = DynamoLocal.freshTable();
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

  /** Every item of the store's table as "pk | sk", read with a strongly consistent Scan. */
  private Set<String> items() {
    Set<String> keys = new TreeSet<>();
    client.scanPaginator(r -> r.tableName(table).consistentRead(true)).items()
        .forEach(item -> keys.add(item.get("pk").s() + " | " + item.get("sk").s()));
    return keys;
  }

  /** The items of a post: post, pointer, one link per tag. */
  private static Set<String> itemsOf(Post post, Set<String> tags) {
    Set<String> keys = new TreeSet<>();
    keys.add("USER#" + post.authorId().value() + " | POST#" + post.id().value());
    keys.add("POST#" + post.id().value() + " | POST");
    tags.forEach(tag -> keys.add("POST#" + post.id().value() + " | TAG#" + tag));
    return keys;
  }

  /** The profile and uniqueness items of a user. */
  private static Set<String> itemsOf(User user) {
    return Set.of("USER#" + user.id().value() + " | PROFILE", "USERNAME#" + user.username() + " | UNIQUE",
        "EMAIL#" + user.email() + " | UNIQUE");
  }

  @Test
  void aTransactionRefusesWritesOnceItsStoreIsClosed() {
    UserStore store = open();
    assertThrows(IllegalStateException.class, () -> store.inTransaction(tx -> {
      store.close();
      return tx.create(user("ann"));
    }), "a write in the callback of a closed store");
    assertTrue(items().stream().noneMatch(item -> item.startsWith("USER#")), "nothing written: " + items());
  }

  @Test
  void topAuthorsSkipsAuthorsWhoseProfileIsGoneAndStillFillsTheLimit() {
    UserStore store = open();
    User ann = store.create(user("ann"));
    User bob = store.create(user("bob"));
    User cid = store.create(user("cid"));
    for (int i = 0; i < 3; i++) {
      store.addPost(ann.id(), NewPost.of("a" + i, "x"));
    }
    store.addPost(bob.id(), NewPost.of("b0", "x"));
    store.addPost(bob.id(), NewPost.of("b1", "x"));
    store.addPost(cid.id(), NewPost.of("c0", "x"));
    // ann's profile disappears between the count and the read of the authors (posts left behind)
    client.deleteItem(r -> r.tableName(table).key(Map.of(
        "pk", AttributeValue.fromS("USER#" + ann.id().value()), "sk", AttributeValue.fromS("PROFILE"))));
    assertEquals(List.of(new AuthorCount(bob.id(), "bob", 2), new AuthorCount(cid.id(), "cid", 1)),
        store.topAuthors(2, Filter.all()));
  }

  /** Bob with one post tagged "all" and "bob": what a delete of someone else must leave alone. */
  private Post bystander(UserStore store) {
    User bob = store.create(user("bob"));
    Post post = store.addPost(bob.id(), NewPost.of("bob's", "text"));
    store.tag(post.id(), Set.of("all", "bob"));
    return post;
  }

  private static Set<String> tags(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).collect(Collectors.toSet());
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

  @Test
  void aSortLedByTheIdIsTheIdOrderAsOnTheSqlBackends() {
    UserStore store = open();
    store.createAll(List.of(NewUser.builder().username("u1").email("u1@example.com").age(10).build(),
        NewUser.builder().username("u2").email("u2@example.com").age(30).build(),
        NewUser.builder().username("u3").email("u3@example.com").age(20).build()));
    UserQuery idThenAge = UserQuery.builder().sort(Sort.asc(UserField.ID), Sort.desc(UserField.AGE)).build();
    assertEquals(List.of("u1", "u2", "u3"), store.find(idThenAge).items().stream().map(User::username).toList(),
        "the id decides alone: a key after it never does, nor does it move the id to the end");
    UserQuery idDescThenAge = UserQuery.builder().sort(Sort.desc(UserField.ID), Sort.asc(UserField.AGE)).build();
    assertEquals(List.of("u3", "u2", "u1"), store.find(idDescThenAge).items().stream().map(User::username).toList());
    assertTrue(DynamoStores.readPlanner(store).plan(idThenAge).emulated().isEmpty(),
        "id order is the index's own: nothing is sorted in memory");
  }

  @Test
  void filtersLongerThanAnExpressionHoldsAreEvaluatedInMemoryWithTheRestAsExpression() {
    UserStore store = open();
    store.create(NewUser.builder().username("ann").email("ann@example.com").age(30).build());
    store.create(NewUser.builder().username("bob").email("bob@example.com").age(30).build());
    store.create(NewUser.builder().username("cid").email("cid@example.com").age(40).build());
    List<String> names = new ArrayList<>(IntStream.range(0, 400).mapToObj(i -> "someone" + i).toList());
    names.addAll(List.of("ann", "cid"));
    List<String> emails = new ArrayList<>(IntStream.range(0, 400).mapToObj(i -> "x" + i + "@example.com").toList());
    emails.addAll(List.of("ann@example.com", "cid@example.com"));
    // each in-list fits one expression (about 2.8 KB); together they do not (DynamoDB takes 4 KB)
    Filter<UserField> both = Filter.and(Filter.in(UserField.USERNAME, names), Filter.in(UserField.EMAIL, emails),
        Filter.eq(UserField.AGE, 30));
    DynamoReadPlan plan = DynamoStores.readPlanner(store).plan(UserQuery.builder().filter(both).build());
    assertTrue(plan.access().contains("filter expression"), "the rest is still a filter expression: " + plan);
    assertTrue(plan.emulated().orElseThrow().contains("in memory"), plan.toString());
    assertTrue(plan.toString().length() < 2_000, "the plan names the in-memory filter, bounded: " + plan.toString()
        .length() + " characters");
    assertEquals(List.of("ann"), store.find(UserQuery.builder().filter(both).build()).items().stream()
        .map(User::username).toList());
    assertEquals(1, store.count(both));

    Filter<UserField> oneLong = Filter.or(Filter.eq(UserField.AGE, 40), Filter.in(UserField.USERNAME,
        IntStream.range(0, Filter.MAX_IN_VALUES - 1).mapToObj(i -> i == 0 ? "bob" : "someone" + i).toList()));
    assertEquals(List.of("bob", "cid"), store.find(UserQuery.builder().filter(oneLong).build()).items().stream()
        .map(User::username).toList(), "an or holding the longest in-list is evaluated in memory as a whole");
  }

  @Test
  void aCreateAllLargerThanOneTransactionIsRefusedBeforeAnythingIsWritten() {
    UserStore store = open();
    List<NewUser> users = IntStream.range(0, 34).mapToObj(i -> user(String.format("u%02d", i))).toList();
    int sent = faults.transactions.get();
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> store.createAll(users));
    assertTrue(e.getMessage().contains("at most 33 users") && e.getMessage().contains("Split the list"),
        "the message gives the limit and the way out: " + e.getMessage());
    assertEquals(sent, faults.transactions.get(), "nothing was sent");
    assertEquals(Set.of(), items(), "nothing was written");

    List<User> created = new ArrayList<>(store.createAll(users.subList(0, 33)));
    created.addAll(store.createAll(users.subList(33, 34)));
    assertEquals(sent + 2, faults.transactions.get(), "each part is one transaction");
    assertEquals(users.stream().map(NewUser::username).toList(), created.stream().map(User::username).toList());
    assertEquals(34, store.count(Filter.all()));
  }

  @Test
  void aUserWithMorePostsThanOneTransactionHoldsIsDeletedWithEveryItem() {
    UserStore store = open();
    Post kept = bystander(store);
    Set<String> before = items();
    User created = store.create(user("ann"));
    List<Post> posts = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      Post post = store.addPost(created.id(), NewPost.of("post " + i, "text " + i));
      store.tag(post.id(), Set.of("all", "p" + i));
      posts.add(post);
    }
    // one post with more tag links than one transaction holds
    store.tag(posts.get(7).id(), tags("many", 100));
    store.tag(posts.get(7).id(), tags("more", 20));
    assertEquals(before.size() + 3 + 150 * 4 + 120, items().size());
    User ann = store.update(created.toBuilder().age(30).build());

    Set<String> full = items();
    assertThrows(ConcurrentUpdateException.class, () -> store.delete(ann.id(), created.version()));
    assertEquals(full, items(), "a stale delete removes nothing, however many posts the user has");

    assertTrue(store.delete(ann.id(), ann.version()));
    assertEquals(before, items(), "no profile, uniqueness item, post, pointer or tag link of the user is left");
    assertEquals(List.of(kept.id()), store.findPosts(PostQuery.builder().tag("all").build()).items().stream()
        .map(Post::id).toList());
    assertEquals(Set.of("all", "bob"), store.tagsOf(kept.id()));
    assertFalse(store.delete(ann.id()));
  }

  @Test
  void aDeleteThatFailsInItsLastTransactionKeepsTheUserAndDeletingAgainFinishes() {
    UserStore store = open();
    Post kept = bystander(store);
    Set<String> before = items();
    User ann = store.create(user("ann"));
    Map<PostId, Set<String>> tagsOf = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      Post post = store.addPost(ann.id(), NewPost.of("post " + i, "text " + i));
      store.tag(post.id(), Set.of("all", "p" + i));
      tagsOf.put(post.id(), Set.of("all", "p" + i));
    }

    faults.failProfileDeletes.set(1);
    PartialWriteException e = assertThrows(PartialWriteException.class, () -> store.delete(ann.id()),
        "posts were deleted before the failure: not a plain outage, which promises nothing was written");
    assertInstanceOf(StoreUnavailableException.class, e.getCause(), "the cause is the failure itself");
    assertEquals(1, faults.failedProfileDeletes.get(), "the injected failure hit the transaction removing the user");
    assertTrue(e.getMessage().contains("deleting user " + ann.id().value()), e.getMessage());
    assertTrue(e.getMessage().contains("the user is kept"), e.getMessage());

    assertEquals(Optional.of(ann), store.get(ann.id()), "the user is still there, unchanged");
    assertEquals(Optional.of(ann), store.findByUsername("ANN"));
    assertEquals(Optional.of(ann), store.findByEmail("ann@example.com"));
    List<Post> left = store.findPosts(PostQuery.builder().author(ann.id()).first(100).build()).items();
    assertTrue(!left.isEmpty() && left.size() < 60, "the posts that did not fit in the last transaction are gone: "
        + left.size() + " left");
    Set<String> expected = new TreeSet<>(before);
    expected.addAll(itemsOf(ann));
    for (Post post : left) {
      assertEquals(tagsOf.get(post.id()), store.tagsOf(post.id()), "a post left is whole");
      expected.addAll(itemsOf(post, tagsOf.get(post.id())));
    }
    assertEquals(expected, items(), "every post is there with all its items or gone with all of them");
    Set<PostId> tagged = new HashSet<>(left.stream().map(Post::id).toList());
    tagged.add(kept.id());
    assertEquals(tagged, new HashSet<>(store.findPosts(PostQuery.builder().tag("all").first(100).build()).items()
        .stream().map(Post::id).toList()), "no tag link of a deleted post is left");

    assertTrue(store.delete(ann.id()), "deleting again finishes the job");
    assertEquals(before, items());
    assertEquals(Optional.empty(), store.findByUsername("ann"));
  }

  @Test
  void anUpdateWhileAUserWithManyPostsIsDeletedWithItsVersionStopsTheDelete() {
    UserStore store = open();
    Set<String> before = items();
    User ann = store.create(user("ann"));
    for (int i = 0; i < 100; i++) {
      store.addPost(ann.id(), NewPost.of("post " + i, "text " + i));
    }
    // 200 post items: the first ones go in two transactions before the last one, each checking the version
    List<User> updated = new ArrayList<>();
    faults.beforeTransaction(2, () -> updated.add(store.update(ann.toBuilder().fullName("Ann A.").build())));

    PartialWriteException e = assertThrows(PartialWriteException.class, () -> store.delete(ann.id(), ann.version()),
        "posts were deleted before the version changed: partial, not a plain conflict (which writes nothing)");
    assertInstanceOf(ConcurrentUpdateException.class, e.getCause());
    assertTrue(e.getMessage().contains("the user is kept") && e.getMessage().contains("posts were deleted"),
        e.getMessage());
    assertEquals(1, updated.size(), "the update ran between the delete's transactions");
    assertEquals(Optional.of(updated.get(0)), store.get(ann.id()), "the updated user stays");
    int left = store.findPosts(PostQuery.builder().author(ann.id()).first(100).build()).size();
    assertTrue(left > 0 && left < 100, "posts deleted before the update stay deleted, the others stay: " + left);

    assertTrue(store.delete(ann.id(), updated.get(0).version()));
    assertEquals(before, items());
  }

  @Test
  void aPostWithMoreTagsThanOneTransactionHoldsIsDeletedWithEveryLink() {
    UserStore store = open();
    Post kept = bystander(store);
    User ann = store.create(user("ann"));
    Set<String> before = items();
    Post post = store.addPost(ann.id(), NewPost.of("tagged", "a lot"));
    store.tag(post.id(), tags("many", 100));
    store.tag(post.id(), tags("more", 50));
    store.tag(post.id(), Set.of("all"));
    assertEquals(before.size() + 2 + 151, items().size());

    assertTrue(store.deletePost(post.id()));
    assertEquals(before, items());
    assertEquals(List.of(kept.id()), store.findPosts(PostQuery.builder().tag("all").build()).items().stream()
        .map(Post::id).toList());
    assertFalse(store.deletePost(post.id()));
  }
}
