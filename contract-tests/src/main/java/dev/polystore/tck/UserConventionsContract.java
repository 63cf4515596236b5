package dev.polystore.tck;

import static dev.polystore.Capability.TRANSACTIONS;
import static dev.polystore.tck.ConventionChecks.assertNamedNull;
import static dev.polystore.tck.ConventionChecks.assertPolystoreFailure;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polystore.InvalidQueryException;
import dev.polystore.ReadConsistency;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.query.PageRequest;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import dev.polystore.user.PostId;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserId;
import dev.polystore.user.UserQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The user-store contract on the conventions every method follows, whatever it does: a null argument is a
 * {@link NullPointerException} naming the argument, thrown before anything is sent (except the look-up values
 * of {@code findByUsername} and {@code findByEmail}, which are {@link InvalidQueryException}s as
 * documented); every call on a closed store, and on a transaction's store after its callback returned, is an
 * {@link IllegalStateException} ({@code close()}, {@code capabilities()} and {@code readConsistency()} excepted); and no failure is of a
 * type outside Polystore's {@link dev.polystore.StoreException} hierarchy and those usage errors.
 *
 * <p>Part of {@link UserStoreContract}, which composes it with the other user-store features: an adapter
 * subclasses that class, never this interface. JUnit creates one instance per test.
 */
public interface UserConventionsContract extends UserContractSupport {

  @Test
  default void nullArgumentsAreRefusedNamingTheArgumentBeforeAnythingIsSent() {
    User ann = store().create(user("ann"));
    Post post = store().addPost(ann.id(), NewPost.of("title", "content"));
    List<Executable> checks = new ArrayList<>();
    nullCalls(store(), ann, post).forEach((argument, call) -> checks.add(() -> assertNamedNull(argument, call)));
    if (has(TRANSACTIONS)) {
      nullCalls(store(), ann, post).keySet().forEach(argument -> checks.add(() -> assertNamedNull(argument + " in a transaction",
          () -> store().useTransaction(tx -> run(nullCalls(tx, ann, post).get(argument))))));
    }
    checks.add(() -> assertThrows(InvalidQueryException.class, () -> store().findByUsername(null),
        "a null username is an invalid look-up, as documented"));
    checks.add(() -> assertThrows(InvalidQueryException.class, () -> store().findByEmail(null),
        "a null e-mail is an invalid look-up, as documented"));
    assertAll(checks);
    assertAll("nothing was written",
        () -> assertEquals(List.of(ann), store().find(UserQuery.all()).items()),
        () -> assertEquals(List.of(post.id()),
            store().findPosts(PostQuery.builder().build()).items().stream().map(Post::id).toList()),
        () -> assertEquals(Set.of(), store().tagsOf(post.id())));
  }

  @Test
  default void everyCallOnAClosedStoreIsAnIllegalStateException() {
    User ann = store().create(user("ann"));
    Post post = store().addPost(ann.id(), NewPost.of("title", "content"));
    UserStore closed = store();
    closed.close();
    assertEveryCallRefused(closed, ann, post, "the store is closed");
    closed.close();
    assertEquals(store().capabilities(), closed.capabilities(), "capabilities() still answers");
  }

  @Test
  default void aTransactionStoreUsedAfterItsCallbackIsAnIllegalStateException() throws Throwable {
    User ann = store().create(user("ann"));
    Post post = store().addPost(ann.id(), NewPost.of("title", "content"));
    requires(TRANSACTIONS, () -> {
      UserStore ended = store().inTransaction(tx -> tx);
      assertEveryCallRefused(ended, ann, post, "its transaction has ended");
      ended.close();
      assertEquals(store().capabilities().backend(), ended.capabilities().backend(), "capabilities() still answers");
      assertEquals(List.of(ann), store().find(UserQuery.all()).items(), "the store itself is unaffected");
    }, () -> store().inTransaction(tx -> tx));
  }

  @Test
  default void failuresThroughEveryEntryPointAreOfPolystoresTypes() {
    User ann = store().create(user("ann"));
    store().create(user("bob"));
    Post post = store().addPost(ann.id(), NewPost.of("title", "content"));
    UserId missing = new UserId(UUID.randomUUID());
    PostId missingPost = new PostId(UUID.randomUUID());
    String forged = "not-a-cursor";
    Map<String, Executable> failures = new LinkedHashMap<>();
    failures.put("create of a taken username", () -> store().create(user("ann")));
    failures.put("createAll with a duplicate", () -> store().createAll(List.of(user("cid"), user("CID"))));
    failures.put("update of a stale version", () -> store().update(ann.toBuilder().version(ann.version() + 5).build()));
    failures.put("update of a missing user", () -> store().update(ann.toBuilder().id(missing).build()));
    failures.put("delete of a stale version", () -> store().delete(ann.id(), ann.version() + 5));
    failures.put("find with a forged cursor", () -> store().find(UserQuery.builder().after(forged, 10).build()));
    failures.put("findPosts with a forged cursor",
        () -> store().findPosts(PostQuery.builder().page(PageRequest.after(forged, 10)).build()));
    failures.put("addPost to a missing user", () -> store().addPost(missing, NewPost.of("t", "c")));
    failures.put("tag of a missing post", () -> store().tag(missingPost, Set.of("a")));
    failures.put("topAuthors with a limit of 0", () -> store().topAuthors(0, Filter.all()));
    failures.put("countBy of a field no user has", () -> store().countBy(UserField.ID, Filter.all()));
    failures.put("count by an ignore-case filter", () -> store().count(Filter.eqIgnoreCase(UserField.AGE, "3")));
    failures.put("findPosts by a post field of the wrong type",
        () -> store().findPosts(PostQuery.builder().filter(Filter.eq(PostField.TITLE, 3)).build()));
    failures.put("a failing write inside a transaction",
        () -> store().inTransaction(tx -> tx.create(user("bob"))));
    failures.put("a look-up of an over-long username", () -> store().findByUsername("u".repeat(1000)));
    failures.put("tags too long", () -> store().tag(post.id(), Set.of("t".repeat(1000))));
    List<Executable> checks = new ArrayList<>();
    failures.forEach((what, call) -> checks.add(() -> assertPolystoreFailure(what, call)));
    assertAll(checks);
    store().close();
    assertAll(calls(store(), ann, post).entrySet().stream()
        .map(call -> (Executable) () -> assertPolystoreFailure(call.getKey() + " on a closed store", call.getValue())));
  }

  /**
   * Asserts that every call but {@code close()}, {@code capabilities()} and {@code readConsistency()} throws
   * IllegalStateException.
   */
  private static void assertEveryCallRefused(UserStore refusing, User user, Post post, String why) {
    assertAll(calls(refusing, user, post).entrySet().stream().map(call -> (Executable) () ->
        assertThrows(IllegalStateException.class, call.getValue(), call.getKey() + " when " + why)));
  }

  /**
   * One call of every method of {@code on} but {@code close()}, {@code capabilities()} and {@code readConsistency()},
   * with valid arguments.
   */
  private static Map<String, Executable> calls(UserStore on, User user, Post post) {
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("create", () -> on.create(NewUser.builder().username("zed").email("zed@example.com").build()));
    calls.put("createAll", () -> on.createAll(List.of(NewUser.builder().username("yul").email("yul@example.com").build())));
    calls.put("get", () -> on.get(user.id()));
    calls.put("findByUsername", () -> on.findByUsername(user.username()));
    calls.put("findByEmail", () -> on.findByEmail(user.email()));
    calls.put("update", () -> on.update(user.toBuilder().age(40).build()));
    calls.put("delete", () -> on.delete(new UserId(UUID.randomUUID())));
    calls.put("delete with a version", () -> on.delete(new UserId(UUID.randomUUID()), 1));
    calls.put("find", () -> on.find(UserQuery.all()));
    calls.put("count", () -> on.count(Filter.all()));
    calls.put("addPost", () -> on.addPost(user.id(), NewPost.of("another", "post")));
    calls.put("getPost", () -> on.getPost(post.id()));
    calls.put("deletePost", () -> on.deletePost(new PostId(UUID.randomUUID())));
    calls.put("findPosts", () -> on.findPosts(PostQuery.builder().build()));
    calls.put("tag", () -> on.tag(post.id(), Set.of("a")));
    calls.put("untag", () -> on.untag(post.id(), Set.of("a")));
    calls.put("tagsOf", () -> on.tagsOf(post.id()));
    calls.put("ageStats", () -> on.ageStats(Filter.all()));
    calls.put("countBy", () -> on.countBy(UserField.ACTIVE, Filter.all()));
    calls.put("topAuthors", () -> on.topAuthors(10, Filter.all()));
    calls.put("inTransaction", () -> on.inTransaction(tx -> tx.get(user.id())));
    calls.put("reading", () -> on.reading(ReadConsistency.EVENTUAL));
    return calls;
  }

  /** Runs {@code call}, letting what it throws through unchecked. */
  private static void run(Executable call) {
    try {
      call.execute();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  /** A call of every method of {@code on} with one null argument, by the argument's name (padded to be unique). */
  private static Map<String, Executable> nullCalls(UserStore on, User ann, Post post) {
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("user", () -> on.create(null));
    calls.put("users", () -> on.createAll(null));
    calls.put("id", () -> on.get(null));
    calls.put("changed", () -> on.update(null));
    calls.put("id ", () -> on.delete(null));
    calls.put("id  ", () -> on.delete(null, 1));
    calls.put("query", () -> on.find(null));
    calls.put("filter", () -> on.count(null));
    calls.put("author", () -> on.addPost(null, NewPost.of("title", "content")));
    calls.put("post", () -> on.addPost(ann.id(), null));
    calls.put("id   ", () -> on.getPost(null));
    calls.put("id    ", () -> on.deletePost(null));
    calls.put("query ", () -> on.findPosts(null));
    calls.put("post ", () -> on.tag(null, Set.of("a")));
    calls.put("tags", () -> on.tag(post.id(), null));
    calls.put("post  ", () -> on.untag(null, Set.of("a")));
    calls.put("tags ", () -> on.untag(post.id(), null));
    calls.put("post   ", () -> on.tagsOf(null));
    calls.put("filter ", () -> on.ageStats(null));
    calls.put("field", () -> on.countBy(null, Filter.all()));
    calls.put("filter  ", () -> on.countBy(UserField.AGE, null));
    calls.put("filter   ", () -> on.topAuthors(10, null));
    calls.put("work", () -> on.inTransaction(null));
    calls.put("work ", () -> on.useTransaction(null));
    calls.put("consistency", () -> on.reading(null));
    return calls;
  }
}
