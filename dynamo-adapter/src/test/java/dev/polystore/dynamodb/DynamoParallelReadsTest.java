package dev.polystore.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.StoreUnavailableException;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.user.AuthorCount;
import dev.polystore.user.Include;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Reads DynamoDB cannot do in one request (one partition each) are sent concurrently, {@code read.parallelism} at
 * a time, and still give complete, ordered results. Overlap is observed with {@link ReadGate}, which holds the
 * reads until the expected number are in flight together, so nothing depends on how fast the server answers.
 */
@ExtendWith(DynamoLocal.class)
class DynamoParallelReadsTest {

  /** How long a held read waits for others before the gate gives up; only reached when reads do not overlap. */
  private static final long SAFETY_MILLIS = 10_000;

  private final ReadGate gate = new ReadGate();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<String> tables = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    gate.release();
    for (AutoCloseable c : opened) {
      c.close();
    }
    tables.forEach(DynamoLocal::dropTable);
  }

  private UserStore open(String table, int readParallelism) {
    DynamoDbClient client = DynamoLocal.newClient(o -> o.addExecutionInterceptor(gate));
    opened.add(client);
    if (!tables.contains(table)) {
      tables.add(table);
    }
    UserStore store = DynamoStores.openUserStore(client, DynamoStoreOptions.builder().tableName(table)
        .readParallelism(readParallelism).build());
    opened.add(store);
    return store;
  }

  /** Users u0.. with {@code posts} posts each ("u0 #1", …), the first post of each tagged with its username. */
  private static List<User> usersWithPosts(UserStore store, int users, int posts) {
    List<User> created = store.createAll(IntStream.range(0, users).mapToObj(i -> NewUser.builder()
        .username("u" + i).email("u" + i + "@example.com").build()).toList());
    for (User user : created) {
      for (int p = 1; p <= posts; p++) {
        Post post = store.addPost(user.id(), NewPost.of(user.username() + " #" + p, "text " + p));
        if (p == 1) {
          store.tag(post.id(), Set.of(user.username(), "all"));
        }
      }
    }
    return created;
  }

  /** What include(POSTS, TAGS) must give for a user: their posts in id order, with tags. */
  private static List<Post> postsOf(UserStore store, User user) {
    return store.findPosts(PostQuery.builder().author(user.id()).include(Include.TAGS).build()).items();
  }

  @Test
  void includePostsQueriesTheUsersOfAPageAtOnceAndKeepsPageAndPostOrder() throws InterruptedException {
    UserStore store = open(DynamoLocal.freshTable(), DynamoStoreOptions.DEFAULT_READ_PARALLELISM);
    List<User> users = usersWithPosts(store, 5, 3);

    gate.watch = ReadGate.USER_COLLECTIONS;
    gate.hold(5, SAFETY_MILLIS);
    List<User> page = store.find(UserQuery.builder().include(Include.POSTS, Include.TAGS).build()).items();

    assertEquals(5, gate.calls.get(), "one Query per user on the page");
    assertEquals(5, gate.maxInFlight.get(), "all five Queries were in flight at once");
    assertTrue(gate.threads.stream().allMatch(t -> t.startsWith("polystore-dynamodb-read-") && t.endsWith("(daemon)")),
        "the reads ran on the store's named daemon threads: " + gate.threads);
    List<Thread> readThreads = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> gate.threads.contains(t.getName() + " (daemon)")).toList();
    assertEquals(gate.threads.size(), readThreads.size(), "the read threads are found by name");
    gate.reset();
    assertEquals(users.stream().map(User::id).toList(), page.stream().map(User::id).toList(), "page order kept");
    for (int i = 0; i < users.size(); i++) {
      List<Post> posts = page.get(i).posts().orElseThrow();
      assertEquals(List.of("u" + i + " #1", "u" + i + " #2", "u" + i + " #3"), posts.stream().map(Post::title).toList(),
          "each user gets their own posts, in id order");
      assertEquals(postsOf(store, users.get(i)), posts);
      assertEquals(Optional.of(Set.of("all", "u" + i)), posts.get(0).tags());
    }

    store.close();
    for (Thread thread : readThreads) {
      thread.join(SAFETY_MILLIS); // idle read threads would linger for 30 s; close() ends them now
      assertFalse(thread.isAlive(), thread.getName() + " ended with the store");
    }
  }

  @Test
  void readParallelismBoundsTheReadsInFlightAndOneMeansOneAfterAnother() {
    String table = DynamoLocal.freshTable();
    UserStore two = open(table, 2);
    List<User> users = usersWithPosts(two, 5, 1);
    UserQuery query = UserQuery.builder().include(Include.POSTS).build();

    gate.watch = ReadGate.USER_COLLECTIONS;
    gate.hold(2, SAFETY_MILLIS);
    List<User> byTwo = two.find(query).items();
    assertEquals(2, gate.maxInFlight.get(), "two Queries at a time, never more");
    assertEquals(5, gate.calls.get());

    UserStore one = open(table, 1);
    gate.reset();
    gate.watch = ReadGate.USER_COLLECTIONS;
    gate.hold(2, 500); // a second Query never comes while the first is held: the hold gives up once
    List<User> byOne = one.find(query).items();
    assertEquals(1, gate.maxInFlight.get(), "read.parallelism=1 sends one Query after another");
    assertEquals(Set.of(Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? " (daemon)" : "")),
        gate.threads, "on the calling thread");
    assertEquals(5, gate.calls.get());
    gate.reset();

    assertEquals(byOne, byTwo, "the same page either way");
    assertEquals(users.stream().map(User::id).toList(), byTwo.stream().map(User::id).toList());
    for (int i = 0; i < users.size(); i++) {
      assertEquals(List.of("u" + i + " #1"), byTwo.get(i).posts().orElseThrow().stream().map(Post::title).toList());
    }
  }

  @Test
  void theFirstFailedReadIsThrownTranslatedAndTheReadsNotYetSentAreNot() {
    UserStore store = open(DynamoLocal.freshTable(), 2);
    List<User> users = usersWithPosts(store, 6, 1);
    UserQuery query = UserQuery.builder().include(Include.POSTS).build();

    gate.watch = ReadGate.USER_COLLECTIONS;
    gate.failPartition("USER#" + users.get(0).id().value(), true);
    StoreUnavailableException e;
    try {
      e = assertThrows(StoreUnavailableException.class, () -> store.find(query));
    } finally {
      gate.release();
    }
    assertTrue(e.getMessage().contains("reading the posts of user " + users.get(0).id().value()), e.getMessage());
    assertInstanceOf(DynamoDbException.class, e.getCause(), "the SDK error is kept as the cause");
    assertTrue(gate.calls.get() <= 2, "the other reads were cancelled, not sent: " + gate.calls.get() + " sent");

    gate.reset();
    List<User> page = store.find(query).items();
    assertEquals(6, page.size(), "the store reads normally afterwards");
    assertTrue(page.stream().allMatch(u -> u.posts().orElseThrow().size() == 1));
  }

  @Test
  void deletingAUserReadsTheItemsOfItsPostsAtOnceAndRemovesThemAll() {
    UserStore store = open(DynamoLocal.freshTable(), DynamoStoreOptions.DEFAULT_READ_PARALLELISM);
    List<User> users = usersWithPosts(store, 2, 4);
    User gone = users.get(0);
    List<Post> posts = postsOf(store, gone);
    for (Post post : posts) {
      store.tag(post.id(), Set.of("shared", "t-" + post.title()));
    }

    gate.watch = ReadGate.POST_COLLECTIONS;
    gate.hold(4, SAFETY_MILLIS);
    assertTrue(store.delete(gone.id()));
    assertEquals(4, gate.maxInFlight.get(), "the four posts' item collections were read at once");
    gate.reset();

    for (Post post : posts) {
      assertEquals(Optional.empty(), store.getPost(post.id()), "post and pointer are gone");
      assertEquals(List.of(), store.findPosts(PostQuery.builder().tag("t-" + post.title()).build()).items(),
          "its tag links are gone");
    }
    assertEquals(List.of(), store.findPosts(PostQuery.builder().tag("shared").build()).items());
    assertEquals(List.of("u1 #1"), store.findPosts(PostQuery.builder().tag("all").build()).items().stream()
        .map(Post::title).toList(), "the other user's tagged post stays");
    assertEquals(Optional.empty(), store.findByUsername("u0"));
  }

  @Test
  void theBatchGetsOfOneReadAreSentAtOnce() {
    UserStore store = open(DynamoLocal.freshTable(), DynamoStoreOptions.DEFAULT_READ_PARALLELISM);
    // 101 authors: their profiles are read with two BatchGetItem calls (100 keys each at most)
    List<NewUser> newAuthors = IntStream.range(0, 101).mapToObj(i -> NewUser.builder()
        .username(String.format("a%03d", i)).email("a" + i + "@example.com").build()).toList();
    List<User> authors = new ArrayList<>();
    for (int from = 0; from < newAuthors.size(); from += 33) { // one createAll takes at most 33 users
      authors.addAll(store.createAll(newAuthors.subList(from, Math.min(newAuthors.size(), from + 33))));
    }
    for (User author : authors) {
      store.addPost(author.id(), NewPost.of("by " + author.username(), "text"));
    }
    store.addPost(authors.get(42).id(), NewPost.of("another", "text"));

    gate.watch = ReadGate.BATCH_GETS;
    gate.hold(2, SAFETY_MILLIS);
    List<AuthorCount> top = store.topAuthors(1000, Filter.all());
    assertEquals(2, gate.calls.get());
    assertEquals(2, gate.maxInFlight.get(), "both BatchGetItem calls were in flight at once");
    gate.reset();

    assertEquals(101, top.size());
    assertEquals(new AuthorCount(authors.get(42).id(), "a042", 2), top.get(0));
    List<AuthorCount> rest = top.subList(1, top.size());
    assertEquals(authors.stream().filter(a -> !a.username().equals("a042"))
        .map(a -> new AuthorCount(a.id(), a.username(), 1)).toList(), rest, "ties in username order");
    Map<String, Long> counts = new java.util.HashMap<>();
    top.forEach(a -> counts.put(a.username(), a.posts()));
    assertEquals(102, counts.values().stream().mapToLong(Long::longValue).sum());
  }
}
