package dev.polystore.tck;

import static dev.polystore.Capability.AGGREGATES;
import static dev.polystore.Capability.CURSOR_PAGES;
import static dev.polystore.Capability.EXACT_COUNT;
import static dev.polystore.Capability.FULL_TEXT;
import static dev.polystore.Capability.IGNORE_CASE;
import static dev.polystore.Capability.OFFSET_PAGES;
import static dev.polystore.Capability.SAVEPOINTS;
import static dev.polystore.Capability.SUBSTRING_MATCH;
import static dev.polystore.Capability.TRANSACTIONS;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polystore.Capability;
import dev.polystore.ConcurrentUpdateException;
import dev.polystore.DuplicateKeyException;
import dev.polystore.EntityNotFoundException;
import dev.polystore.InvalidQueryException;
import dev.polystore.UserStore;
import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
import dev.polystore.user.AgeStats;
import dev.polystore.user.AuthorCount;
import dev.polystore.user.Include;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link UserStore} passes. An adapter subclasses it once per backend (and variant) and
 * supplies {@link #openEmptyStore()}:
 *
 * <pre>{@code
 * class SqliteUserStoreTest extends UserStoreContract {
 *   @TempDir Path dir;
 *   protected UserStore openEmptyStore() { return Stores.openUserStore("jdbc:sqlite:" + dir.resolve("t.db")); }
 *   protected String variant() { return "file"; }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh, empty store and closes it afterwards. A test that needs a capability the store
 * does not declare checks instead that the operation fails with
 * {@link dev.polystore.UnsupportedCapabilityException} naming it ("negative" in the compatibility matrix).
 * String comparisons and sorts use lowercase ASCII letters and digits of one length wherever an order is
 * asserted, so that backend collations cannot disagree with the expected order.
 *
 * <p>JUnit creates one instance per test; an instance is not shared between threads.
 */
public abstract class UserStoreContract extends UserInputContract {

  /** The contract's name in the compatibility matrix. */
  static final String NAME = "user-store";

  private static final Instant YEAR_1900 = Instant.parse("1900-01-01T00:00:00Z");
  private static final Instant YEAR_2200 = Instant.parse("2200-01-01T00:00:00Z");

  protected UserStoreContract() {
    super(NAME);
  }

  // ==== capabilities ============================================================================

  @Test
  void declaresUserStoreCapabilitiesConsistently() {
    assertAll(
        () -> assertFalse(capabilities().backend().isBlank(), "backend name must not be blank"),
        () -> assertTrue(has(Capability.USER_STORE), "a user store declares USER_STORE"),
        () -> assertTrue(!has(SAVEPOINTS) || has(TRANSACTIONS), "SAVEPOINTS needs TRANSACTIONS"),
        () -> assertTrue(capabilities().timePrecision().getDuration().compareTo(Duration.ofMillis(1)) <= 0,
            "timestamps keep at least milliseconds, not " + capabilities().timePrecision()),
        () -> assertTrue(has(CURSOR_PAGES) || has(OFFSET_PAGES), "a store pages by cursor or by offset"));
  }

  @Test
  void closeIsIdempotent() {
    store.create(user("ann"));
    store.close();
    store.close();
  }

  // ==== create, read ============================================================================

  @Test
  void createReturnsStoredUserWithVersionOneAndCreationTime() {
    Instant before = Instant.now();
    User created = store.create(NewUser.builder().username("ann").email("ann@example.com")
        .fullName("Ann Archer").age(25).active(false).build());
    Instant after = Instant.now();

    assertAll(
        () -> assertEquals("ann", created.username()),
        () -> assertEquals("ann@example.com", created.email()),
        () -> assertEquals("Ann Archer", created.fullName()),
        () -> assertEquals(25, created.age()),
        () -> assertFalse(created.active()),
        () -> assertEquals(1, created.version()),
        () -> assertEquals(created.createdAt(), created.updatedAt(), "createdAt == updatedAt on create"),
        () -> assertEquals(truncate(created.createdAt()), created.createdAt(),
            "createdAt is kept at the declared precision " + capabilities().timePrecision()),
        () -> assertTrue(!created.createdAt().isBefore(before.minus(Duration.ofMinutes(1)))
                && !created.createdAt().isAfter(after.plus(Duration.ofMinutes(1))),
            "createdAt is now (UTC), not " + created.createdAt()),
        () -> assertEquals(Optional.empty(), created.posts()));
    assertEquals(Optional.of(created), store.get(created.id()), "get returns what create returned");
  }

  @Test
  void activeDefaultsToTrueAndOptionalFieldsMayBeMissing() {
    User created = store.create(NewUser.builder().username("bob").email("bob@example.com").build());
    User read = store.get(created.id()).orElseThrow();
    assertAll(
        () -> assertTrue(read.active()),
        () -> assertNull(read.fullName()),
        () -> assertNull(read.age()),
        () -> assertEquals(created, read));
  }

  @Test
  void lookupsOfMissingRowsAreEmpty() {
    store.create(user("ann"));
    assertAll(
        () -> assertEquals(Optional.empty(), store.get(UserId.of(UUID.randomUUID()))),
        () -> assertEquals(Optional.empty(), store.findByUsername("nobody")),
        () -> assertEquals(Optional.empty(), store.findByEmail("nobody@example.com")),
        () -> assertEquals(Optional.empty(), store.getPost(PostId.of(UUID.randomUUID()))),
        () -> assertEquals(Set.of(), store.tagsOf(PostId.of(UUID.randomUUID()))));
  }

  @Test
  void findsByUsernameAndEmailIgnoringCaseAndKeepsTheGivenCase() {
    User created = store.create(NewUser.builder().username("MixedCase").email("Mixed.Case@Example.COM").build());
    assertAll(
        () -> assertEquals(Optional.of(created), store.findByUsername("mixedcase")),
        () -> assertEquals(Optional.of(created), store.findByUsername("MIXEDCASE")),
        () -> assertEquals(Optional.of(created), store.findByUsername("MixedCase")),
        () -> assertEquals(Optional.of(created), store.findByEmail("mixed.case@example.com")),
        () -> assertEquals("MixedCase", store.findByUsername("mixedcase").orElseThrow().username()),
        () -> assertEquals("Mixed.Case@Example.COM", store.findByEmail("MIXED.CASE@EXAMPLE.COM").orElseThrow().email()));
  }

  @Test
  void duplicateUsernameDifferingOnlyInCaseIsRejected() {
    store.create(NewUser.builder().username("alice").email("alice@example.com").build());
    DuplicateKeyException e = assertThrows(DuplicateKeyException.class,
        () -> store.create(NewUser.builder().username("ALICE").email("other@example.com").build()));
    assertEquals("username", e.field(), e.getMessage());
    assertEquals(Optional.empty(), store.findByEmail("other@example.com"), "nothing of the failed create is stored");
    assertEquals(1, findAll(UserQuery.all()).size());
  }

  @Test
  void duplicateEmailDifferingOnlyInCaseIsRejected() {
    store.create(NewUser.builder().username("alice").email("alice@example.com").build());
    DuplicateKeyException e = assertThrows(DuplicateKeyException.class,
        () -> store.create(NewUser.builder().username("bob").email("ALICE@Example.Com").build()));
    assertEquals("email", e.field(), e.getMessage());
    assertEquals(Optional.empty(), store.findByUsername("bob"), "nothing of the failed create is stored");
    assertEquals(1, findAll(UserQuery.all()).size());
  }

  @Test
  void caseInsensitivityCoversNonAsciiLetters() throws Throwable {
    User olaf = store.create(NewUser.builder().username("Ølaf Ünal").email("Ølaf@Bücher.example").build());
    assertAll(
        () -> assertEquals(Optional.of(olaf), store.findByUsername("ølaf ünal")),
        () -> assertEquals(Optional.of(olaf), store.findByUsername("ØLAF ÜNAL")),
        () -> assertEquals(Optional.of(olaf), store.findByEmail("ølaf@bücher.example")),
        () -> assertEquals("username", assertThrows(DuplicateKeyException.class, () -> store.create(
            NewUser.builder().username("ØLAF ÜNAL").email("other@example.com").build())).field()),
        () -> assertEquals("email", assertThrows(DuplicateKeyException.class, () -> store.create(
            NewUser.builder().username("other").email("ølaf@BÜCHER.example").build())).field()));
    requires(IGNORE_CASE, () -> assertAll(
        () -> assertMatches(Filter.eqIgnoreCase(UserField.USERNAME, "ølaf ünal"), "Ølaf Ünal"),
        () -> assertMatches(Filter.startsWithIgnoreCase(UserField.EMAIL, "ølaf@bü"), "Ølaf Ünal")),
        () -> usernames(Filter.eqIgnoreCase(UserField.USERNAME, "ølaf ünal")));
  }

  @Test
  void maximumLengthsRoundTripCountedInCodePoints() {
    String username = "😀".repeat(NewUser.MAX_USERNAME_LENGTH);
    String email = "a".repeat(NewUser.MAX_EMAIL_LENGTH - "@example.com".length()) + "@example.com";
    String fullName = "𝄞".repeat(NewUser.MAX_FULL_NAME_LENGTH);
    User created = store.create(NewUser.builder().username(username).email(email).fullName(fullName).build());
    User read = store.get(created.id()).orElseThrow();
    assertAll(
        () -> assertEquals(username, read.username()),
        () -> assertEquals(email, read.email()),
        () -> assertEquals(fullName, read.fullName()),
        () -> assertEquals(Optional.of(created), store.findByUsername(username)));
    String title = "é".repeat(NewPost.MAX_TITLE_LENGTH - 1) + "😀";
    StringBuilder content = new StringBuilder();
    while (content.length() < 100_000) {
      content.append("Line ").append(content.length()).append(": ünïcödé 😀 text.\n");
    }
    Post post = store.addPost(created.id(), NewPost.of(title, content.toString()));
    Post readPost = store.getPost(post.id()).orElseThrow();
    assertEquals(title, readPost.title());
    assertEquals(content.toString(), readPost.content(), "100 000 characters of content come back unchanged");
  }

  @Test
  void unicodeRoundTripsUnchanged() {
    String emoji = "emoji😀🎉𝄞";                    // 4-byte UTF-8 (surrogate pairs in Java)
    String rightToLeft = "مرحبا بالعالم שלום";           // Arabic and Hebrew
    String combining = "Zoe\u0308 Cafe\u0301 n\u0303";    // decomposed: must not be normalised
    String cjk = "ユーザー名前";
    User created = store.create(NewUser.builder().username(emoji).email("ünï😀@exämple.com")
        .fullName(rightToLeft + " " + combining + " " + cjk).build());
    User read = store.get(created.id()).orElseThrow();
    assertAll(
        () -> assertEquals(emoji, read.username()),
        () -> assertEquals("ünï😀@exämple.com", read.email()),
        () -> assertEquals(rightToLeft + " " + combining + " " + cjk, read.fullName()),
        () -> assertEquals(Optional.of(created), store.findByUsername(emoji)),
        () -> assertEquals(Optional.of(created), store.findByEmail("ünï😀@exämple.com")),
        () -> assertEquals(List.of(emoji), usernames(Filter.eq(UserField.FULL_NAME, read.fullName()))),
        () -> assertEquals(List.of(emoji), usernames(Filter.startsWith(UserField.USERNAME, "emoji😀"))));

    Post post = store.addPost(created.id(), NewPost.of("😀 " + rightToLeft, combining + " " + emoji));
    store.tag(post.id(), Set.of("😀", "שלום", combining));
    Post readPost = store.getPost(post.id()).orElseThrow();
    assertAll(
        () -> assertEquals("😀 " + rightToLeft, readPost.title()),
        () -> assertEquals(combining + " " + emoji, readPost.content()),
        () -> assertEquals(new TreeSet<>(Set.of("😀", "שלום", combining)), readPost.tags().orElseThrow()),
        () -> assertEquals(List.of(post.id()), postIds(PostQuery.builder().tag("😀").build())));
  }

  @Test
  void nullAndEmptyFullNameAreDistinct() {
    User withNull = store.create(NewUser.builder().username("nul").email("nul@example.com").fullName(null).build());
    User withEmpty = store.create(NewUser.builder().username("emp").email("emp@example.com").fullName("").build());
    store.create(NewUser.builder().username("ful").email("ful@example.com").fullName("Full").build());
    assertAll(
        () -> assertNull(store.get(withNull.id()).orElseThrow().fullName()),
        () -> assertEquals("", store.get(withEmpty.id()).orElseThrow().fullName()),
        () -> assertEquals(List.of("nul"), usernames(Filter.isNull(UserField.FULL_NAME))),
        () -> assertEquals(List.of("emp"), usernames(Filter.eq(UserField.FULL_NAME, ""))),
        () -> assertEquals(List.of("emp", "ful"), usernames(Filter.isNotNull(UserField.FULL_NAME))));
  }

  // ==== createAll ===============================================================================

  @Test
  void createAllStoresEveryUserInOrder() {
    List<User> created = store.createAll(List.of(user("ann"), user("bob"), user("cid")));
    assertEquals(List.of("ann", "bob", "cid"), created.stream().map(User::username).toList());
    assertEquals(3, created.stream().map(User::id).distinct().count(), "ids are distinct");
    for (User user : created) {
      assertEquals(1, user.version());
      assertEquals(Optional.of(user), store.get(user.id()));
    }
    assertEquals(List.of(), store.createAll(List.of()), "an empty batch creates nothing");
  }

  @Test
  void createAllWithDuplicateInsideTheBatchStoresNothing() {
    DuplicateKeyException e = assertThrows(DuplicateKeyException.class, () -> store.createAll(List.of(
        user("ann"), user("bob"), NewUser.builder().username("BOB").email("bob2@example.com").build(), user("cid"))));
    assertEquals("username", e.field(), e.getMessage());
    assertEquals(List.of(), findAll(UserQuery.all()), "all or nothing");
    assertEquals(Optional.empty(), store.findByUsername("ann"));

    DuplicateKeyException byEmail = assertThrows(DuplicateKeyException.class, () -> store.createAll(List.of(
        user("dee"), NewUser.builder().username("eve").email("DEE@example.com").build())));
    assertEquals("email", byEmail.field(), byEmail.getMessage());
    assertEquals(List.of(), findAll(UserQuery.all()), "all or nothing");
  }

  @Test
  void createAllWithDuplicateOfStoredUserStoresNothing() {
    store.create(user("carol"));
    DuplicateKeyException e = assertThrows(DuplicateKeyException.class,
        () -> store.createAll(List.of(user("xavier"), user("yvonne"),
            NewUser.builder().username("Carol").email("carol2@example.com").build())));
    assertEquals("username", e.field(), e.getMessage());
    assertEquals(List.of("carol"), usernames(Filter.all()), "none of the batch is stored");
  }

  @Test
  void aLargeCreateAllStoresEveryUserOrIsRefusedWithoutWritingAny() {
    List<NewUser> hundred = numbered("h", 100);
    boolean bounded = false;
    try {
      List<User> created = store.createAll(hundred);
      assertEquals(hundred.stream().map(NewUser::username).toList(), created.stream().map(User::username).toList());
      assertEquals(sortedIds(created), ids(findAll(UserQuery.all())), "all 100 are stored");
    } catch (InvalidQueryException refused) {
      // a backend whose atomic batches are bounded refuses the list before writing anything
      bounded = true;
      assertEquals(List.of(), findAll(UserQuery.all()), "a refused createAll writes nothing: " + refused.getMessage());
      assertEquals(Optional.empty(), store.findByUsername("h01"));
      assertEquals(Optional.empty(), store.findByUsername("h100"));
    }
    List<String> before = usernames(Filter.all());

    // a duplicate at the end of a large list, inside it or of a stored user, never leaves a partial write
    List<NewUser> withDuplicate = new ArrayList<>(numbered("d", 99));
    withDuplicate.add(NewUser.builder().username("D01").email("d-again@example.com").build());
    RuntimeException inside = assertThrows(RuntimeException.class, () -> store.createAll(withDuplicate));
    assertTrue(inside instanceof DuplicateKeyException || bounded && inside instanceof InvalidQueryException,
        "a duplicate fails the batch: " + inside);
    User taken = store.create(user("taken"));
    List<NewUser> withStored = new ArrayList<>(numbered("s", 99));
    withStored.add(NewUser.builder().username("TAKEN").email("s-again@example.com").build());
    RuntimeException stored = assertThrows(RuntimeException.class, () -> store.createAll(withStored));
    assertTrue(stored instanceof DuplicateKeyException || bounded && stored instanceof InvalidQueryException,
        "a taken username fails the batch: " + stored);
    List<String> after = new ArrayList<>(before);
    after.add(taken.username());
    assertEquals(after.stream().sorted().toList(), usernames(Filter.all()), "nothing of either list is stored");
    assertEquals(Optional.empty(), store.findByUsername("d01"));
    assertEquals(Optional.empty(), store.findByEmail("s01@example.com"));
  }

  // ==== filters =================================================================================

  @Test
  void comparisonFilters() {
    filterFixture();
    assertAll(
        () -> assertMatches(Filter.all(), "ann", "bob", "cid", "dee", "eve", "fay"),
        () -> assertMatches(Filter.eq(UserField.AGE, 30), "bob", "cid"),
        () -> assertMatches(Filter.ne(UserField.AGE, 30), "ann", "eve"),
        () -> assertMatches(Filter.lt(UserField.AGE, 30), "ann"),
        () -> assertMatches(Filter.le(UserField.AGE, 30), "ann", "bob", "cid"),
        () -> assertMatches(Filter.gt(UserField.AGE, 30), "eve"),
        () -> assertMatches(Filter.ge(UserField.AGE, 30L), "bob", "cid", "eve"),
        () -> assertMatches(Filter.between(UserField.AGE, 25, 30), "ann", "bob", "cid"),
        () -> assertMatches(Filter.between(UserField.AGE, 31, 40)),
        () -> assertMatches(Filter.eq(UserField.ACTIVE, true), "ann", "bob", "dee"),
        () -> assertMatches(Filter.eq(UserField.ACTIVE, false), "cid", "eve", "fay"),
        () -> assertMatches(Filter.ne(UserField.ACTIVE, true), "cid", "eve", "fay"),
        () -> assertMatches(Filter.eq(UserField.USERNAME, "bob"), "bob"),
        () -> assertMatches(Filter.eq(UserField.USERNAME, "BOB")),
        () -> assertMatches(Filter.gt(UserField.USERNAME, "dee"), "eve", "fay"),
        () -> assertMatches(Filter.eq(UserField.EMAIL, "Eve@Example.NET"), "eve"),
        () -> assertMatches(Filter.eq(UserField.EMAIL, "eve@example.net")));
  }

  @Test
  void inAndNullFilters() {
    filterFixture();
    assertAll(
        () -> assertMatches(Filter.in(UserField.AGE, List.of(25, 41, 99)), "ann", "eve"),
        () -> assertMatches(Filter.in(UserField.USERNAME, List.of("bob", "fay", "zed")), "bob", "fay"),
        () -> assertMatches(Filter.in(UserField.USERNAME, List.of())),
        () -> assertMatches(Filter.isNull(UserField.AGE), "dee", "fay"),
        () -> assertMatches(Filter.isNotNull(UserField.AGE), "ann", "bob", "cid", "eve"),
        () -> assertMatches(Filter.isNull(UserField.FULL_NAME), "cid"),
        () -> assertMatches(Filter.eq(UserField.FULL_NAME, ""), "dee"),
        () -> assertMatches(Filter.startsWith(UserField.EMAIL, "E"), "eve"),
        () -> assertMatches(Filter.startsWith(UserField.EMAIL, "e")),
        () -> assertMatches(Filter.startsWith(UserField.FULL_NAME, "Bob B"), "bob"),
        () -> assertMatches(Filter.startsWith(UserField.FULL_NAME, ""), "ann", "bob", "dee", "eve", "fay"));
  }

  @Test
  void idAndTimeFilters() {
    List<User> users = filterFixture();
    User bob = users.get(1);
    User cid = users.get(2);
    assertAll(
        () -> assertMatches(Filter.eq(UserField.ID, bob.id()), "bob"),
        () -> assertMatches(Filter.eq(UserField.ID, bob.id().value()), "bob"),
        () -> assertMatches(Filter.in(UserField.ID, List.of(bob.id().value(), cid.id().value())), "bob", "cid"),
        () -> assertMatches(Filter.ne(UserField.ID, bob.id()), "ann", "cid", "dee", "eve", "fay"),
        () -> assertTrue(usernames(Filter.eq(UserField.CREATED_AT, bob.createdAt())).contains("bob"),
            "a stored instant matches itself as a filter value"),
        () -> assertFalse(usernames(Filter.lt(UserField.CREATED_AT, bob.createdAt())).contains("bob")),
        () -> assertTrue(usernames(Filter.le(UserField.UPDATED_AT, bob.updatedAt())).contains("bob")),
        () -> assertMatches(Filter.gt(UserField.CREATED_AT, YEAR_1900), "ann", "bob", "cid", "dee", "eve", "fay"),
        () -> assertMatches(Filter.lt(UserField.CREATED_AT, YEAR_1900)),
        () -> assertMatches(Filter.lt(UserField.CREATED_AT, YEAR_2200), "ann", "bob", "cid", "dee", "eve", "fay"),
        () -> assertMatches(Filter.gt(UserField.UPDATED_AT, YEAR_2200)),
        () -> assertMatches(Filter.between(UserField.CREATED_AT, YEAR_1900, YEAR_2200),
            "ann", "bob", "cid", "dee", "eve", "fay"));
  }

  @Test
  void logicalFilters() {
    filterFixture();
    assertAll(
        () -> assertMatches(Filter.and(Filter.eq(UserField.ACTIVE, true), Filter.gt(UserField.AGE, 26)), "bob"),
        () -> assertMatches(Filter.or(Filter.isNull(UserField.AGE), Filter.eq(UserField.AGE, 25)), "ann", "dee", "fay"),
        () -> assertMatches(Filter.not(Filter.eq(UserField.AGE, 30)), "ann", "eve"),
        () -> assertMatches(Filter.not(Filter.or(Filter.eq(UserField.ACTIVE, true), Filter.isNull(UserField.AGE))),
            "cid", "eve"),
        () -> assertMatches(Filter.or(Filter.and(Filter.eq(UserField.ACTIVE, false), Filter.ge(UserField.AGE, 30)),
            Filter.eq(UserField.USERNAME, "ann")), "ann", "cid", "eve"),
        () -> assertMatches(Filter.not(Filter.not(Filter.eq(UserField.USERNAME, "dee"))), "dee"),
        () -> assertMatches(Filter.not(Filter.in(UserField.USERNAME, List.of("ann", "bob", "cid"))), "dee", "eve", "fay"),
        () -> assertMatches(Filter.and(Filter.eq(UserField.AGE, 30), Filter.eq(UserField.AGE, 25))),
        () -> assertMatches(Filter.eq(UserField.ACTIVE, true).and(Filter.isNull(UserField.AGE))
            .or(Filter.eq(UserField.USERNAME, "fay")), "dee", "fay"));
  }

  @Test
  void substringFilters() throws Throwable {
    filterFixture();
    requires(SUBSTRING_MATCH, () -> assertAll(
        () -> assertMatches(Filter.endsWith(UserField.EMAIL, ".org"), "cid", "dee"),
        () -> assertMatches(Filter.endsWith(UserField.EMAIL, ".ORG")),
        () -> assertMatches(Filter.contains(UserField.FULL_NAME, "Ba"), "bob"),
        () -> assertMatches(Filter.contains(UserField.FULL_NAME, "ba")),
        () -> assertMatches(Filter.contains(UserField.USERNAME, "e"), "dee", "eve"),
        () -> assertMatches(Filter.not(Filter.contains(UserField.EMAIL, "example.com")), "cid", "dee", "eve", "fay")),
        () -> usernames(Filter.contains(UserField.FULL_NAME, "Ba")));
  }

  @Test
  void ignoreCaseFilters() throws Throwable {
    filterFixture();
    requires(IGNORE_CASE, () -> assertAll(
        () -> assertMatches(Filter.eqIgnoreCase(UserField.EMAIL, "eve@example.net"), "eve"),
        () -> assertMatches(Filter.eqIgnoreCase(UserField.USERNAME, "BOB"), "bob"),
        () -> assertMatches(Filter.neIgnoreCase(UserField.USERNAME, "ANN"), "bob", "cid", "dee", "eve", "fay"),
        () -> assertMatches(Filter.inIgnoreCase(UserField.USERNAME, List.of("ANN", "Bob")), "ann", "bob"),
        () -> assertMatches(Filter.startsWithIgnoreCase(UserField.FULL_NAME, "bob b"), "bob"),
        () -> assertMatches(Filter.startsWithIgnoreCase(UserField.EMAIL, "E"), "eve")),
        () -> usernames(Filter.eqIgnoreCase(UserField.EMAIL, "eve@example.net")));
  }

  @Test
  void ignoreCaseSubstringFilters() throws Throwable {
    filterFixture();
    requires(IGNORE_CASE, () -> requires(SUBSTRING_MATCH, () -> assertAll(
            () -> assertMatches(Filter.containsIgnoreCase(UserField.FULL_NAME, "eva"), "eve"),
            () -> assertMatches(Filter.endsWithIgnoreCase(UserField.EMAIL, ".NET"), "eve", "fay")),
            () -> usernames(Filter.containsIgnoreCase(UserField.FULL_NAME, "eva"))),
        () -> usernames(Filter.eqIgnoreCase(UserField.FULL_NAME, "eve evans")));
  }

  @Test
  void sqlLookingValuesMatchLiterallyWithEqAndStartsWith() {
    sqlLookingFixture();
    assertAll(
        () -> assertMatches(Filter.eq(UserField.USERNAME, "'; DROP TABLE users;--"), "'; DROP TABLE users;--"),
        () -> assertMatches(Filter.eq(UserField.FULL_NAME, "'; DROP TABLE users;--"), "'; DROP TABLE users;--"),
        () -> assertMatches(Filter.eq(UserField.USERNAME, "a_b"), "a_b"),
        () -> assertMatches(Filter.eq(UserField.USERNAME, "100%"), "100%"),
        () -> assertMatches(Filter.eq(UserField.USERNAME, "back\\slash"), "back\\slash"),
        () -> assertMatches(Filter.startsWith(UserField.USERNAME, "a_"), "a_b"),
        () -> assertMatches(Filter.startsWith(UserField.USERNAME, "100%"), "100%"),
        () -> assertMatches(Filter.startsWith(UserField.USERNAME, "100"), "100%", "100x"),
        () -> assertMatches(Filter.startsWith(UserField.USERNAME, "%")),
        () -> assertMatches(Filter.startsWith(UserField.USERNAME, "_")),
        () -> assertMatches(Filter.startsWith(UserField.USERNAME, "back\\"), "back\\slash"),
        () -> assertMatches(Filter.startsWith(UserField.USERNAME, "'"), "'; DROP TABLE users;--"),
        () -> assertMatches(Filter.in(UserField.USERNAME, List.of("a_b", "%", "'")), "a_b"));
    assertEquals(7, usernames(Filter.all()).size(), "the users table is intact");
  }

  @Test
  void sqlLookingValuesMatchLiterallyWithContainsAndEndsWith() throws Throwable {
    sqlLookingFixture();
    requires(SUBSTRING_MATCH, () -> assertAll(
        () -> assertMatches(Filter.contains(UserField.USERNAME, "%"), "100%"),
        () -> assertMatches(Filter.contains(UserField.USERNAME, "_"), "a_b"),
        () -> assertMatches(Filter.contains(UserField.USERNAME, "\\"), "back\\slash"),
        () -> assertMatches(Filter.contains(UserField.USERNAME, "'"), "'; DROP TABLE users;--"),
        () -> assertMatches(Filter.contains(UserField.USERNAME, "%x")),
        () -> assertMatches(Filter.contains(UserField.FULL_NAME, "DROP TABLE"), "'; DROP TABLE users;--"),
        () -> assertMatches(Filter.endsWith(UserField.USERNAME, "_b"), "a_b"),
        () -> assertMatches(Filter.endsWith(UserField.USERNAME, "%"), "100%"),
        () -> assertMatches(Filter.endsWith(UserField.USERNAME, "--"), "'; DROP TABLE users;--"),
        () -> assertMatches(Filter.endsWith(UserField.USERNAME, "\\slash"), "back\\slash")),
        () -> usernames(Filter.contains(UserField.USERNAME, "%")));
    assertEquals(7, usernames(Filter.all()).size(), "the users table is intact");
  }

  @Test
  void sqlLookingValuesMatchLiterallyIgnoringCase() throws Throwable {
    sqlLookingFixture();
    requires(IGNORE_CASE, () -> assertAll(
        () -> assertMatches(Filter.eqIgnoreCase(UserField.USERNAME, "A_B"), "a_b"),
        () -> assertMatches(Filter.startsWithIgnoreCase(UserField.USERNAME, "A_"), "a_b"),
        () -> assertMatches(Filter.startsWithIgnoreCase(UserField.USERNAME, "BACK\\"), "back\\slash"),
        () -> assertMatches(Filter.startsWithIgnoreCase(UserField.USERNAME, "'; drop"), "'; DROP TABLE users;--")),
        () -> usernames(Filter.eqIgnoreCase(UserField.USERNAME, "A_B")));
  }

  // ==== sorting =================================================================================

  @Test
  void defaultOrderIsByIdWhichIsCreationOrder() {
    List<User> created = sortFixture();
    assertEquals(ids(created), sortedIds(created), "ids are time-ordered: later creates have larger ids");
    assertEquals(ids(created), ids(findAll(UserQuery.all())));
  }

  @Test
  void multiKeySortPutsNullsFirstAscendingAndLastDescending() {
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
  void sortedCursorPagesWithNullsAndTiesHaveNoRepeatsOrGaps() throws Throwable {
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
    }, () -> store.find(UserQuery.builder().first(2).build()));
  }

  // ==== paging ==================================================================================

  @Test
  void cursorPagesWalkTheWholeSet() throws Throwable {
    List<User> created = store.createAll(numbered("p", 23));
    requires(CURSOR_PAGES, () -> {
      UserQuery query = UserQuery.builder().first(5).build();
      List<User> seen = new ArrayList<>();
      Page<User> page = store.find(query);
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
        page = store.find(query.withPage(PageRequest.after(page.nextCursor().orElseThrow(), 5)));
        pages++;
      }
      assertEquals(5, pages);
      assertEquals(sortedIds(created), ids(seen), "every user once, in id order");

      // an exact multiple of the page size: the last full page says there is nothing more
      Page<User> all = store.find(UserQuery.builder().first(23).build());
      assertEquals(23, all.size());
      assertFalse(all.hasNext(), "a page that ends the set has hasNext false");
      assertEquals(Optional.empty(), all.nextCursor());
      Page<User> more = store.find(UserQuery.builder().first(PageRequest.MAX_SIZE).build());
      assertEquals(23, more.size());
      assertFalse(more.hasNext());
    }, () -> store.find(UserQuery.builder().first(5).build()));
  }

  @Test
  void cursorPagesOverAFilterAndEmptyResults() throws Throwable {
    store.createAll(numbered("p", 9));
    requires(CURSOR_PAGES, () -> {
      Filter<UserField> odd = Filter.in(UserField.USERNAME, List.of("p01", "p03", "p05", "p07", "p09"));
      assertEquals(List.of("p01", "p03", "p05", "p07", "p09"),
          readPages(UserQuery.builder().filter(odd).first(2).build()).stream().map(User::username).toList());
      Page<User> none = store.find(UserQuery.builder().filter(Filter.eq(UserField.USERNAME, "zzz")).first(5).build());
      assertTrue(none.isEmpty());
      assertFalse(none.hasNext());
      assertEquals(Optional.empty(), none.nextCursor());
    }, () -> store.find(UserQuery.builder().first(2).build()));
  }

  @Test
  void cursorPagingWhileRowsAreInsertedNeverRepeatsOrRevisits() throws Throwable {
    // the set holds k02, k04, ... k20; between pages, one odd name sorting before the cursor and one after it
    // are inserted
    Set<String> original = new TreeSet<>();
    for (int i = 2; i <= 20; i += 2) {
      original.add(String.format("k%02d", i));
    }
    store.createAll(original.stream().map(this::user).toList());
    requires(CURSOR_PAGES, () -> {
      UserQuery query = UserQuery.builder().sort(Sort.asc(UserField.USERNAME)).first(3).build();
      List<String> seen = new ArrayList<>();
      Set<String> insertedBefore = new TreeSet<>();
      Set<String> insertedAfter = new TreeSet<>();
      Page<User> page = store.find(query);
      while (true) {
        page.items().forEach(u -> seen.add(u.username()));
        if (!page.hasNext()) {
          break;
        }
        String cursorAt = seen.get(seen.size() - 1);
        insertOddName(cursorAt, true, insertedBefore, insertedAfter).ifPresent(insertedBefore::add);
        insertOddName(cursorAt, false, insertedBefore, insertedAfter).ifPresent(insertedAfter::add);
        page = store.find(query.withPage(PageRequest.after(page.nextCursor().orElseThrow(), 3)));
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
    }, () -> store.find(UserQuery.builder().first(3).build()));
  }

  /** Creates the first odd-numbered name before (or after) {@code cursorAt} not inserted yet. */
  private Optional<String> insertOddName(String cursorAt, boolean before, Set<String> usedBefore,
                                         Set<String> usedAfter) {
    for (int i = 1; i < 40; i += 2) {
      String name = String.format("k%02d", i);
      boolean sortsBefore = name.compareTo(cursorAt) < 0;
      if (sortsBefore == before && !usedBefore.contains(name) && !usedAfter.contains(name)) {
        store.create(user(name));
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  @Test
  void tamperedOrMismatchedCursorsAreRejected() throws Throwable {
    store.createAll(numbered("t", 5));
    requires(CURSOR_PAGES, () -> {
      Filter<UserField> filter = Filter.eq(UserField.ACTIVE, true);
      UserQuery query = UserQuery.builder().filter(filter).sort(Sort.asc(UserField.USERNAME)).first(2).build();
      String cursor = store.find(query).nextCursor().orElseThrow();
      assertEquals(List.of("t03", "t04"), store.find(query.withPage(PageRequest.after(cursor, 2))).items().stream()
          .map(User::username).toList(), "the untouched cursor works");
      assertEquals(List.of("t03", "t04", "t05"), store.find(query.withPage(PageRequest.after(cursor, 10))).items()
          .stream().map(User::username).toList(), "a cursor survives a change of page size");

      int middle = cursor.length() / 2;
      char replacement = cursor.charAt(middle) == 'A' ? 'B' : 'A';
      String tampered = cursor.substring(0, middle) + replacement + cursor.substring(middle + 1);
      assertAll(
          () -> assertThrows(InvalidQueryException.class,
              () -> store.find(query.withPage(PageRequest.after(tampered, 2))), "a tampered cursor"),
          () -> assertThrows(InvalidQueryException.class,
              () -> store.find(query.withPage(PageRequest.after(cursor.substring(0, cursor.length() - 4), 2))),
              "a truncated cursor"),
          () -> assertThrows(InvalidQueryException.class,
              () -> store.find(query.withPage(PageRequest.after("not-a-cursor", 2))), "a made-up cursor"),
          () -> assertThrows(InvalidQueryException.class,
              () -> store.find(query.toBuilder().filter(Filter.eq(UserField.ACTIVE, false))
                  .after(cursor, 2).build()), "the cursor of another filter"),
          () -> assertThrows(InvalidQueryException.class,
              () -> store.find(query.toBuilder().sort(Sort.desc(UserField.USERNAME)).after(cursor, 2).build()),
              "the cursor of another sort direction"),
          () -> assertThrows(InvalidQueryException.class,
              () -> store.find(query.toBuilder().sort(Sort.asc(UserField.EMAIL)).after(cursor, 2).build()),
              "the cursor of another sort key"),
          () -> assertThrows(InvalidQueryException.class,
              () -> store.find(query.toBuilder().sort(List.of()).after(cursor, 2).build()),
              "the cursor of a sorted query reused without the sort"));
    }, () -> store.find(UserQuery.builder().first(2).build()));
  }

  @Test
  void postCursorIsNotAUserCursor() throws Throwable {
    User ann = store.create(user("ann"));
    store.createAll(numbered("c", 3));
    for (int i = 0; i < 3; i++) {
      store.addPost(ann.id(), NewPost.of("post " + i, "text"));
    }
    requires(CURSOR_PAGES, () -> {
      String postCursor = store.findPosts(PostQuery.builder().first(1).build()).nextCursor().orElseThrow();
      assertThrows(InvalidQueryException.class, () -> store.find(UserQuery.builder().after(postCursor, 1).build()));
    }, () -> store.findPosts(PostQuery.builder().first(1).build()));
  }

  @Test
  void offsetPagesIncludingPastTheEnd() throws Throwable {
    List<User> created = store.createAll(numbered("o", 12));
    requires(OFFSET_PAGES, () -> {
      List<UserId> expected = sortedIds(created);
      UserQuery query = UserQuery.builder().page(PageRequest.offset(0, 5)).build();
      Page<User> first = store.find(query);
      Page<User> second = store.find(query.withPage(PageRequest.offset(5, 5)));
      Page<User> third = store.find(query.withPage(PageRequest.offset(10, 5)));
      Page<User> atEnd = store.find(query.withPage(PageRequest.offset(12, 5)));
      Page<User> pastEnd = store.find(query.withPage(PageRequest.offset(100, 5)));
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
      List<String> sorted = store.find(UserQuery.builder().sort(Sort.desc(UserField.USERNAME))
          .filter(Filter.ne(UserField.USERNAME, "o12")).page(PageRequest.offset(2, 3)).build())
          .items().stream().map(User::username).toList();
      assertEquals(List.of("o09", "o08", "o07"), sorted, "offset applies after filter and sort");
    }, () -> store.find(UserQuery.builder().page(PageRequest.offset(0, 5)).build()));
  }

  // ==== counting ================================================================================

  @Test
  void countModeNoneHasNoTotal() {
    store.createAll(numbered("n", 3));
    Page<User> page = store.find(UserQuery.builder().countMode(CountMode.NONE).page(firstPage(2)).build());
    assertTrue(page.total().isEmpty(), "CountMode.NONE gives no total");
    assertEquals(2, page.size());
  }

  @Test
  void exactCountsAreTotalsOfTheWholeMatch() throws Throwable {
    List<NewUser> users = new ArrayList<>(numbered("x", 7));
    for (int i = 0; i < users.size(); i++) {
      users.set(i, users.get(i).toBuilder().active(i % 2 == 0).build());
    }
    store.createAll(users);
    requires(EXACT_COUNT, () -> {
      Filter<UserField> active = Filter.eq(UserField.ACTIVE, true);
      UserQuery query = UserQuery.builder().filter(active).countMode(CountMode.EXACT).page(firstPage(3)).build();
      Page<User> first = store.find(query);
      assertEquals(3, first.size());
      assertEquals(4, first.total().orElseThrow(), "the total counts the whole match, not the page");
      Page<User> next = has(CURSOR_PAGES)
          ? store.find(query.withPage(PageRequest.after(first.nextCursor().orElseThrow(), 3)))
          : store.find(query.withPage(PageRequest.offset(3, 3)));
      assertEquals(1, next.size());
      assertEquals(4, next.total().orElseThrow());
      assertEquals(4, store.count(active));
      assertEquals(7, store.count(Filter.all()));
      assertEquals(0, store.count(Filter.eq(UserField.USERNAME, "nobody")));
      assertEquals(3, store.count(Filter.not(active)));
      if (has(OFFSET_PAGES)) {
        Page<User> pastEnd = store.find(query.withPage(PageRequest.offset(50, 3)));
        assertTrue(pastEnd.isEmpty());
        assertEquals(4, pastEnd.total().orElseThrow(), "past the end, the total is still the whole match");
      }
    }, () -> store.find(UserQuery.builder().countMode(CountMode.EXACT).page(firstPage(3)).build()));
    requires(EXACT_COUNT, () -> assertEquals(7, store.count(Filter.all())), () -> store.count(Filter.all()));
  }

  // ==== includes ================================================================================

  @Test
  void includePostsAndTagsLoadsTheRightChildrenPerUser() {
    User ann = store.create(user("ann"));
    User bob = store.create(user("bob"));
    User cid = store.create(user("cid"));
    Post a1 = store.addPost(ann.id(), NewPost.of("first", "one"));
    Post a2 = store.addPost(ann.id(), NewPost.of("second", ""));
    Post c1 = store.addPost(cid.id(), NewPost.of("third", "three"));
    store.tag(a1.id(), Set.of("db", "java"));
    store.tag(c1.id(), Set.of("db"));

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
        assertTrue(post.tags().isEmpty() || post.tags().equals(store.getPost(post.id()).orElseThrow().tags()),
            "tags, when loaded without being asked for, must still be right");
      }
    }
    assertEquals(bob.id(), postsOnly.get(1).id());
  }

  @Test
  void includeDoesNotChangePageSizesOrTotals() throws Throwable {
    for (String name : List.of("ann", "bob", "cid")) {
      User user = store.create(user(name));
      for (int i = 0; i < 4; i++) {
        store.addPost(user.id(), NewPost.of(name + " " + i, "text"));
      }
    }
    UserQuery query = UserQuery.builder().sort(Sort.asc(UserField.USERNAME)).include(Include.POSTS)
        .page(firstPage(2)).build();
    Page<User> first = store.find(query);
    assertEquals(List.of("ann", "bob"), first.items().stream().map(User::username).toList(), "pages count users");
    assertTrue(first.hasNext());
    assertTrue(first.items().stream().allMatch(u -> u.posts().orElseThrow().size() == 4));
    requires(EXACT_COUNT, () -> {
      Page<User> page = store.find(query.toBuilder().countMode(CountMode.EXACT).build());
      assertEquals(3, page.total().orElseThrow(), "totals count users, not users times posts");
    }, () -> store.count(Filter.all()));
  }

  // ==== update ==================================================================================

  @Test
  void updateStoresChangesAndBumpsTheVersion() {
    User created = store.create(NewUser.builder().username("ann").email("ann@example.com")
        .fullName("Ann").age(30).build());
    User changed = store.update(created.toBuilder().email("ann@example.org").fullName(null).age(null)
        .active(false).build());
    assertAll(
        () -> assertEquals(created.id(), changed.id()),
        () -> assertEquals(2, changed.version()),
        () -> assertEquals("ann@example.org", changed.email()),
        () -> assertNull(changed.fullName()),
        () -> assertNull(changed.age()),
        () -> assertFalse(changed.active()),
        () -> assertEquals(created.createdAt(), changed.createdAt(), "createdAt does not change"),
        () -> assertFalse(changed.updatedAt().isBefore(created.updatedAt()), "updatedAt moves forward"),
        () -> assertEquals(truncate(changed.updatedAt()), changed.updatedAt()),
        () -> assertEquals(Optional.of(changed), store.get(created.id())),
        () -> assertEquals(Optional.of(changed), store.findByEmail("ANN@example.org")),
        () -> assertEquals(Optional.empty(), store.findByEmail("ann@example.com")));
    User again = store.update(changed.toBuilder().fullName("").build());
    assertEquals(3, again.version());
    assertEquals("", store.get(created.id()).orElseThrow().fullName());
  }

  @Test
  void updateWithStaleVersionIsAConcurrentUpdate() {
    User created = store.create(user("ann"));
    User first = store.update(created.toBuilder().age(40).build());
    assertThrows(ConcurrentUpdateException.class, () -> store.update(created.toBuilder().age(50).build()));
    assertThrows(ConcurrentUpdateException.class,
        () -> store.update(first.toBuilder().version(first.version() + 1).age(60).build()),
        "a version from the future is not the stored one either");
    assertEquals(Optional.of(first), store.get(created.id()), "the stale update changed nothing");
  }

  @Test
  void updateOfMissingUserIsNotFound() {
    User created = store.create(user("ann"));
    assertTrue(store.delete(created.id()));
    assertThrows(EntityNotFoundException.class, () -> store.update(created.toBuilder().age(20).build()));
    User stranger = created.toBuilder().id(UserId.of(UUID.randomUUID())).username("zed").email("zed@example.com").build();
    assertThrows(EntityNotFoundException.class, () -> store.update(stranger));
    assertEquals(List.of(), findAll(UserQuery.all()), "an update never creates");
  }

  @Test
  void updateToTakenUsernameOrEmailIsADuplicate() {
    User ann = store.create(user("ann"));
    store.create(user("bob"));
    DuplicateKeyException byName = assertThrows(DuplicateKeyException.class,
        () -> store.update(ann.toBuilder().username("BOB").build()));
    assertEquals("username", byName.field());
    DuplicateKeyException byEmail = assertThrows(DuplicateKeyException.class,
        () -> store.update(ann.toBuilder().email("Bob@Example.com").build()));
    assertEquals("email", byEmail.field());
    assertEquals(Optional.of(ann), store.get(ann.id()), "the failed updates changed nothing");

    User renamed = store.update(ann.toBuilder().username("ANN").email("ANN@EXAMPLE.COM").build());
    assertEquals("ANN", renamed.username(), "a user may change the case of their own username");
    assertEquals(Optional.of(renamed), store.findByUsername("ann"));
  }

  // ==== delete ==================================================================================

  @Test
  void deleteCascadesToPostsAndTagLinks() {
    User ann = store.create(user("ann"));
    User bob = store.create(user("bob"));
    Post a1 = store.addPost(ann.id(), NewPost.of("ann one", "x"));
    Post a2 = store.addPost(ann.id(), NewPost.of("ann two", "y"));
    Post b1 = store.addPost(bob.id(), NewPost.of("bob one", "z"));
    store.tag(a1.id(), Set.of("shared", "ann-only"));
    store.tag(a2.id(), Set.of("shared"));
    store.tag(b1.id(), Set.of("shared"));

    assertTrue(store.delete(ann.id()));
    assertAll(
        () -> assertEquals(Optional.empty(), store.get(ann.id())),
        () -> assertEquals(Optional.empty(), store.findByUsername("ann")),
        () -> assertEquals(Optional.empty(), store.getPost(a1.id())),
        () -> assertEquals(Optional.empty(), store.getPost(a2.id())),
        () -> assertEquals(Set.of(), store.tagsOf(a1.id())),
        () -> assertEquals(List.of(), postIds(PostQuery.builder().author(ann.id()).build())),
        () -> assertEquals(List.of(b1.id()), postIds(PostQuery.builder().tag("shared").build())),
        () -> assertEquals(List.of(), postIds(PostQuery.builder().tag("ann-only").build())),
        () -> assertEquals(Set.of("shared"), store.tagsOf(b1.id()), "other users' posts are untouched"),
        () -> assertFalse(store.delete(ann.id()), "a second delete finds nothing"));
    // the username and e-mail are free again
    User again = store.create(user("ann"));
    assertNotEquals(ann.id(), again.id());
  }

  @Test
  void deleteWithExpectedVersion() {
    User created = store.create(user("ann"));
    User updated = store.update(created.toBuilder().age(33).build());
    assertThrows(ConcurrentUpdateException.class, () -> store.delete(created.id(), created.version()));
    assertEquals(Optional.of(updated), store.get(created.id()), "the stale delete kept the user");
    assertTrue(store.delete(created.id(), updated.version()));
    assertEquals(Optional.empty(), store.get(created.id()));
    assertFalse(store.delete(created.id(), updated.version()), "nothing to delete");
    assertFalse(store.delete(UserId.of(UUID.randomUUID())));
  }

  // ==== posts and tags ==========================================================================

  @Test
  void addPostAndReadItBack() {
    User ann = store.create(user("ann"));
    Instant before = Instant.now();
    Post post = store.addPost(ann.id(), NewPost.of("Hello", "World"));
    assertAll(
        () -> assertEquals(ann.id(), post.authorId()),
        () -> assertEquals("Hello", post.title()),
        () -> assertEquals("World", post.content()),
        () -> assertEquals(truncate(post.createdAt()), post.createdAt()),
        () -> assertTrue(!post.createdAt().isBefore(before.minus(Duration.ofMinutes(1)))));
    Post read = store.getPost(post.id()).orElseThrow();
    assertEquals(Optional.of(Set.of()), read.tags(), "getPost loads the tags, here none");
    assertEquals(post.withTags(null), read.withTags(null));
    Post empty = store.addPost(ann.id(), NewPost.of("Empty", ""));
    assertEquals("", store.getPost(empty.id()).orElseThrow().content(), "empty content is kept, not null");
  }

  @Test
  void addPostToMissingUserIsNotFound() {
    assertThrows(EntityNotFoundException.class,
        () -> store.addPost(UserId.of(UUID.randomUUID()), NewPost.of("orphan", "text")));
    User ann = store.create(user("ann"));
    store.delete(ann.id());
    assertThrows(EntityNotFoundException.class, () -> store.addPost(ann.id(), NewPost.of("orphan", "text")));
    assertEquals(List.of(), postIds(PostQuery.builder().build()));
  }

  @Test
  void tagsAreIdempotentSortedAndCaseSensitive() {
    User ann = store.create(user("ann"));
    Post post = store.addPost(ann.id(), NewPost.of("tagged", "text"));
    store.tag(post.id(), Set.of("java", "db"));
    store.tag(post.id(), Set.of("java", "x"));
    store.tag(post.id(), Set.of());
    assertEquals(List.of("db", "java", "x"), List.copyOf(store.tagsOf(post.id())), "sorted, without repeats");
    store.tag(post.id(), Set.of("Java"));
    assertEquals(Set.of("db", "java", "Java", "x"), store.tagsOf(post.id()), "tags are case-sensitive");
    store.untag(post.id(), Set.of("db", "never-there"));
    assertEquals(Set.of("java", "Java", "x"), store.tagsOf(post.id()));
    store.untag(post.id(), Set.of("java", "Java", "x"));
    assertEquals(Set.of(), store.tagsOf(post.id()));
    assertEquals(Optional.of(Set.of()), store.getPost(post.id()).orElseThrow().tags());
    assertThrows(EntityNotFoundException.class, () -> store.tag(PostId.of(UUID.randomUUID()), Set.of("x")));
  }

  @Test
  void postsByTag() {
    User ann = store.create(user("ann"));
    User bob = store.create(user("bob"));
    Post p1 = store.addPost(ann.id(), NewPost.of("p1", "a"));
    Post p2 = store.addPost(bob.id(), NewPost.of("p2", "b"));
    Post p3 = store.addPost(ann.id(), NewPost.of("p3", "c"));
    store.tag(p1.id(), Set.of("java"));
    store.tag(p2.id(), Set.of("java", "sql"));
    store.tag(p3.id(), Set.of("Java"));
    assertAll(
        () -> assertEquals(List.of(p1.id(), p2.id()), postIds(PostQuery.builder().tag("java").build())),
        () -> assertEquals(List.of(p3.id()), postIds(PostQuery.builder().tag("Java").build())),
        () -> assertEquals(List.of(p2.id()), postIds(PostQuery.builder().tag("sql").build())),
        () -> assertEquals(List.of(), postIds(PostQuery.builder().tag("none").build())),
        () -> assertEquals(List.of(p1.id()), postIds(PostQuery.builder().tag("java").author(ann.id()).build())));
    List<Post> withTags = findAllPosts(PostQuery.builder().tag("java").include(Include.TAGS).build());
    assertEquals(List.of(Optional.of(Set.of("java")), Optional.of(Set.of("java", "sql"))),
        withTags.stream().map(Post::tags).toList(), "include(TAGS) loads every tag, not just the queried one");
  }

  @Test
  void findPostsFiltersSortsAndPages() throws Throwable {
    User ann = store.create(user("ann"));
    User bob = store.create(user("bob"));
    List<Post> posts = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      posts.add(store.addPost(i % 2 == 0 ? bob.id() : ann.id(), NewPost.of(String.format("t%02d", i), "c" + i)));
    }
    assertAll(
        () -> assertEquals(ids(posts, 0, 2, 4, 6), postIds(PostQuery.builder().author(ann.id()).build())),
        () -> assertEquals(ids(posts, 2), postIds(PostQuery.builder().filter(Filter.eq(PostField.TITLE, "t03")).build())),
        () -> assertEquals(ids(posts, 6, 5, 4, 3, 2, 1, 0),
            postIds(PostQuery.builder().sort(Sort.desc(PostField.TITLE)).build())),
        () -> assertEquals(ids(posts, 1, 3),
            postIds(PostQuery.builder().filter(Filter.and(Filter.eq(PostField.AUTHOR_ID, bob.id()),
                Filter.lt(PostField.TITLE, "t05"))).build())),
        () -> assertEquals(ids(posts, 0, 1, 2, 3, 4, 5, 6), postIds(PostQuery.builder()
            .filter(Filter.ge(PostField.CREATED_AT, posts.get(0).createdAt())).build())));
    requires(CURSOR_PAGES, () -> {
      PostQuery query = PostQuery.builder().sort(Sort.desc(PostField.CREATED_AT)).build();
      List<Post> paged = readPages(PageRequest.first(3), page -> store.findPosts(query.withPage(page)));
      List<PostId> expected = posts.stream()
          .sorted(Comparator.comparing(Post::createdAt).thenComparing(p -> p.id().value().toString()).reversed())
          .map(Post::id).toList();
      assertEquals(expected, paged.stream().map(Post::id).toList(), "posts by cursor, newest first, no repeats");
    }, () -> store.findPosts(PostQuery.builder().first(3).build()));
    requires(EXACT_COUNT, () -> {
      Page<Post> page = store.findPosts(PostQuery.builder().author(ann.id()).countMode(CountMode.EXACT)
          .page(firstPage(2)).build());
      assertEquals(2, page.size());
      assertEquals(4, page.total().orElseThrow());
    }, () -> store.count(Filter.all()));
  }

  @Test
  void deletePostRemovesItAndItsTagLinks() {
    User ann = store.create(user("ann"));
    Post p1 = store.addPost(ann.id(), NewPost.of("p1", "a"));
    Post p2 = store.addPost(ann.id(), NewPost.of("p2", "b"));
    store.tag(p1.id(), Set.of("gone"));
    store.tag(p2.id(), Set.of("kept"));
    assertTrue(store.deletePost(p1.id()));
    assertAll(
        () -> assertEquals(Optional.empty(), store.getPost(p1.id())),
        () -> assertEquals(Set.of(), store.tagsOf(p1.id())),
        () -> assertEquals(List.of(), postIds(PostQuery.builder().tag("gone").build())),
        () -> assertEquals(List.of(p2.id()), postIds(PostQuery.builder().author(ann.id()).build())),
        () -> assertEquals(Set.of("kept"), store.tagsOf(p2.id())),
        () -> assertFalse(store.deletePost(p1.id())),
        () -> assertTrue(store.get(ann.id()).isPresent()));
  }

  @Test
  void fullTextSearchFindsPostsByWholeWords() throws Throwable {
    User ann = store.create(user("ann"));
    Post indexing = store.addPost(ann.id(), NewPost.of("Indexing strategies for databases",
        "Composite keys and covering indexes."));
    Post cooking = store.addPost(ann.id(), NewPost.of("Cooking pasta", "Boil water, add salt, then the noodles."));
    Post travel = store.addPost(ann.id(), NewPost.of("Travelling light", "One backpack is enough for a month."));
    requires(FULL_TEXT, () -> assertAll(
        () -> assertEquals(List.of(indexing.id()), postIds(PostQuery.builder().search("strategies").build()),
            "a whole word of the title"),
        () -> assertEquals(List.of(cooking.id()), postIds(PostQuery.builder().search("noodles").build()),
            "a whole word of the content"),
        () -> assertEquals(List.of(travel.id()), postIds(PostQuery.builder().search("backpack").build())),
        () -> assertEquals(List.of(), postIds(PostQuery.builder().search("submarine").build())),
        () -> assertEquals(List.of(cooking.id()), postIds(PostQuery.builder().search("pasta")
            .author(ann.id()).build()), "search combines with a filter"),
        () -> assertEquals(List.of(), postIds(PostQuery.builder().search("'; DROP TABLE posts;--").build()),
            "search text is data, not query syntax")),
        () -> store.findPosts(PostQuery.builder().search("strategies").build()));
  }

  @Test
  void postIgnoreCaseFiltersFoldNonAsciiLetters() throws Throwable {
    User ann = store.create(user("ann"));
    Post upper = store.addPost(ann.id(), NewPost.of("ÜBER Straße", "ÉCOLE ΣΟΦΙΑ"));
    Post lower = store.addPost(ann.id(), NewPost.of("élan vital", "über σοφια"));
    Post ascii = store.addPost(ann.id(), NewPost.of("uber strasse", "ecole sofia"));
    requires(IGNORE_CASE, () -> assertAll(
        () -> assertEquals(List.of(upper.id()), postIds(postsWhere(Filter.eqIgnoreCase(PostField.TITLE,
            "über straße"))), "lowercase input finds uppercase letters"),
        () -> assertEquals(List.of(lower.id()), postIds(postsWhere(Filter.eqIgnoreCase(PostField.TITLE,
            "ÉLAN VITAL"))), "uppercase input finds lowercase letters"),
        () -> assertEquals(List.of(upper.id()), postIds(postsWhere(Filter.startsWithIgnoreCase(PostField.TITLE,
            "üBER")))),
        () -> assertEquals(List.of(lower.id()), postIds(postsWhere(Filter.startsWithIgnoreCase(PostField.CONTENT,
            "ÜBER σ")))),
        () -> assertEquals(List.of(ascii.id()), postIds(postsWhere(Filter.eqIgnoreCase(PostField.TITLE,
            "UBER STRASSE"))), "case is folded, not accents, and ß is not ss")),
        () -> store.findPosts(postsWhere(Filter.eqIgnoreCase(PostField.TITLE, "über straße"))));
    requires(IGNORE_CASE, () -> requires(SUBSTRING_MATCH, () -> assertAll(
            () -> assertEquals(List.of(upper.id()), postIds(postsWhere(Filter.containsIgnoreCase(PostField.CONTENT,
                "école")))),
            () -> assertEquals(List.of(upper.id(), lower.id()), postIds(postsWhere(
                Filter.containsIgnoreCase(PostField.CONTENT, "ΣΟΦΙΑ")))),
            () -> assertEquals(List.of(upper.id(), lower.id()), postIds(postsWhere(
                Filter.containsIgnoreCase(PostField.CONTENT, "σοφια")))),
            () -> assertEquals(List.of(upper.id()), postIds(postsWhere(Filter.containsIgnoreCase(PostField.TITLE,
                "R STRAßE")))),
            () -> assertEquals(List.of(ascii.id()), postIds(postsWhere(Filter.containsIgnoreCase(PostField.TITLE,
                "UBER"))), "case is folded, not accents")),
            () -> store.findPosts(postsWhere(Filter.containsIgnoreCase(PostField.CONTENT, "école")))),
        () -> store.findPosts(postsWhere(Filter.eqIgnoreCase(PostField.TITLE, "über straße"))));
  }

  private static PostQuery postsWhere(Filter<PostField> filter) {
    return PostQuery.builder().filter(filter).build();
  }

  // ==== aggregates ==============================================================================

  @Test
  void ageStatsIgnoreMissingAges() throws Throwable {
    filterFixture();
    requires(AGGREGATES, () -> {
      AgeStats all = store.ageStats(Filter.all());
      assertEquals(4, all.count(), "users without an age are not counted");
      assertEquals(31.5, all.average().orElseThrow(), 1e-9);
      assertEquals(25, all.min().orElseThrow());
      assertEquals(41, all.max().orElseThrow());
      AgeStats active = store.ageStats(Filter.eq(UserField.ACTIVE, true));
      assertEquals(2, active.count());
      assertEquals(27.5, active.average().orElseThrow(), 1e-9);
      assertEquals(25, active.min().orElseThrow());
      assertEquals(30, active.max().orElseThrow());
      assertEquals(AgeStats.empty(), store.ageStats(Filter.isNull(UserField.AGE)), "no ages, no statistics");
      assertEquals(AgeStats.empty(), store.ageStats(Filter.eq(UserField.USERNAME, "nobody")));
    }, () -> store.ageStats(Filter.all()));
  }

  @Test
  void countByGroupsWithTheNullGroupFirst() throws Throwable {
    filterFixture();
    requires(AGGREGATES, () -> {
      Map<Object, Long> byAge = store.countBy(UserField.AGE, Filter.all());
      assertEquals(Arrays.asList(null, 25L, 30L, 41L), new ArrayList<>(byAge.keySet()), "ordered by value, null first");
      assertEquals(List.of(2L, 1L, 2L, 1L), new ArrayList<>(byAge.values()));
      assertTrue(byAge.keySet().stream().skip(1).allMatch(Long.class::isInstance), "AGE keys are Longs");

      Map<Object, Long> byActive = store.countBy(UserField.ACTIVE, Filter.all());
      assertEquals(List.of(false, true), new ArrayList<>(byActive.keySet()));
      assertEquals(List.of(3L, 3L), new ArrayList<>(byActive.values()));

      Map<Object, Long> byAgeActive = store.countBy(UserField.AGE, Filter.eq(UserField.ACTIVE, true));
      assertEquals(Arrays.asList(null, 25L, 30L), new ArrayList<>(byAgeActive.keySet()));
      assertEquals(List.of(1L, 1L, 1L), new ArrayList<>(byAgeActive.values()));

      Map<Object, Long> byName = store.countBy(UserField.FULL_NAME, Filter.in(UserField.USERNAME,
          List.of("cid", "dee", "bob")));
      assertEquals(3, byName.size(), "null and the empty string are different groups: " + byName);
      assertTrue(byName.containsKey(null) && byName.containsKey("") && byName.containsKey("Bob Baker"));
      assertNull(byName.keySet().iterator().next(), "the null group comes first");

      assertEquals(Map.of(), store.countBy(UserField.AGE, Filter.eq(UserField.USERNAME, "nobody")));
    }, () -> store.countBy(UserField.AGE, Filter.all()));
  }

  @Test
  void topAuthorsOrderedByCountThenUsername() throws Throwable {
    Map<String, Integer> postsPerUser = new LinkedHashMap<>();
    postsPerUser.put("cid", 2);
    postsPerUser.put("ann", 3);
    postsPerUser.put("dee", 0);
    postsPerUser.put("bob", 2);
    postsPerUser.put("eve", 1);
    Map<String, UserId> ids = new LinkedHashMap<>();
    postsPerUser.forEach((name, count) -> {
      User user = store.create(user(name));
      ids.put(name, user.id());
      for (int i = 0; i < count; i++) {
        store.addPost(user.id(), NewPost.of((i == 0 ? "db " : "misc ") + name, "text"));
      }
    });
    requires(AGGREGATES, () -> {
      assertEquals(List.of(new AuthorCount(ids.get("ann"), "ann", 3), new AuthorCount(ids.get("bob"), "bob", 2),
              new AuthorCount(ids.get("cid"), "cid", 2), new AuthorCount(ids.get("eve"), "eve", 1)),
          store.topAuthors(10, Filter.all()), "most first, ties by username, authors without posts left out");
      assertEquals(List.of(new AuthorCount(ids.get("ann"), "ann", 3), new AuthorCount(ids.get("bob"), "bob", 2)),
          store.topAuthors(2, Filter.all()));
      assertEquals(List.of(new AuthorCount(ids.get("ann"), "ann", 1), new AuthorCount(ids.get("bob"), "bob", 1),
              new AuthorCount(ids.get("cid"), "cid", 1), new AuthorCount(ids.get("eve"), "eve", 1)),
          store.topAuthors(10, Filter.startsWith(PostField.TITLE, "db ")),
          "with a post filter everyone has one matching post: ties by username");
      assertEquals(List.of(), store.topAuthors(5, Filter.eq(PostField.TITLE, "nothing")));
    }, () -> store.topAuthors(3, Filter.all()));
  }

  @Test
  void topAuthorsLimitIsOneToAThousand() throws Throwable {
    User ann = store.create(user("ann"));
    store.addPost(ann.id(), NewPost.of("one", "text"));
    requires(AGGREGATES, () -> {
      for (int limit : new int[] {0, -1, 1001, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
        assertThrows(InvalidQueryException.class, () -> store.topAuthors(limit, Filter.all()),
            "limit " + limit + " is outside 1 to 1000");
      }
      assertEquals(List.of(new AuthorCount(ann.id(), "ann", 1)), store.topAuthors(1, Filter.all()));
      assertEquals(List.of(new AuthorCount(ann.id(), "ann", 1)), store.topAuthors(1000, Filter.all()));
    }, () -> store.topAuthors(3, Filter.all()));
  }

  // ==== transactions ============================================================================

  @Test
  void transactionCommitsAllItsWrites() throws Throwable {
    User existing = store.create(user("old"));
    requires(TRANSACTIONS, () -> {
      String result = store.inTransaction(tx -> {
        User ann = tx.create(user("ann"));
        tx.addPost(ann.id(), NewPost.of("in tx", "text"));
        tx.update(existing.toBuilder().age(77).build());
        assertEquals(Optional.of(ann), tx.get(ann.id()), "a transaction reads its own writes");
        assertEquals(Optional.of(ann), tx.findByUsername("ANN"));
        return "done";
      });
      assertEquals("done", result);
      User ann = store.findByUsername("ann").orElseThrow();
      assertEquals(1, postIds(PostQuery.builder().author(ann.id()).build()).size());
      assertEquals(77, store.get(existing.id()).orElseThrow().age());
      store.useTransaction(tx -> tx.create(user("bob")));
      assertTrue(store.findByUsername("bob").isPresent());
    }, () -> store.inTransaction(tx -> null));
  }

  @Test
  void transactionRollbackLeavesNoTrace() throws Throwable {
    User existing = store.create(user("old"));
    Post kept = store.addPost(existing.id(), NewPost.of("kept", "text"));
    store.tag(kept.id(), Set.of("kept"));
    requires(TRANSACTIONS, () -> {
      IllegalStateException failure = new IllegalStateException("boom");
      IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> store.inTransaction(tx -> {
        User ann = tx.create(user("ann"));
        tx.addPost(ann.id(), NewPost.of("lost", "text"));
        tx.update(existing.toBuilder().age(99).build());
        tx.tag(kept.id(), Set.of("lost"));
        tx.deletePost(kept.id());
        throw failure;
      }));
      assertSame(failure, thrown, "the callback's exception propagates unchanged");
      assertAll(
          () -> assertEquals(Optional.empty(), store.findByUsername("ann")),
          () -> assertEquals(Optional.of(existing), store.get(existing.id()), "the update was undone"),
          () -> assertTrue(store.getPost(kept.id()).isPresent(), "the delete was undone"),
          () -> assertEquals(Set.of("kept"), store.tagsOf(kept.id())),
          () -> assertEquals(List.of(kept.id()), postIds(PostQuery.builder().build())));

      DuplicateKeyException duplicate = assertThrows(DuplicateKeyException.class, () -> store.inTransaction(tx -> {
        tx.create(user("bob"));
        return tx.create(NewUser.builder().username("OLD").email("other@example.com").build());
      }));
      assertEquals("username", duplicate.field(), "a store error inside a transaction keeps its type");
      assertEquals(Optional.empty(), store.findByUsername("bob"), "and undoes the earlier writes");
    }, () -> store.inTransaction(tx -> null));
  }

  @Test
  void nestedTransactionIsASavepoint() throws Throwable {
    requires(TRANSACTIONS, () -> requires(SAVEPOINTS, () -> {
      store.useTransaction(tx -> {
        tx.create(user("outer1"));
        RuntimeException inner = assertThrows(UnsupportedOperationException.class, () -> tx.useTransaction(nested -> {
          nested.create(user("inner"));
          throw new UnsupportedOperationException("inner failure");
        }));
        assertEquals("inner failure", inner.getMessage());
        assertEquals(Optional.empty(), tx.findByUsername("inner"), "the savepoint was rolled back");
        tx.useTransaction(nested -> nested.create(user("kept")));
        tx.create(user("outer2"));
      });
      assertEquals(List.of("kept", "outer1", "outer2"), usernames(Filter.all()),
          "the outer transaction keeps its writes and the successful savepoint");

      assertThrows(IllegalStateException.class, () -> store.useTransaction(tx -> {
        tx.create(user("gone1"));
        tx.useTransaction(nested -> nested.create(user("gone2")));
        throw new IllegalStateException("outer failure");
      }));
      assertEquals(List.of("kept", "outer1", "outer2"), usernames(Filter.all()),
          "an outer failure undoes its savepoints too");
    }, () -> store.inTransaction(tx -> tx.inTransaction(nested -> null))),
        () -> store.inTransaction(tx -> null));
  }

  // ==== concurrency =============================================================================

  @Test
  void concurrentCreatesOfOneUsernameLetExactlyOneWin() throws Exception {
    List<Object> outcomes = Concurrently.run(4, i -> store.create(
        NewUser.builder().username(i % 2 == 0 ? "race" : "RACE").email("race" + i + "@example.com").build()));
    long created = outcomes.stream().filter(User.class::isInstance).count();
    List<Object> others = outcomes.stream().filter(o -> !(o instanceof User)).toList();
    assertEquals(1, created, "exactly one create wins: " + outcomes);
    for (Object other : others) {
      assertTrue(other instanceof DuplicateKeyException d && d.field().equals("username"),
          "the others are DuplicateKeyException(username), not " + other);
    }
    assertEquals(1, usernames(Filter.all()).size());
  }

  @Test
  void concurrentUpdatesOfOneVersionLetExactlyOneWin() throws Exception {
    User created = store.create(user("ann"));
    List<Object> outcomes = Concurrently.run(4, i -> store.update(created.toBuilder().age(20 + i).build()));
    List<User> winners = outcomes.stream().filter(User.class::isInstance).map(User.class::cast).toList();
    assertEquals(1, winners.size(), "exactly one update of version 1 wins: " + outcomes);
    assertTrue(outcomes.stream().filter(o -> !(o instanceof User)).allMatch(ConcurrentUpdateException.class::isInstance),
        "the others are ConcurrentUpdateException: " + outcomes);
    assertEquals(Optional.of(winners.get(0)), store.get(created.id()));
    assertEquals(2, winners.get(0).version());
  }

  // ==== time and volume =========================================================================

  @Test
  void instantsRoundTripAtTheDeclaredPrecision() {
    ChronoUnit precision = capabilities().timePrecision();
    User ann = store.create(user("ann"));
    User bob = store.create(user("bob"));
    Post post = store.addPost(ann.id(), NewPost.of("time", "text"));
    User read = store.get(ann.id()).orElseThrow();
    assertAll(
        () -> assertEquals(ann.createdAt().truncatedTo(precision), read.createdAt()),
        () -> assertEquals(ann.createdAt(), read.createdAt()),
        () -> assertEquals(post.createdAt(), store.getPost(post.id()).orElseThrow().createdAt()),
        () -> assertFalse(bob.createdAt().isBefore(ann.createdAt()), "later creates are not earlier"),
        () -> assertEquals(List.of("ann"), usernames(Filter.and(Filter.eq(UserField.CREATED_AT, ann.createdAt()),
            Filter.eq(UserField.USERNAME, "ann")))),
        () -> assertEquals(List.of("ann", "bob"), usernames(Filter.between(UserField.CREATED_AT,
            ann.createdAt(), bob.createdAt()))),
        () -> assertEquals(List.of(), usernames(Filter.lt(UserField.CREATED_AT, YEAR_1900))),
        () -> assertEquals(List.of(), usernames(Filter.gt(UserField.CREATED_AT, YEAR_2200))),
        () -> assertEquals(List.of(), usernames(Filter.lt(UserField.CREATED_AT,
            Instant.parse("1969-12-31T23:59:59.999Z")))),
        () -> assertEquals(List.of("ann", "bob"), usernames(Filter.gt(UserField.CREATED_AT,
            Instant.parse("1899-12-31T23:59:59Z")))),
        () -> assertEquals(List.of(post.id()), postIds(PostQuery.builder()
            .filter(Filter.eq(PostField.CREATED_AT, post.createdAt())).build())));
  }

  @Test
  void largeResultsPageThroughCompletely() throws Throwable {
    int total = 1500;
    List<User> created = new ArrayList<>(total);
    List<NewUser> batch = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      batch.add(NewUser.builder().username(String.format("big%04d", i)).email("big" + i + "@example.com")
          .age(i % 100).build());
      if (batch.size() == 25) {
        created.addAll(store.createAll(batch));
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

  // ==== fixtures and helpers ====================================================================

  /** The first page of the kind the store supports, cursor preferred. */
  private PageRequest firstPage(int size) {
    return has(CURSOR_PAGES) || !has(OFFSET_PAGES) ? PageRequest.first(size) : PageRequest.offset(0, size);
  }

  private NewUser user(String username) {
    return NewUser.builder().username(username).email(username + "@example.com").build();
  }

  private List<NewUser> numbered(String prefix, int count) {
    List<NewUser> users = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      users.add(user(String.format("%s%02d", prefix, i)));
    }
    return users;
  }

  /** Six users covering nulls, the empty string, both booleans and mixed-case e-mails. */
  private List<User> filterFixture() {
    return store.createAll(List.of(
        NewUser.builder().username("ann").email("ann@example.com").fullName("Ann Archer").age(25).active(true).build(),
        NewUser.builder().username("bob").email("bob@example.com").fullName("Bob Baker").age(30).active(true).build(),
        NewUser.builder().username("cid").email("cid@example.org").fullName(null).age(30).active(false).build(),
        NewUser.builder().username("dee").email("dee@example.org").fullName("").age(null).active(true).build(),
        NewUser.builder().username("eve").email("Eve@Example.NET").fullName("EVE EVANS").age(41).active(false).build(),
        NewUser.builder().username("fay").email("fay@example.net").fullName("Fay Fisher").age(null).active(false).build()));
  }

  /** Users whose names and patterns look like SQL, LIKE wildcards and escapes. */
  private void sqlLookingFixture() {
    store.createAll(List.of(
        NewUser.builder().username("'; DROP TABLE users;--").email("bobby@example.com")
            .fullName("'; DROP TABLE users;--").build(),
        NewUser.builder().username("100%").email("percent@example.com").build(),
        NewUser.builder().username("100x").email("hundred@example.com").build(),
        NewUser.builder().username("a_b").email("underscore@example.com").build(),
        NewUser.builder().username("axb").email("axb@example.com").build(),
        NewUser.builder().username("back\\slash").email("backslash@example.com").build(),
        NewUser.builder().username("backxslash").email("backx@example.com").build()));
  }

  /** Eight users with null and tied ages, null and empty full names, both booleans. */
  private List<User> sortFixture() {
    String[][] rows = {
        {"u01", "30", "true", "Zed"}, {"u02", null, "true", null}, {"u03", "25", "false", ""},
        {"u04", "30", "false", "Amy"}, {"u05", null, "false", null}, {"u06", "40", "true", ""},
        {"u07", "25", "true", "Bea"}, {"u08", null, "true", "Cat"}};
    List<User> users = new ArrayList<>();
    for (String[] row : rows) {
      users.add(store.create(NewUser.builder().username(row[0]).email(row[0] + "@example.com")
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
  private static List<User> expectedOrder(List<User> users, List<Sort<UserField>> sort) {
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
  private static Comparable<Object> sortValue(User user, UserField field) {
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

  private void assertMatches(Filter<UserField> filter, String... expected) {
    assertEquals(Arrays.stream(expected).sorted().toList(), usernames(filter), "users matching " + filter);
  }

  /** The usernames matching a filter, sorted. */
  private List<String> usernames(Filter<UserField> filter) {
    return findAll(UserQuery.builder().filter(filter).build()).stream().map(User::username).sorted().toList();
  }

  /** Every row of a query, by cursor when the store pages by cursor, else by offset. */
  private List<User> findAll(UserQuery query) {
    PageRequest first = has(CURSOR_PAGES) || !has(OFFSET_PAGES)
        ? PageRequest.first(Math.min(100, query.page().size())) : PageRequest.offset(0, 100);
    return readPages(query.withPage(first));
  }

  /** Every row of a query, from the query's own page on, following cursors or offsets. */
  private List<User> readPages(UserQuery query) {
    return readPages(query.page(), page -> store.find(query.withPage(page)));
  }

  private List<Post> findAllPosts(PostQuery query) {
    return readPages(firstPage(100), page -> store.findPosts(query.withPage(page)));
  }

  /**
   * Every item of the pages {@code find} returns from {@code first} on: after a cursor page the page after its
   * cursor, after an offset page the next offset, each of {@code first}'s size, until a page has no next.
   */
  private static <T> List<T> readPages(PageRequest first, Function<PageRequest, Page<T>> find) {
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

  /** Post ids of a query in result order (default order: by id, which is creation order). */
  private List<PostId> postIds(PostQuery query) {
    return findAllPosts(query).stream().map(Post::id).toList();
  }

  private static List<PostId> ids(List<Post> posts, int... indexes) {
    return Arrays.stream(indexes).mapToObj(i -> posts.get(i).id()).toList();
  }

  private static List<UserId> ids(List<User> users) {
    return users.stream().map(User::id).toList();
  }

  private static List<UserId> sortedIds(List<User> users) {
    return users.stream().map(User::id).sorted(Comparator.comparing(id -> id.value().toString())).toList();
  }

  private Instant truncate(Instant instant) {
    return instant.truncatedTo(capabilities().timePrecision());
  }
}
