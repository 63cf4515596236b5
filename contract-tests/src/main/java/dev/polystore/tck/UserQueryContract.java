package dev.polystore.tck;

import static dev.polystore.Capability.CURSOR_PAGES;
import static dev.polystore.Capability.EXACT_COUNT;
import static dev.polystore.Capability.OFFSET_PAGES;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.InvalidQueryException;
import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
import dev.polystore.user.Include;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserId;
import dev.polystore.user.UserQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The user-store contract on queries: sort order with nulls and ties, cursor and offset pages (walking
 * the whole set, while rows are inserted, tampered and mismatched cursors), count modes, included posts and
 * tags, and large results paged through completely.
 *
 * <p>Part of {@link UserStoreContract}, which composes it with the other user-store features: an adapter
 * subclasses that class, never this interface. JUnit creates one instance per test.
 */
public interface UserQueryContract extends UserContractSupport {

  @Test
  default void defaultOrderIsByIdWhichIsCreationOrder() {
    List<User> created = sortFixture();
    assertEquals(ids(created), sortedIds(created), "ids are time-ordered: later creates have larger ids");
    assertEquals(ids(created), ids(findAll(UserQuery.all())));
  }

  @Test
  default void multiKeySortPutsNullsFirstAscendingAndLastDescending() {
    List<User> users = sortFixture();
    assertAll(
        () -> assertSorted(users, List.of(Sort.asc(UserField.AGE), Sort.desc(UserField.USERNAME))),
        () -> assertSorted(users, List.of(Sort.desc(UserField.AGE), Sort.asc(UserField.USERNAME))),
        () -> assertSorted(users, List.of(Sort.asc(UserField.ACTIVE), Sort.desc(UserField.AGE))),
        () -> assertSorted(users, List.of(Sort.desc(UserField.ACTIVE), Sort.asc(UserField.AGE))),
        () -> assertSorted(users, List.of(Sort.asc(UserField.FULL_NAME))),
        () -> assertSorted(users, List.of(Sort.desc(UserField.FULL_NAME))),
        () -> assertSorted(users, List.of(Sort.desc(UserField.CREATED_AT))),
        () -> assertSorted(users, List.of(Sort.desc(UserField.USERNAME))));
    // the spelled-out expectation for one order, as a reader's check of the comparator
    assertEquals(List.of("u08", "u05", "u02", "u07", "u03", "u04", "u01", "u06"),
        findAll(UserQuery.builder().sort(Sort.asc(UserField.AGE), Sort.desc(UserField.USERNAME)).build())
            .stream().map(User::username).toList());
  }

  @Test
  default void aSortLedByTheIdIsTheIdOrder() {
    List<User> users = sortFixture();
    List<UserId> byId = sortedIds(users);
    List<UserId> byIdDescending = new java.util.ArrayList<>(byId);
    java.util.Collections.reverse(byIdDescending);
    assertAll(
        () -> assertEquals(byId, ids(findAll(UserQuery.builder()
            .sort(Sort.asc(UserField.ID), Sort.desc(UserField.AGE)).build())), "keys after the id change nothing"),
        () -> assertEquals(byIdDescending, ids(findAll(UserQuery.builder()
            .sort(Sort.desc(UserField.ID), Sort.asc(UserField.AGE)).build()))));
  }

  @Test
  default void sortedCursorPagesWithNullsAndTiesHaveNoRepeatsOrGaps() throws Throwable {
    List<User> users = sortFixture();
    requires(CURSOR_PAGES, () -> {
      for (List<Sort<UserField>> sort : List.of(
          List.of(Sort.asc(UserField.AGE)),
          List.of(Sort.desc(UserField.AGE)),
          List.of(Sort.asc(UserField.ACTIVE), Sort.desc(UserField.AGE)),
          List.of(Sort.desc(UserField.FULL_NAME), Sort.asc(UserField.AGE)),
          List.of(Sort.asc(UserField.FULL_NAME)))) {
        for (int size : new int[] {1, 3}) {
          UserQuery query = UserQuery.builder().sort(sort).first(size).build();
          assertEquals(ids(expectedOrder(users, sort)), ids(readPages(query)),
              "cursor pages of " + size + " sorted by " + sort);
        }
      }
    }, () -> store().find(UserQuery.builder().first(2).build()));
  }

  @Test
  default void cursorPagesWalkTheWholeSet() throws Throwable {
    List<User> created = store().createAll(numbered("p", 23));
    requires(CURSOR_PAGES, () -> {
      UserQuery query = UserQuery.builder().first(5).build();
      List<User> seen = new ArrayList<>();
      Page<User> page = store().find(query);
      int pages = 1;
      while (true) {
        assertTrue(page.size() <= 5);
        assertTrue(page.total().isEmpty(), "no total unless CountMode.EXACT");
        seen.addAll(page.items());
        if (!page.hasNext()) {
          assertEquals(Optional.empty(), page.nextCursor(), "the last page has no cursor");
          break;
        }
        assertEquals(5, page.size(), "only the last page may be short");
        page = store().find(query.withPage(PageRequest.after(page.nextCursor().orElseThrow(), 5)));
        pages++;
      }
      assertEquals(5, pages);
      assertEquals(sortedIds(created), ids(seen), "every user once, in id order");

      // an exact multiple of the page size: the last full page says there is nothing more
      Page<User> all = store().find(UserQuery.builder().first(23).build());
      assertEquals(23, all.size());
      assertFalse(all.hasNext(), "a page that ends the set has hasNext false");
      assertEquals(Optional.empty(), all.nextCursor());
      Page<User> more = store().find(UserQuery.builder().first(PageRequest.MAX_SIZE).build());
      assertEquals(23, more.size());
      assertFalse(more.hasNext());
    }, () -> store().find(UserQuery.builder().first(5).build()));
  }

  @Test
  default void cursorPagesOverAFilterAndEmptyResults() throws Throwable {
    store().createAll(numbered("p", 9));
    requires(CURSOR_PAGES, () -> {
      Filter<UserField> odd = Filter.in(UserField.USERNAME, List.of("p01", "p03", "p05", "p07", "p09"));
      assertEquals(List.of("p01", "p03", "p05", "p07", "p09"),
          readPages(UserQuery.builder().filter(odd).first(2).build()).stream().map(User::username).toList());
      Page<User> none = store().find(UserQuery.builder().filter(Filter.eq(UserField.USERNAME, "zzz")).first(5).build());
      assertTrue(none.isEmpty());
      assertFalse(none.hasNext());
      assertEquals(Optional.empty(), none.nextCursor());
    }, () -> store().find(UserQuery.builder().first(2).build()));
  }

  @Test
  default void cursorPagingWhileRowsAreInsertedNeverRepeatsOrRevisits() throws Throwable {
    // the set holds k02, k04, ... k20; between pages, one odd name sorting before the cursor and one after it
    // are inserted
    Set<String> original = new TreeSet<>();
    for (int i = 2; i <= 20; i += 2) {
      original.add(String.format("k%02d", i));
    }
    store().createAll(original.stream().map(this::user).toList());
    requires(CURSOR_PAGES, () -> {
      UserQuery query = UserQuery.builder().sort(Sort.asc(UserField.USERNAME)).first(3).build();
      List<String> seen = new ArrayList<>();
      Set<String> insertedBefore = new TreeSet<>();
      Set<String> insertedAfter = new TreeSet<>();
      Page<User> page = store().find(query);
      while (true) {
        page.items().forEach(u -> seen.add(u.username()));
        if (!page.hasNext()) {
          break;
        }
        String cursorAt = seen.get(seen.size() - 1);
        insertOddName(cursorAt, true, insertedBefore, insertedAfter).ifPresent(insertedBefore::add);
        insertOddName(cursorAt, false, insertedBefore, insertedAfter).ifPresent(insertedAfter::add);
        page = store().find(query.withPage(PageRequest.after(page.nextCursor().orElseThrow(), 3)));
      }
      assertEquals(seen.size(), new HashSet<>(seen).size(), "no row repeats: " + seen);
      assertEquals(seen.stream().sorted().toList(), seen, "the order holds across pages");
      assertTrue(seen.containsAll(original), "no original row is skipped: " + seen);
      assertFalse(insertedBefore.isEmpty());
      for (String name : insertedBefore) {
        assertFalse(seen.contains(name), name + " sorts before the cursor and must not appear: " + seen);
      }
      assertTrue(seen.containsAll(insertedAfter),
          "rows inserted after the cursor position are read: " + insertedAfter + " in " + seen);
    }, () -> store().find(UserQuery.builder().first(3).build()));
  }

  @Test
  default void tamperedOrMismatchedCursorsAreRejected() throws Throwable {
    store().createAll(numbered("t", 5));
    requires(CURSOR_PAGES, () -> {
      Filter<UserField> filter = Filter.eq(UserField.ACTIVE, true);
      UserQuery query = UserQuery.builder().filter(filter).sort(Sort.asc(UserField.USERNAME)).first(2).build();
      String cursor = store().find(query).nextCursor().orElseThrow();
      assertEquals(List.of("t03", "t04"), store().find(query.withPage(PageRequest.after(cursor, 2))).items().stream()
          .map(User::username).toList(), "the untouched cursor works");
      assertEquals(List.of("t03", "t04", "t05"), store().find(query.withPage(PageRequest.after(cursor, 10))).items()
          .stream().map(User::username).toList(), "a cursor survives a change of page size");

      int middle = cursor.length() / 2;
      char replacement = cursor.charAt(middle) == 'A' ? 'B' : 'A';
      String tampered = cursor.substring(0, middle) + replacement + cursor.substring(middle + 1);
      assertAll(
          () -> assertThrows(InvalidQueryException.class,
              () -> store().find(query.withPage(PageRequest.after(tampered, 2))), "a tampered cursor"),
          () -> assertThrows(InvalidQueryException.class,
              () -> store().find(query.withPage(PageRequest.after(cursor.substring(0, cursor.length() - 4), 2))),
              "a truncated cursor"),
          () -> assertThrows(InvalidQueryException.class,
              () -> store().find(query.withPage(PageRequest.after("not-a-cursor", 2))), "a made-up cursor"),
          () -> assertThrows(InvalidQueryException.class,
              () -> store().find(query.toBuilder().filter(Filter.eq(UserField.ACTIVE, false))
                  .after(cursor, 2).build()), "the cursor of another filter"),
          () -> assertThrows(InvalidQueryException.class,
              () -> store().find(query.toBuilder().sort(Sort.desc(UserField.USERNAME)).after(cursor, 2).build()),
              "the cursor of another sort direction"),
          () -> assertThrows(InvalidQueryException.class,
              () -> store().find(query.toBuilder().sort(Sort.asc(UserField.EMAIL)).after(cursor, 2).build()),
              "the cursor of another sort key"),
          () -> assertThrows(InvalidQueryException.class,
              () -> store().find(query.toBuilder().sort(List.of()).after(cursor, 2).build()),
              "the cursor of a sorted query reused without the sort"));
    }, () -> store().find(UserQuery.builder().first(2).build()));
  }

  @Test
  default void postCursorIsNotAUserCursor() throws Throwable {
    User ann = store().create(user("ann"));
    store().createAll(numbered("c", 3));
    for (int i = 0; i < 3; i++) {
      store().addPost(ann.id(), NewPost.of("post " + i, "text"));
    }
    requires(CURSOR_PAGES, () -> {
      String postCursor = store().findPosts(PostQuery.builder().first(1).build()).nextCursor().orElseThrow();
      assertThrows(InvalidQueryException.class, () -> store().find(UserQuery.builder().after(postCursor, 1).build()));
    }, () -> store().findPosts(PostQuery.builder().first(1).build()));
  }

  @Test
  default void offsetPagesIncludingPastTheEnd() throws Throwable {
    List<User> created = store().createAll(numbered("o", 12));
    requires(OFFSET_PAGES, () -> {
      List<UserId> expected = sortedIds(created);
      UserQuery query = UserQuery.builder().page(PageRequest.offset(0, 5)).build();
      Page<User> first = store().find(query);
      Page<User> second = store().find(query.withPage(PageRequest.offset(5, 5)));
      Page<User> third = store().find(query.withPage(PageRequest.offset(10, 5)));
      Page<User> atEnd = store().find(query.withPage(PageRequest.offset(12, 5)));
      Page<User> pastEnd = store().find(query.withPage(PageRequest.offset(100, 5)));
      assertAll(
          () -> assertEquals(expected.subList(0, 5), ids(first.items())),
          () -> assertTrue(first.hasNext()),
          () -> assertEquals(expected.subList(5, 10), ids(second.items())),
          () -> assertTrue(second.hasNext()),
          () -> assertEquals(expected.subList(10, 12), ids(third.items())),
          () -> assertFalse(third.hasNext()),
          () -> assertTrue(atEnd.isEmpty()),
          () -> assertFalse(atEnd.hasNext()),
          () -> assertTrue(pastEnd.isEmpty()),
          () -> assertFalse(pastEnd.hasNext()),
          () -> assertEquals(Optional.empty(), first.nextCursor(), "offset pages carry no cursor"),
          () -> assertTrue(pastEnd.total().isEmpty(), "no total unless CountMode.EXACT"));
      List<String> sorted = store().find(UserQuery.builder().sort(Sort.desc(UserField.USERNAME))
          .filter(Filter.ne(UserField.USERNAME, "o12")).page(PageRequest.offset(2, 3)).build())
          .items().stream().map(User::username).toList();
      assertEquals(List.of("o09", "o08", "o07"), sorted, "offset applies after filter and sort");
    }, () -> store().find(UserQuery.builder().page(PageRequest.offset(0, 5)).build()));
  }

  @Test
  default void countModeNoneHasNoTotal() {
    store().createAll(numbered("n", 3));
    Page<User> page = store().find(UserQuery.builder().countMode(CountMode.NONE).page(firstPage(2)).build());
    assertTrue(page.total().isEmpty(), "CountMode.NONE gives no total");
    assertEquals(2, page.size());
  }

  @Test
  default void exactCountsAreTotalsOfTheWholeMatch() throws Throwable {
    List<NewUser> users = new ArrayList<>(numbered("x", 7));
    for (int i = 0; i < users.size(); i++) {
      users.set(i, users.get(i).toBuilder().active(i % 2 == 0).build());
    }
    store().createAll(users);
    requires(EXACT_COUNT, () -> {
      Filter<UserField> active = Filter.eq(UserField.ACTIVE, true);
      UserQuery query = UserQuery.builder().filter(active).countMode(CountMode.EXACT).page(firstPage(3)).build();
      Page<User> first = store().find(query);
      assertEquals(3, first.size());
      assertEquals(4, first.total().orElseThrow(), "the total counts the whole match, not the page");
      Page<User> next = has(CURSOR_PAGES)
          ? store().find(query.withPage(PageRequest.after(first.nextCursor().orElseThrow(), 3)))
          : store().find(query.withPage(PageRequest.offset(3, 3)));
      assertEquals(1, next.size());
      assertEquals(4, next.total().orElseThrow());
      assertEquals(4, store().count(active));
      assertEquals(7, store().count(Filter.all()));
      assertEquals(0, store().count(Filter.eq(UserField.USERNAME, "nobody")));
      assertEquals(3, store().count(Filter.not(active)));
      if (has(OFFSET_PAGES)) {
        Page<User> pastEnd = store().find(query.withPage(PageRequest.offset(50, 3)));
        assertTrue(pastEnd.isEmpty());
        assertEquals(4, pastEnd.total().orElseThrow(), "past the end, the total is still the whole match");
      }
    }, () -> store().find(UserQuery.builder().countMode(CountMode.EXACT).page(firstPage(3)).build()));
    requires(EXACT_COUNT, () -> assertEquals(7, store().count(Filter.all())), () -> store().count(Filter.all()));
  }

  @Test
  default void includePostsAndTagsLoadsTheRightChildrenPerUser() {
    User ann = store().create(user("ann"));
    User bob = store().create(user("bob"));
    User cid = store().create(user("cid"));
    Post a1 = store().addPost(ann.id(), NewPost.of("first", "one"));
    Post a2 = store().addPost(ann.id(), NewPost.of("second", ""));
    Post c1 = store().addPost(cid.id(), NewPost.of("third", "three"));
    store().tag(a1.id(), Set.of("db", "java"));
    store().tag(c1.id(), Set.of("db"));

    List<User> users = findAll(UserQuery.builder().sort(Sort.asc(UserField.USERNAME))
        .include(Include.POSTS, Include.TAGS).build());
    assertEquals(List.of("ann", "bob", "cid"), users.stream().map(User::username).toList());
    Map<String, List<Post>> posts = new LinkedHashMap<>();
    users.forEach(u -> posts.put(u.username(), u.posts().orElseThrow(
        () -> new AssertionError(u.username() + " has no posts loaded although POSTS was included"))));
    assertAll(
        () -> assertEquals(List.of(a1.id(), a2.id()), posts.get("ann").stream().map(Post::id).toList(),
            "ann's posts, oldest first"),
        () -> assertEquals(List.of(), posts.get("bob"), "loaded and empty is not the same as not loaded"),
        () -> assertEquals(List.of(c1.id()), posts.get("cid").stream().map(Post::id).toList()),
        () -> assertEquals(Optional.of(Set.of("db", "java")), posts.get("ann").get(0).tags()),
        () -> assertEquals(Optional.of(Set.of()), posts.get("ann").get(1).tags()),
        () -> assertEquals(Optional.of(Set.of("db")), posts.get("cid").get(0).tags()),
        () -> assertEquals(a1.withTags(null), posts.get("ann").get(0).withTags(null)),
        () -> assertEquals(c1.withTags(null), posts.get("cid").get(0).withTags(null)));

    List<User> plain = findAll(UserQuery.all());
    assertTrue(plain.stream().allMatch(u -> u.posts().isEmpty()), "without include, posts are not loaded");

    List<User> postsOnly = findAll(UserQuery.builder().sort(Sort.asc(UserField.USERNAME)).include(Include.POSTS).build());
    for (User user : postsOnly) {
      for (Post post : user.posts().orElseThrow()) {
        assertTrue(post.tags().isEmpty() || post.tags().equals(store().getPost(post.id()).orElseThrow().tags()),
            "tags, when loaded without being asked for, must still be right");
      }
    }
    assertEquals(bob.id(), postsOnly.get(1).id());
  }

  @Test
  default void includeDoesNotChangePageSizesOrTotals() throws Throwable {
    for (String name : List.of("ann", "bob", "cid")) {
      User user = store().create(user(name));
      for (int i = 0; i < 4; i++) {
        store().addPost(user.id(), NewPost.of(name + " " + i, "text"));
      }
    }
    UserQuery query = UserQuery.builder().sort(Sort.asc(UserField.USERNAME)).include(Include.POSTS)
        .page(firstPage(2)).build();
    Page<User> first = store().find(query);
    assertEquals(List.of("ann", "bob"), first.items().stream().map(User::username).toList(), "pages count users");
    assertTrue(first.hasNext());
    assertTrue(first.items().stream().allMatch(u -> u.posts().orElseThrow().size() == 4));
    requires(EXACT_COUNT, () -> {
      Page<User> page = store().find(query.toBuilder().countMode(CountMode.EXACT).build());
      assertEquals(3, page.total().orElseThrow(), "totals count users, not users times posts");
    }, () -> store().count(Filter.all()));
  }

  @Test
  default void largeResultsPageThroughCompletely() throws Throwable {
    int total = 1500;
    List<User> created = new ArrayList<>(total);
    List<NewUser> batch = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      batch.add(NewUser.builder().username(String.format("big%04d", i)).email("big" + i + "@example.com")
          .age(i % 100).build());
      if (batch.size() == 25) {
        created.addAll(store().createAll(batch));
        batch.clear();
      }
    }
    int pageSize = PageRequest.MAX_SIZE;
    List<User> read = readPages(UserQuery.builder()
        .page(has(CURSOR_PAGES) ? PageRequest.first(pageSize) : PageRequest.offset(0, pageSize)).build());
    assertEquals(total, read.size());
    assertEquals(sortedIds(created), ids(read), "every user exactly once, in id order");
    assertEquals(375, findAll(UserQuery.builder()
        .filter(Filter.and(Filter.lt(UserField.AGE, 50), Filter.ge(UserField.AGE, 25))).build()).size(),
        "a filtered read over the large set");
  }

  /** Creates the first odd-numbered name before (or after) {@code cursorAt} not inserted yet. */
  private Optional<String> insertOddName(String cursorAt, boolean before, Set<String> usedBefore,
                                         Set<String> usedAfter) {
    for (int i = 1; i < 40; i += 2) {
      String name = String.format("k%02d", i);
      boolean sortsBefore = name.compareTo(cursorAt) < 0;
      if (sortsBefore == before && !usedBefore.contains(name) && !usedAfter.contains(name)) {
        store().create(user(name));
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  /** Eight users with null and tied ages, null and empty full names, both booleans. */
  private List<User> sortFixture() {
    String[][] rows = {
        {"u01", "30", "true", "Zed"}, {"u02", null, "true", null}, {"u03", "25", "false", ""},
        {"u04", "30", "false", "Amy"}, {"u05", null, "false", null}, {"u06", "40", "true", ""},
        {"u07", "25", "true", "Bea"}, {"u08", null, "true", "Cat"}};
    List<User> users = new ArrayList<>();
    for (String[] row : rows) {
      users.add(store().create(NewUser.builder().username(row[0]).email(row[0] + "@example.com")
          .age(row[1] == null ? null : Integer.valueOf(row[1])).active(Boolean.parseBoolean(row[2]))
          .fullName(row[3]).build()));
    }
    return users;
  }

  private void assertSorted(List<User> users, List<Sort<UserField>> keys) {
    assertEquals(ids(expectedOrder(users, keys)), ids(findAll(UserQuery.builder().sort(keys).build())),
        "sorted by " + keys);
  }

  /** The order the Sort javadoc defines: nulls first ascending, last descending, then id in the last key's direction. */
  private List<User> expectedOrder(List<User> users, List<Sort<UserField>> sort) {
    Comparator<User> order = null;
    for (Sort<UserField> key : sort) {
      Comparator<User> byKey = Comparator.comparing(u -> sortValue(u, key.field()),
          Comparator.nullsFirst(Comparator.<Comparable<Object>>naturalOrder()));
      if (key.direction() == Sort.Direction.DESC) {
        byKey = byKey.reversed();
      }
      order = order == null ? byKey : order.thenComparing(byKey);
    }
    boolean descending = !sort.isEmpty() && sort.get(sort.size() - 1).direction() == Sort.Direction.DESC;
    Comparator<User> byId = Comparator.comparing(u -> u.id().value().toString());
    byId = descending ? byId.reversed() : byId;
    order = order == null ? byId : order.thenComparing(byId);
    return users.stream().sorted(order).toList();
  }

  @SuppressWarnings("unchecked")
  private Comparable<Object> sortValue(User user, UserField field) {
    Object value;
    switch (field) {
      case ID -> value = user.id().value().toString();
      case USERNAME -> value = user.username();
      case EMAIL -> value = user.email();
      case FULL_NAME -> value = user.fullName();
      case AGE -> value = user.age();
      case ACTIVE -> value = user.active();
      case CREATED_AT -> value = user.createdAt();
      case UPDATED_AT -> value = user.updatedAt();
      default -> throw new IllegalArgumentException(field.name());
    }
    return (Comparable<Object>) value;
  }
}
