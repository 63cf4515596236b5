package dev.polystore.tck;

import static dev.polystore.Capability.CURSOR_PAGES;
import static dev.polystore.Capability.OFFSET_PAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.query.PageRequest;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostId;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserId;
import dev.polystore.user.UserQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * What every user-store feature contract shares: fixtures (users, the filter, sort and SQL-looking data
 * sets), paging through every result by cursor or offset, and the expected sort order.
 *
 * <p>For the feature contracts composed by {@link UserStoreContract}; not a contract of its own.
 */
public interface UserContractSupport extends StoreUnderTest<UserStore> {

  Instant YEAR_1900 = Instant.parse("1900-01-01T00:00:00Z");
  Instant YEAR_2200 = Instant.parse("2200-01-01T00:00:00Z");

  /** The first page of the kind the store supports, cursor preferred. */
  default PageRequest firstPage(int size) {
    return has(CURSOR_PAGES) || !has(OFFSET_PAGES) ? PageRequest.first(size) : PageRequest.offset(0, size);
  }

  default NewUser user(String username) {
    return NewUser.builder().username(username).email(username + "@example.com").build();
  }

  default List<NewUser> numbered(String prefix, int count) {
    List<NewUser> users = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      users.add(user(String.format("%s%02d", prefix, i)));
    }
    return users;
  }

  /** Six users covering nulls, the empty string, both booleans and mixed-case e-mails. */
  default List<User> filterFixture() {
    return store().createAll(List.of(
        NewUser.builder().username("ann").email("ann@example.com").fullName("Ann Archer").age(25).active(true).build(),
        NewUser.builder().username("bob").email("bob@example.com").fullName("Bob Baker").age(30).active(true).build(),
        NewUser.builder().username("cid").email("cid@example.org").fullName(null).age(30).active(false).build(),
        NewUser.builder().username("dee").email("dee@example.org").fullName("").age(null).active(true).build(),
        NewUser.builder().username("eve").email("Eve@Example.NET").fullName("EVE EVANS").age(41).active(false).build(),
        NewUser.builder().username("fay").email("fay@example.net").fullName("Fay Fisher").age(null).active(false).build()));
  }

  default void assertMatches(Filter<UserField> filter, String... expected) {
    assertEquals(Arrays.stream(expected).sorted().toList(), usernames(filter), "users matching " + filter);
  }

  /** The usernames matching a filter, sorted. */
  default List<String> usernames(Filter<UserField> filter) {
    return findAll(UserQuery.builder().filter(filter).build()).stream().map(User::username).sorted().toList();
  }

  /** Every row of a query, by cursor when the store pages by cursor, else by offset. */
  default List<User> findAll(UserQuery query) {
    PageRequest first = has(CURSOR_PAGES) || !has(OFFSET_PAGES)
        ? PageRequest.first(Math.min(100, query.page().size())) : PageRequest.offset(0, 100);
    return readPages(query.withPage(first));
  }

  /** Every row of a query, from the query's own page on, following cursors or offsets. */
  default List<User> readPages(UserQuery query) {
    return readPages(query.page(), page -> store().find(query.withPage(page)));
  }

  /**
   * Every item of the pages {@code find} returns from {@code first} on: after a cursor page the page after its
   * cursor, after an offset page the next offset, each of {@code first}'s size, until a page has no next.
   */
  default <T> List<T> readPages(PageRequest first, Function<PageRequest, Page<T>> find) {
    List<T> out = new ArrayList<>();
    PageRequest request = first;
    for (int pages = 1; ; pages++) {
      Page<T> page = find.apply(request);
      out.addAll(page.items());
      if (!page.hasNext()) {
        return out;
      }
      if (pages > 10_000 || page.isEmpty()) {
        fail("paging does not end: a page with hasNext true had " + page.size() + " rows");
      }
      request = request.isOffset()
          ? PageRequest.offset(request.offset() + request.size(), request.size())
          : PageRequest.after(page.nextCursor().orElseThrow(() -> new AssertionError("hasNext without a nextCursor")),
              request.size());
    }
  }

  default List<Post> findAllPosts(PostQuery query) {
    return readPages(firstPage(100), page -> store().findPosts(query.withPage(page)));
  }

  /** Post ids of a query in result order (default order: by id, which is creation order). */
  default List<PostId> postIds(PostQuery query) {
    return findAllPosts(query).stream().map(Post::id).toList();
  }

  default List<PostId> ids(List<Post> posts, int... indexes) {
    return Arrays.stream(indexes).mapToObj(i -> posts.get(i).id()).toList();
  }

  default List<UserId> ids(List<User> users) {
    return users.stream().map(User::id).toList();
  }

  default List<UserId> sortedIds(List<User> users) {
    return users.stream().map(User::id).sorted(Comparator.comparing(id -> id.value().toString())).toList();
  }

  default Instant truncate(Instant instant) {
    return instant.truncatedTo(capabilities().timePrecision());
  }
}
