package dev.polystore.tck;

import static dev.polystore.Capability.AGGREGATES;
import static dev.polystore.Capability.EXACT_COUNT;
import static dev.polystore.Capability.STRONG_QUERIES;
import static dev.polystore.Capability.TRANSACTIONS;
import static dev.polystore.ReadConsistency.EVENTUAL;
import static dev.polystore.ReadConsistency.STRONG;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.ReadConsistency;
import dev.polystore.StoreConfigurationException;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.user.AuthorCount;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The user-store contract on read consistency ({@link ReadConsistency}): both choices on every backend.
 *
 * <ul>
 *   <li>{@code reading(...)} gives views that report their choice; the store keeps its own (option
 *       {@code read.consistency}, {@code STRONG} unless set, a bad value refused naming the key).</li>
 *   <li>{@code STRONG} key look-ups see a write at once everywhere; {@code STRONG} finds, counts and aggregates do
 *       where the store declares {@code STRONG_QUERIES}, and eventually where it does not (recorded as negative in
 *       the compatibility matrix).</li>
 *   <li>{@code EVENTUAL} reads see a write, an update and a delete eventually: within the subclass's
 *       {@code eventualReadBound()}.</li>
 *   <li>Writes through a view are the store's own; every read in a transaction is strong, whatever view began it.</li>
 *   <li>A view lives as long as its store: closing it does nothing, closing the store ends it.</li>
 * </ul>
 *
 * <p>Part of {@link UserStoreContract}, which composes it with the other user-store features: an adapter
 * subclasses that class, never this interface. JUnit creates one instance per test.
 */
public interface UserReadConsistencyContract extends UserContractSupport {

  @Test
  default void viewsReportTheirChoiceAndLeaveTheStoresOwn() {
    ReadConsistency own = store().readConsistency();
    UserStore strong = store().reading(STRONG);
    UserStore eventual = store().reading(EVENTUAL);
    assertAll(
        () -> assertEquals(STRONG, strong.readConsistency()),
        () -> assertEquals(EVENTUAL, eventual.readConsistency()),
        () -> assertEquals(STRONG, eventual.reading(STRONG).readConsistency(), "a view's view"),
        () -> assertEquals(EVENTUAL, strong.reading(EVENTUAL).readConsistency(), "a view's view"),
        () -> assertEquals(own, store().readConsistency(), "making views leaves the store's choice as it was"),
        () -> assertEquals(capabilities(), eventual.capabilities(), "a view has the store's capabilities"));
  }

  @Test
  default void strongReadsSeeAWriteAtOnce() throws Throwable {
    UserStore strong = store().reading(STRONG);
    Fixture written = Fixture.write(store());
    assertEquals(written.lookups(), lookups(strong, written), "strong key look-ups right after the writes");
    User older = store().update(written.user().toBuilder().age(41).build());
    assertEquals(Optional.of(older), strong.get(older.id()), "a strong get right after an update");
    declaresOrNot(STRONG_QUERIES,
        () -> assertEquals(queries(written, older), queries(strong), "strong queries right after the writes"),
        () -> eventually("strong queries without " + STRONG_QUERIES, queries(written, older), () -> queries(strong)));
    store().delete(older.id());
    assertEquals(Optional.empty(), strong.get(older.id()), "a strong get right after a delete");
  }

  @Test
  default void eventualReadsSeeAWriteEventually() {
    UserStore eventual = store().reading(EVENTUAL);
    Fixture written = Fixture.write(store());
    eventually("eventual key look-ups", written.lookups(), () -> lookups(eventual, written));
    eventually("eventual queries", queries(written, written.user()), () -> queries(eventual));
    User older = store().update(written.user().toBuilder().age(41).build());
    eventually("an eventual get after an update", Optional.of(older), () -> eventual.get(older.id()));
    store().deletePost(written.post().id());
    store().delete(older.id());
    eventually("an eventual get after a delete", Optional.empty(), () -> eventual.get(older.id()));
    eventually("an eventual getPost after a delete", Optional.empty(), () -> eventual.getPost(written.post().id()));
    eventually("eventual queries after a delete", queries(null, null), () -> queries(eventual));
  }

  @Test
  default void writesThroughAViewAreTheStoresOwn() {
    UserStore eventual = store().reading(EVENTUAL);
    UserStore strong = store().reading(STRONG);
    User ann = eventual.create(user("ann"));
    assertEquals(Optional.of(ann), strong.get(ann.id()), "a create through a view, read strongly at once");
    Post post = eventual.addPost(ann.id(), NewPost.of("title", "content"));
    eventual.tag(post.id(), Set.of("news"));
    assertEquals(Set.of("news"), strong.tagsOf(post.id()), "a tag through a view, read strongly at once");
    User older = eventual.update(ann.toBuilder().age(7).build());
    assertEquals(Optional.of(older), strong.get(ann.id()), "an update through a view, read strongly at once");
    List<User> more = eventual.createAll(List.of(user("bob"), user("cid")));
    assertEquals(Optional.of(more.get(1)), strong.findByUsername("cid"), "a createAll through a view");
    eventual.untag(post.id(), Set.of("news"));
    assertEquals(Set.of(), strong.tagsOf(post.id()), "an untag through a view");
    assertTrue(eventual.deletePost(post.id()));
    assertTrue(eventual.delete(ann.id(), older.version()));
    assertEquals(Optional.empty(), strong.get(ann.id()), "a delete through a view, read strongly at once");
  }

  @Test
  default void everyReadInATransactionIsStrongWhateverViewBeganIt() throws Throwable {
    UserStore eventual = store().reading(EVENTUAL);
    requires(TRANSACTIONS, () -> {
      User ann = eventual.inTransaction(tx -> {
        assertEquals(STRONG, tx.readConsistency(), "a transaction reads strongly");
        User created = tx.create(user("ann"));
        assertAll(
            () -> assertEquals(Optional.of(created), tx.get(created.id()), "the transaction sees its own write"),
            () -> assertEquals(STRONG, tx.reading(EVENTUAL).readConsistency(),
                "a transaction's reading(EVENTUAL) stays in the transaction"),
            () -> assertEquals(Optional.of(created), tx.reading(EVENTUAL).get(created.id()),
                "a transaction's reading(EVENTUAL) sees the transaction's own write"));
        return created;
      });
      assertEquals(Optional.of(ann), store().reading(STRONG).get(ann.id()), "the transaction committed");
    }, () -> eventual.inTransaction(tx -> tx));
  }

  @Test
  default void closingAViewLeavesTheStoreOpenAndClosingTheStoreEndsItsViews() {
    User ann = store().create(user("ann"));
    UserStore eventual = store().reading(EVENTUAL);
    UserStore strong = store().reading(STRONG);
    eventual.close();
    strong.close();
    assertAll("after closing the views",
        () -> assertEquals(Optional.of(ann), store().reading(STRONG).get(ann.id()), "the store is open"),
        () -> assertEquals(Optional.of(ann), strong.get(ann.id()),
            "a closed view still reads: it lives with the store"));
    store().close();
    assertAll("after closing the store",
        () -> assertThrows(IllegalStateException.class, () -> strong.get(ann.id()), "get on a strong view"),
        () -> assertThrows(IllegalStateException.class, () -> eventual.find(UserQuery.all()), "find on a view"),
        () -> assertThrows(IllegalStateException.class, () -> eventual.create(user("bob")), "create on a view"),
        () -> assertThrows(IllegalStateException.class, () -> eventual.reading(STRONG), "reading on a view"),
        () -> assertEquals(EVENTUAL, eventual.readConsistency(), "readConsistency() still answers"),
        () -> assertEquals(capabilities(), eventual.capabilities(), "capabilities() still answers"));
  }

  @Test
  default void theStoresChoiceIsTheOptionReadConsistency() {
    try (UserStore eventualByDefault = openWith(Map.of("read.consistency", "eventual"))) {
      assertEquals(EVENTUAL, eventualByDefault.readConsistency(), "read.consistency=eventual");
      assertEquals(STRONG, eventualByDefault.reading(STRONG).readConsistency());
      User ann = eventualByDefault.create(user("ann"));
      assertEquals(Optional.of(ann), eventualByDefault.reading(STRONG).get(ann.id()));
      eventually("an eventual read of the store's default", Optional.of(ann), () -> eventualByDefault.get(ann.id()));
    }
    try (UserStore strongByDefault = openWith(Map.of("read.consistency", "STRONG"))) {
      assertEquals(STRONG, strongByDefault.readConsistency(), "read.consistency=STRONG");
    }
    StoreConfigurationException refused = assertThrows(StoreConfigurationException.class,
        () -> openWith(Map.of("read.consistency", "sometimes")).close());
    assertTrue(refused.getMessage().contains("read.consistency") && refused.getMessage().contains("EVENTUAL"),
        "the refusal names the option and its values: " + refused.getMessage());
  }

  // ---- fixture -----------------------------------------------------------------------------------------------

  /** A user of 40 with one post tagged {@code news}, as the store returned them. */
  record Fixture(User user, Post post) {

    static Fixture write(UserStore store) {
      User ann = store.create(NewUser.builder().username("ann").email("ann@example.com").age(40).build());
      Post post = store.addPost(ann.id(), NewPost.of("title", "content"));
      store.tag(post.id(), Set.of("news"));
      return new Fixture(ann, post.withTags(Set.of("news")));
    }

    /** What the key look-ups return once the writes are seen. */
    Map<String, Object> lookups() {
      Map<String, Object> expected = new LinkedHashMap<>();
      expected.put("get", Optional.of(user));
      expected.put("findByUsername", Optional.of(user));
      expected.put("findByEmail", Optional.of(user));
      expected.put("getPost", Optional.of(post));
      expected.put("tagsOf", Set.of("news"));
      return expected;
    }
  }

  /** The key look-ups of the fixture's user and post through {@code on}. */
  private static Map<String, Object> lookups(UserStore on, Fixture fixture) {
    Map<String, Object> read = new LinkedHashMap<>();
    read.put("get", on.get(fixture.user().id()));
    read.put("findByUsername", on.findByUsername(fixture.user().username()));
    read.put("findByEmail", on.findByEmail(fixture.user().email()));
    read.put("getPost", on.getPost(fixture.post().id()));
    read.put("tagsOf", on.tagsOf(fixture.post().id()));
    return read;
  }

  /**
   * What the finds, counts and aggregates the store declares return once {@code user} (as last written) with the
   * fixture's post is seen; with both null, once they are deleted.
   */
  private Map<String, Object> queries(Fixture fixture, User user) {
    boolean none = user == null;
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("find", none ? List.of() : List.of(user));
    expected.put("findPosts", none ? List.of() : List.of(fixture.post().id()));
    if (has(EXACT_COUNT)) {
      expected.put("count", none ? 0L : 1L);
    }
    if (has(AGGREGATES)) {
      expected.put("ageStats", none ? 0L : 1L);
      expected.put("topAuthors", none ? List.of() : List.of(new AuthorCount(user.id(), user.username(), 1)));
    }
    return expected;
  }

  /** The finds, counts and aggregates of {@link #queries(Fixture, User)} through {@code on}. */
  private Map<String, Object> queries(UserStore on) {
    Map<String, Object> read = new LinkedHashMap<>();
    read.put("find", on.find(UserQuery.builder().page(firstPage(10)).build()).items());
    read.put("findPosts", on.findPosts(PostQuery.builder().tag("news").page(firstPage(10)).build()).items().stream()
        .map(Post::id).toList());
    if (has(EXACT_COUNT)) {
      read.put("count", on.count(Filter.all()));
    }
    if (has(AGGREGATES)) {
      read.put("ageStats", on.ageStats(Filter.all()).count());
      read.put("topAuthors", on.topAuthors(10, Filter.all()));
    }
    return read;
  }
}
