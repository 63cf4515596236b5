package dev.polystore.tck;

import static dev.polystore.Capability.IGNORE_CASE;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.InvalidQueryException;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.query.Sort;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The part of the {@link UserStoreContract} about input: text every backend stores as given or every backend
 * refuses alike, before anything is sent. {@link UserStoreContract} extends it, so an adapter inherits these tests
 * with the rest of the user-store contract and does not extend this class itself.
 *
 * <ul>
 *   <li>Ill-formed UTF-16 (an unpaired surrogate) and NUL are refused in every stored text (username, e-mail, full
 *       name, post title and content, tags) with {@link IllegalArgumentException} when the value is built or
 *       passed, and in every filter value, text pattern and look-up argument with {@link InvalidQueryException}
 *       when the filter or query is built or the look-up is called.
 *   <li>Trailing spaces are significant: {@code "pad"} and {@code "pad "} are different usernames, full names,
 *       titles and tags, in keys, look-ups, filters and sorts.
 *   <li>Look-up and filter values longer than the field holds are refused when built, naming the field and the
 *       limit; the longest value the field holds works on every backend.
 *   <li>An {@code in} filter takes up to {@link Filter#MAX_IN_VALUES} values on every backend; one more is
 *       refused when built.
 * </ul>
 *
 * <p>JUnit creates one instance per test; an instance is not shared between threads.
 */
public abstract class UserInputContract extends StoreContract<UserStore> implements UserContractSupport {

  /** An unpaired high surrogate in the middle. */
  static final String LONE_HIGH = "lone\uD800high";
  /** An unpaired low surrogate at the end. */
  static final String LONE_LOW = "lone\uDC00";
  /** An unpaired high surrogate at the end (MariaDB's driver turned it into another character). */
  static final String TRAILING_HIGH = "trail\uD83D";
  /** A reversed pair: low surrogate, then high surrogate. */
  static final String REVERSED_PAIR = "rev\uDE00\uD83D";
  /** NUL inside the text. */
  static final String NUL = "a\u0000b";

  private static final List<String> BAD_TEXT = List.of(LONE_HIGH, LONE_LOW, TRAILING_HIGH, REVERSED_PAIR, NUL);

  UserInputContract(String contractName) {
    super(contractName, UserStore::capabilities);
  }

  // ==== ill-formed text and NUL =================================================================

  @Test
  void illFormedTextAndNulAreRefusedInEveryStoredText() {
    User ann = store.create(user("ann"));
    Post post = store.addPost(ann.id(), NewPost.of("Hello", "World"));
    for (String bad : BAD_TEXT) {
      String shown = shown(bad);
      assertAll(shown,
          () -> assertRefusedValue(() -> NewUser.builder().username(bad).email("x@example.com").build(), shown),
          () -> assertRefusedValue(() -> NewUser.builder().username("x").email(bad + "@example.com").build(), shown),
          () -> assertRefusedValue(() -> NewUser.builder().username("x").email("x@" + bad).build(), shown),
          () -> assertRefusedValue(() -> NewUser.builder().username("x").email("x@example.com").fullName(bad).build(),
              shown),
          () -> assertRefusedValue(() -> ann.toBuilder().username(bad).build(), shown),
          () -> assertRefusedValue(() -> ann.toBuilder().fullName(bad).build(), shown),
          () -> assertRefusedValue(() -> NewPost.of(bad, "content"), shown),
          () -> assertRefusedValue(() -> NewPost.of("title", bad), shown),
          () -> assertRefusedValue(() -> store.tag(post.id(), Set.of("ok", bad)), shown),
          () -> assertRefusedValue(() -> store.untag(post.id(), Set.of(bad)), shown));
    }
    assertAll(
        () -> assertEquals(Set.of(), store.tagsOf(post.id()), "a refused tag call stores none of its tags"),
        () -> assertEquals(List.of("ann"), usernames(Filter.all())),
        () -> assertEquals(1, postIds(PostQuery.builder().build()).size()));
  }

  @Test
  void illFormedTextAndNulAreRefusedInLookupsFiltersAndQueries() {
    store.create(user("ann"));
    for (String bad : BAD_TEXT) {
      String shown = shown(bad);
      assertAll(shown,
          () -> assertRefusedQuery(() -> store.findByUsername(bad), shown),
          () -> assertRefusedQuery(() -> store.findByUsername("ann" + bad), shown),
          () -> assertRefusedQuery(() -> store.findByEmail("ann@example.com" + bad), shown),
          () -> assertRefusedQuery(() -> Filter.eq(UserField.USERNAME, bad), shown),
          () -> assertRefusedQuery(() -> Filter.ne(UserField.EMAIL, bad), shown),
          () -> assertRefusedQuery(() -> Filter.lt(UserField.FULL_NAME, bad), shown),
          () -> assertRefusedQuery(() -> Filter.eqIgnoreCase(UserField.USERNAME, bad), shown),
          () -> assertRefusedQuery(() -> Filter.between(UserField.USERNAME, "a", bad), shown),
          () -> assertRefusedQuery(() -> Filter.in(UserField.USERNAME, List.of("ann", bad)), shown),
          () -> assertRefusedQuery(() -> Filter.inIgnoreCase(UserField.EMAIL, List.of(bad)), shown),
          () -> assertRefusedQuery(() -> Filter.startsWith(UserField.USERNAME, bad), shown),
          () -> assertRefusedQuery(() -> Filter.endsWith(UserField.EMAIL, bad), shown),
          () -> assertRefusedQuery(() -> Filter.contains(UserField.FULL_NAME, bad), shown),
          () -> assertRefusedQuery(() -> Filter.containsIgnoreCase(UserField.USERNAME, bad), shown),
          () -> assertRefusedQuery(() -> Filter.eq(PostField.TITLE, bad), shown),
          () -> assertRefusedQuery(() -> Filter.contains(PostField.CONTENT, bad), shown),
          () -> assertRefusedQuery(() -> PostQuery.builder().tag(bad).build(), shown));
    }
    assertAll("a NUL is refused, not a wildcard",
        () -> assertRefusedQuery(() -> Filter.contains(UserField.USERNAME, "\u0000"), "contains NUL"),
        () -> assertRefusedQuery(() -> Filter.startsWith(UserField.USERNAME, "\u0000"), "startsWith NUL"),
        () -> assertRefusedQuery(() -> store.findByUsername("a\u0000"), "findByUsername(a NUL)"));
  }

  @Test
  void aRefusedValueOfTenMegabytesGivesAShortMessage() {
    User ann = store.create(user("ann"));
    Post post = store.addPost(ann.id(), NewPost.of("Hello", "World"));
    String huge = "x".repeat(10 * 1024 * 1024);
    assertAll(
        () -> assertShortMessage(assertThrows(IllegalArgumentException.class,
            () -> store.tag(post.id(), Set.of(huge))), "tag"),
        () -> assertShortMessage(assertThrows(IllegalArgumentException.class,
            () -> NewUser.builder().username("x").email(huge).build()), "email"),
        () -> assertShortMessage(assertThrows(RuntimeException.class,
            () -> store.find(UserQuery.builder().filter(Filter.eq(UserField.USERNAME, huge)).build())), "filter"),
        () -> assertShortMessage(assertThrows(RuntimeException.class, () -> store.findByUsername(huge)), "look-up"));
  }

  private static void assertShortMessage(Throwable e, String what) {
    String message = String.valueOf(e.getMessage());
    assertTrue(message.length() < 1_000, what + ": a message of " + message.length() + " characters");
  }

  @Test
  void wellFormedSurrogatePairsAreText() {
    User emoji = store.create(NewUser.builder().username("😀\uD83D\uDE00").email("😀@example.com").build());
    assertAll(
        () -> assertEquals(emoji, store.findByUsername("😀😀").orElseThrow()),
        () -> assertEquals(List.of("😀😀"), usernames(Filter.in(UserField.USERNAME, List.of("😀😀", "x")))),
        () -> assertEquals(List.of("😀😀"), usernames(Filter.endsWith(UserField.USERNAME, "\uD83D\uDE00"))));
  }

  // ==== trailing spaces =========================================================================

  @Test
  void trailingSpacesAreSignificantInUsernamesAndLookups() {
    User padded = store.create(NewUser.builder().username("pad ").email("padded@example.com").build());
    User plain = store.create(NewUser.builder().username("pad").email("plain@example.com").build());
    assertAll(
        () -> assertEquals(padded, store.findByUsername("pad ").orElseThrow()),
        () -> assertEquals(padded, store.findByUsername("PAD ").orElseThrow()),
        () -> assertEquals(plain, store.findByUsername("pad").orElseThrow()),
        () -> assertEquals(plain, store.findByUsername("Pad").orElseThrow()),
        () -> assertTrue(store.findByUsername("pad  ").isEmpty(), "two trailing spaces name nobody"),
        () -> assertTrue(store.findByEmail("plain@example.com ").isEmpty(), "an e-mail with a space names nobody"),
        () -> assertEquals(plain, store.findByEmail("plain@example.com").orElseThrow()),
        () -> assertEquals("username", assertThrows(dev.polystore.DuplicateKeyException.class,
            () -> store.create(NewUser.builder().username("PAD ").email("other@example.com").build())).field()));
  }

  @Test
  void trailingSpacesAreSignificantInFiltersAndSorts() throws Throwable {
    store.create(NewUser.builder().username("pad ").email("padded@example.com").fullName("Pat ").build());
    store.create(NewUser.builder().username("pad").email("plain@example.com").fullName("Pat").build());
    assertAll(
        () -> assertEquals(List.of("pad"), usernames(Filter.eq(UserField.USERNAME, "pad"))),
        () -> assertEquals(List.of("pad "), usernames(Filter.eq(UserField.USERNAME, "pad "))),
        () -> assertEquals(List.of("pad "), usernames(Filter.ne(UserField.USERNAME, "pad"))),
        () -> assertEquals(List.of("pad "), usernames(Filter.gt(UserField.USERNAME, "pad"))),
        () -> assertEquals(List.of("pad"), usernames(Filter.lt(UserField.USERNAME, "pad "))),
        () -> assertEquals(List.of("pad "), usernames(Filter.in(UserField.USERNAME, List.of("pad ", "x")))),
        () -> assertEquals(List.of("pad"), usernames(Filter.eq(UserField.FULL_NAME, "Pat"))),
        () -> assertEquals(List.of("pad "), usernames(Filter.eq(UserField.FULL_NAME, "Pat "))),
        () -> assertEquals(List.of("pad", "pad "), inOrder(UserQuery.builder().sort(Sort.asc(UserField.USERNAME))
            .build()), "\"pad\" sorts before \"pad \", by code point"),
        () -> assertEquals(List.of("pad ", "pad"), inOrder(UserQuery.builder().sort(Sort.desc(UserField.FULL_NAME))
            .build())));
    requires(IGNORE_CASE, () -> assertAll(
        () -> assertEquals(List.of("pad "), usernames(Filter.eqIgnoreCase(UserField.USERNAME, "PAD "))),
        () -> assertEquals(List.of("pad"), usernames(Filter.eqIgnoreCase(UserField.USERNAME, "PAD"))),
        () -> assertEquals(List.of("pad "), usernames(Filter.inIgnoreCase(UserField.USERNAME, List.of("PAD ")))),
        () -> assertEquals(List.of("pad "), usernames(Filter.eqIgnoreCase(UserField.FULL_NAME, "pat ")))),
        () -> usernames(Filter.eqIgnoreCase(UserField.USERNAME, "PAD ")));
  }

  @Test
  void trailingSpacesAreSignificantInTitlesAndTags() throws Throwable {
    User ann = store.create(user("ann"));
    Post padded = store.addPost(ann.id(), NewPost.of("Hello ", "one"));
    Post plain = store.addPost(ann.id(), NewPost.of("Hello", "two"));
    store.tag(padded.id(), Set.of("java", "java "));
    store.tag(plain.id(), Set.of("java"));
    assertAll(
        () -> assertEquals(new TreeSet<>(Set.of("java", "java ")), store.tagsOf(padded.id()),
            "\"java\" and \"java \" are two tags"),
        () -> assertEquals(List.of(padded.id()), postIds(PostQuery.builder().tag("java ").build())),
        () -> assertEquals(List.of(padded.id(), plain.id()), postIds(PostQuery.builder().tag("java").build())),
        () -> assertEquals(List.of(plain.id()), postIds(PostQuery.builder()
            .filter(Filter.eq(PostField.TITLE, "Hello")).build())),
        () -> assertEquals(List.of(padded.id()), postIds(PostQuery.builder()
            .filter(Filter.eq(PostField.TITLE, "Hello ")).build())),
        () -> assertEquals(List.of(padded.id()), postIds(PostQuery.builder()
            .filter(Filter.gt(PostField.TITLE, "Hello")).build())));
    requires(IGNORE_CASE, () -> assertAll(
        () -> assertEquals(List.of(padded.id()), postIds(PostQuery.builder()
            .filter(Filter.eqIgnoreCase(PostField.TITLE, "hello ")).build())),
        () -> assertEquals(List.of(plain.id()), postIds(PostQuery.builder()
            .filter(Filter.eqIgnoreCase(PostField.TITLE, "HELLO")).build()))),
        () -> postIds(PostQuery.builder().filter(Filter.eqIgnoreCase(PostField.TITLE, "hello ")).build()));
    store.untag(padded.id(), Set.of("java "));
    assertEquals(Set.of("java"), store.tagsOf(padded.id()), "untag removes only the tag with the space");
  }

  // ==== lengths =================================================================================

  @Test
  void overLongLookupAndFilterValuesAreRefusedNamingFieldAndLimit() {
    String username = "x".repeat(NewUser.MAX_USERNAME_LENGTH + 1);
    String email = "e".repeat(NewUser.MAX_EMAIL_LENGTH - "@example.com".length() + 1) + "@example.com";
    String fullName = "f".repeat(NewUser.MAX_FULL_NAME_LENGTH + 1);
    String title = "t".repeat(NewPost.MAX_TITLE_LENGTH + 1);
    String pattern = "p".repeat(Filter.MAX_PATTERN_LENGTH + 1);
    assertAll(
        () -> assertRefusedQuery(() -> store.findByUsername(username), "username", NewUser.MAX_USERNAME_LENGTH),
        () -> assertRefusedQuery(() -> store.findByEmail(email), "email", NewUser.MAX_EMAIL_LENGTH),
        () -> assertRefusedQuery(() -> Filter.eq(UserField.USERNAME, username), "username",
            NewUser.MAX_USERNAME_LENGTH),
        () -> assertRefusedQuery(() -> Filter.eqIgnoreCase(UserField.USERNAME, username), "username",
            NewUser.MAX_USERNAME_LENGTH),
        () -> assertRefusedQuery(() -> Filter.in(UserField.EMAIL, List.of("a@b.c", email)), "email",
            NewUser.MAX_EMAIL_LENGTH),
        () -> assertRefusedQuery(() -> Filter.between(UserField.FULL_NAME, "a", fullName), "full_name",
            NewUser.MAX_FULL_NAME_LENGTH),
        () -> assertRefusedQuery(() -> Filter.startsWith(UserField.FULL_NAME, fullName), "full_name",
            NewUser.MAX_FULL_NAME_LENGTH),
        () -> assertRefusedQuery(() -> Filter.ne(PostField.TITLE, title), "title", NewPost.MAX_TITLE_LENGTH),
        () -> assertRefusedQuery(() -> Filter.contains(PostField.CONTENT, pattern), "content",
            Filter.MAX_PATTERN_LENGTH),
        () -> assertRefusedQuery(() -> Filter.endsWith(PostField.CONTENT, pattern), "content",
            Filter.MAX_PATTERN_LENGTH),
        () -> assertRefusedQuery(() -> PostQuery.builder().tag("t".repeat(65)).build(), "tag", 64));
  }

  @Test
  void theLongestLookupAndFilterValuesWork() throws Throwable {
    String username = "😀".repeat(NewUser.MAX_USERNAME_LENGTH);
    String email = "é".repeat(NewUser.MAX_EMAIL_LENGTH - "@example.com".length()) + "@example.com";
    String fullName = "𝄞".repeat(NewUser.MAX_FULL_NAME_LENGTH);
    User user = store.create(NewUser.builder().username(username).email(email).fullName(fullName).build());
    Post post = store.addPost(user.id(), NewPost.of("t", "😀".repeat(Filter.MAX_PATTERN_LENGTH + 1)));
    String pattern = "😀".repeat(Filter.MAX_PATTERN_LENGTH);
    String title = "é".repeat(NewPost.MAX_TITLE_LENGTH);
    assertAll(
        () -> assertEquals(user, store.findByUsername(username).orElseThrow()),
        () -> assertEquals(user, store.findByEmail(email).orElseThrow()),
        () -> assertTrue(store.findByUsername("x" + username.substring(2)).isEmpty()),
        () -> assertEquals(List.of(username), usernames(Filter.eq(UserField.USERNAME, username))),
        () -> assertEquals(List.of(username), usernames(Filter.in(UserField.EMAIL, List.of(email)))),
        () -> assertEquals(List.of(username), usernames(Filter.startsWith(UserField.FULL_NAME, fullName))),
        () -> assertEquals(List.of(username), usernames(Filter.contains(UserField.FULL_NAME, fullName))),
        () -> assertEquals(List.of(), usernames(Filter.lt(UserField.USERNAME, "x".repeat(NewUser.MAX_USERNAME_LENGTH)))),
        () -> assertEquals(List.of(), postIds(PostQuery.builder().filter(Filter.eq(PostField.TITLE, title)).build())),
        () -> assertEquals(List.of(post.id()), postIds(PostQuery.builder()
            .filter(Filter.startsWith(PostField.CONTENT, pattern)).build())),
        () -> assertEquals(List.of(), postIds(PostQuery.builder()
            .filter(Filter.startsWith(PostField.CONTENT, "x" + pattern.substring(2))).build())),
        () -> assertEquals(List.of(), postIds(PostQuery.builder().tag("t".repeat(64)).build())));
    requires(dev.polystore.Capability.SUBSTRING_MATCH, () -> assertAll(
        () -> assertEquals(List.of(post.id()), postIds(PostQuery.builder()
            .filter(Filter.contains(PostField.CONTENT, pattern)).build())),
        () -> assertEquals(List.of(post.id()), postIds(PostQuery.builder()
            .filter(Filter.endsWith(PostField.CONTENT, pattern)).build()))),
        () -> postIds(PostQuery.builder().filter(Filter.contains(PostField.CONTENT, pattern)).build()));
  }

  // ==== in lists ================================================================================

  @Test
  void inListsTakeUpToTheMaximumOnEveryBackend() throws Throwable {
    User ann = store.create(user("ann"));
    User bob = store.create(user("bob"));
    store.create(user("cid"));
    Post hello = store.addPost(ann.id(), NewPost.of("Hello", "one"));
    store.addPost(bob.id(), NewPost.of("Other", "two"));
    List<Object> names = fillers("n", Filter.MAX_IN_VALUES - 2);
    names.add("ann");
    names.add("bob");
    List<Object> ids = new ArrayList<>();
    for (int i = 0; i < Filter.MAX_IN_VALUES - 1; i++) {
      ids.add(UUID.randomUUID());
    }
    ids.add(bob.id().value());
    List<Object> ages = new ArrayList<>();
    for (long i = 1_000; i < 1_000 + Filter.MAX_IN_VALUES; i++) {
      ages.add(i);
    }
    List<Object> titles = fillers("T", Filter.MAX_IN_VALUES - 1);
    titles.add("Hello");
    assertAll(
        () -> assertEquals(List.of("ann", "bob"), usernames(Filter.in(UserField.USERNAME, names))),
        () -> assertEquals(List.of("cid"), usernames(Filter.not(Filter.in(UserField.USERNAME, names)))),
        () -> assertEquals(List.of("ann", "cid"), usernames(Filter.or(Filter.eq(UserField.USERNAME, "cid"),
            Filter.and(Filter.in(UserField.USERNAME, names), Filter.not(Filter.in(UserField.ID, ids)))))),
        () -> assertEquals(List.of("bob"), usernames(Filter.in(UserField.ID, ids))),
        () -> assertEquals(List.of(), usernames(Filter.in(UserField.AGE, ages))),
        () -> assertEquals(List.of(hello.id()), postIds(PostQuery.builder()
            .filter(Filter.in(PostField.TITLE, titles)).build())));
    requires(IGNORE_CASE, () -> assertEquals(List.of("ann", "bob"), usernames(Filter.inIgnoreCase(UserField.USERNAME,
            names.stream().map(n -> ((String) n).toUpperCase(java.util.Locale.ROOT)).toList()))),
        () -> usernames(Filter.inIgnoreCase(UserField.USERNAME, List.of("ANN"))));

    List<Filter<UserField>> lists = new ArrayList<>();
    for (int i = 0; i < Filter.MAX_FILTER_VALUES / Filter.MAX_IN_VALUES - 1; i++) {
      lists.add(Filter.in(UserField.USERNAME, fillers("list" + i + "-", Filter.MAX_IN_VALUES)));
    }
    lists.add(Filter.in(UserField.USERNAME, names));
    assertEquals(List.of("ann", "bob"), usernames(Filter.or(lists)),
        "a filter of Filter.MAX_FILTER_VALUES values in all runs on every backend");
    lists.add(Filter.eq(UserField.USERNAME, "cid"));
    InvalidQueryException total = assertThrows(InvalidQueryException.class, () -> Filter.or(lists),
        "one value more than Filter.MAX_FILTER_VALUES in all is refused when the filter is built");
    assertTrue(total.getMessage().contains(String.valueOf(Filter.MAX_FILTER_VALUES)), total.getMessage());

    List<Object> tooMany = fillers("n", Filter.MAX_IN_VALUES + 1);
    assertAll("one value more than Filter.MAX_IN_VALUES is refused when the filter is built",
        () -> assertRefusedQuery(() -> Filter.in(UserField.USERNAME, tooMany), "username", Filter.MAX_IN_VALUES),
        () -> assertRefusedQuery(() -> Filter.inIgnoreCase(UserField.EMAIL,
            tooMany.stream().map(String.class::cast).toList()), "email", Filter.MAX_IN_VALUES),
        () -> assertRefusedQuery(() -> Filter.in(PostField.ID, fillers("", Filter.MAX_IN_VALUES + 1).stream()
            .map(x -> UUID.randomUUID()).toList()), "id", Filter.MAX_IN_VALUES));
  }

  // ==== helpers =================================================================================

  private static List<Object> fillers(String prefix, int count) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(prefix + "filler" + i);
    }
    return out;
  }

  /** The text with every character outside printable ASCII shown as {@code \\uXXXX}. */
  static String shown(String text) {
    StringBuilder sb = new StringBuilder();
    for (char c : text.toCharArray()) {
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04X", (int) c));
    }
    return sb.toString();
  }

  private static void assertRefusedValue(Executable call, String what) {
    assertThrows(IllegalArgumentException.class, call,
        "text " + what + " must be refused with IllegalArgumentException before anything is stored");
  }

  private static void assertRefusedQuery(Executable call, String what) {
    assertThrows(InvalidQueryException.class, call,
        "text " + what + " must be refused with InvalidQueryException before anything is read");
  }

  private static void assertRefusedQuery(Executable call, String field, int limit) {
    InvalidQueryException e = assertThrows(InvalidQueryException.class, call,
        "a value over the limit on " + field + " must be refused with InvalidQueryException when built");
    assertTrue(e.getMessage().contains(field) && e.getMessage().replace(",", "").contains(Integer.toString(limit)),
        "the message names the field " + field + " and the limit " + limit + ": " + e.getMessage());
  }

  private List<String> inOrder(UserQuery query) {
    return findAll(query).stream().map(User::username).toList();
  }
}
