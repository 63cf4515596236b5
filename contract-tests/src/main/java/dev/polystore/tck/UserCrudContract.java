package dev.polystore.tck;

import static dev.polystore.Capability.IGNORE_CASE;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.ConcurrentUpdateException;
import dev.polystore.DuplicateKeyException;
import dev.polystore.EntityNotFoundException;
import dev.polystore.InvalidQueryException;
import dev.polystore.query.Filter;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The user-store contract on creating, reading, updating and deleting users: versions and creation
 * times, case-insensitive uniqueness of username and e-mail, lengths and Unicode, all-or-nothing
 * {@code createAll}, optimistic updates, cascading deletes and the precision of stored instants.
 *
 * <p>Part of {@link UserStoreContract}, which composes it with the other user-store features: an adapter
 * subclasses that class, never this interface. JUnit creates one instance per test.
 */
public interface UserCrudContract extends UserContractSupport {

  @Test
  default void createReturnsStoredUserWithVersionOneAndCreationTime() {
    Instant before = Instant.now();
    User created = store().create(NewUser.builder().username("ann").email("ann@example.com")
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
    assertEquals(Optional.of(created), store().get(created.id()), "get returns what create returned");
  }

  @Test
  default void activeDefaultsToTrueAndOptionalFieldsMayBeMissing() {
    User created = store().create(NewUser.builder().username("bob").email("bob@example.com").build());
    User read = store().get(created.id()).orElseThrow();
    assertAll(
        () -> assertTrue(read.active()),
        () -> assertNull(read.fullName()),
        () -> assertNull(read.age()),
        () -> assertEquals(created, read));
  }

  @Test
  default void lookupsOfMissingRowsAreEmpty() {
    store().create(user("ann"));
    assertAll(
        () -> assertEquals(Optional.empty(), store().get(UserId.of(UUID.randomUUID()))),
        () -> assertEquals(Optional.empty(), store().findByUsername("nobody")),
        () -> assertEquals(Optional.empty(), store().findByEmail("nobody@example.com")),
        () -> assertEquals(Optional.empty(), store().getPost(PostId.of(UUID.randomUUID()))),
        () -> assertEquals(Set.of(), store().tagsOf(PostId.of(UUID.randomUUID()))));
  }

  @Test
  default void findsByUsernameAndEmailIgnoringCaseAndKeepsTheGivenCase() {
    User created = store().create(NewUser.builder().username("MixedCase").email("Mixed.Case@Example.COM").build());
    assertAll(
        () -> assertEquals(Optional.of(created), store().findByUsername("mixedcase")),
        () -> assertEquals(Optional.of(created), store().findByUsername("MIXEDCASE")),
        () -> assertEquals(Optional.of(created), store().findByUsername("MixedCase")),
        () -> assertEquals(Optional.of(created), store().findByEmail("mixed.case@example.com")),
        () -> assertEquals("MixedCase", store().findByUsername("mixedcase").orElseThrow().username()),
        () -> assertEquals("Mixed.Case@Example.COM", store().findByEmail("MIXED.CASE@EXAMPLE.COM").orElseThrow().email()));
  }

  @Test
  default void duplicateUsernameDifferingOnlyInCaseIsRejected() {
    store().create(NewUser.builder().username("alice").email("alice@example.com").build());
    DuplicateKeyException e = assertThrows(DuplicateKeyException.class,
        () -> store().create(NewUser.builder().username("ALICE").email("other@example.com").build()));
    assertEquals("username", e.field(), e.getMessage());
    assertEquals(Optional.empty(), store().findByEmail("other@example.com"), "nothing of the failed create is stored");
    assertEquals(1, findAll(UserQuery.all()).size());
  }

  @Test
  default void duplicateEmailDifferingOnlyInCaseIsRejected() {
    store().create(NewUser.builder().username("alice").email("alice@example.com").build());
    DuplicateKeyException e = assertThrows(DuplicateKeyException.class,
        () -> store().create(NewUser.builder().username("bob").email("ALICE@Example.Com").build()));
    assertEquals("email", e.field(), e.getMessage());
    assertEquals(Optional.empty(), store().findByUsername("bob"), "nothing of the failed create is stored");
    assertEquals(1, findAll(UserQuery.all()).size());
  }

  @Test
  default void caseInsensitivityCoversNonAsciiLetters() throws Throwable {
    User olaf = store().create(NewUser.builder().username("Ølaf Ünal").email("Ølaf@Bücher.example").build());
    assertAll(
        () -> assertEquals(Optional.of(olaf), store().findByUsername("ølaf ünal")),
        () -> assertEquals(Optional.of(olaf), store().findByUsername("ØLAF ÜNAL")),
        () -> assertEquals(Optional.of(olaf), store().findByEmail("ølaf@bücher.example")),
        () -> assertEquals("username", assertThrows(DuplicateKeyException.class, () -> store().create(
            NewUser.builder().username("ØLAF ÜNAL").email("other@example.com").build())).field()),
        () -> assertEquals("email", assertThrows(DuplicateKeyException.class, () -> store().create(
            NewUser.builder().username("other").email("ølaf@BÜCHER.example").build())).field()));
    requires(IGNORE_CASE, () -> assertAll(
        () -> assertMatches(Filter.eqIgnoreCase(UserField.USERNAME, "ølaf ünal"), "Ølaf Ünal"),
        () -> assertMatches(Filter.startsWithIgnoreCase(UserField.EMAIL, "ølaf@bü"), "Ølaf Ünal")),
        () -> usernames(Filter.eqIgnoreCase(UserField.USERNAME, "ølaf ünal")));
  }

  @Test
  default void maximumLengthsRoundTripCountedInCodePoints() {
    String username = "😀".repeat(NewUser.MAX_USERNAME_LENGTH);
    String email = "a".repeat(NewUser.MAX_EMAIL_LENGTH - "@example.com".length()) + "@example.com";
    String fullName = "𝄞".repeat(NewUser.MAX_FULL_NAME_LENGTH);
    User created = store().create(NewUser.builder().username(username).email(email).fullName(fullName).build());
    User read = store().get(created.id()).orElseThrow();
    assertAll(
        () -> assertEquals(username, read.username()),
        () -> assertEquals(email, read.email()),
        () -> assertEquals(fullName, read.fullName()),
        () -> assertEquals(Optional.of(created), store().findByUsername(username)));
    String title = "é".repeat(NewPost.MAX_TITLE_LENGTH - 1) + "😀";
    StringBuilder content = new StringBuilder();
    while (content.length() < 100_000) {
      content.append("Line ").append(content.length()).append(": ünïcödé 😀 text.\n");
    }
    Post post = store().addPost(created.id(), NewPost.of(title, content.toString()));
    Post readPost = store().getPost(post.id()).orElseThrow();
    assertEquals(title, readPost.title());
    assertEquals(content.toString(), readPost.content(), "100 000 characters of content come back unchanged");
  }

  @Test
  default void unicodeRoundTripsUnchanged() {
    String emoji = "emoji😀🎉𝄞";                    // 4-byte UTF-8 (surrogate pairs in Java)
    String rightToLeft = "مرحبا بالعالم שלום";           // Arabic and Hebrew
    String combining = "Zoe\u0308 Cafe\u0301 n\u0303";    // decomposed: must not be normalised
    String cjk = "ユーザー名前";
    User created = store().create(NewUser.builder().username(emoji).email("ünï😀@exämple.com")
        .fullName(rightToLeft + " " + combining + " " + cjk).build());
    User read = store().get(created.id()).orElseThrow();
    assertAll(
        () -> assertEquals(emoji, read.username()),
        () -> assertEquals("ünï😀@exämple.com", read.email()),
        () -> assertEquals(rightToLeft + " " + combining + " " + cjk, read.fullName()),
        () -> assertEquals(Optional.of(created), store().findByUsername(emoji)),
        () -> assertEquals(Optional.of(created), store().findByEmail("ünï😀@exämple.com")),
        () -> assertEquals(List.of(emoji), usernames(Filter.eq(UserField.FULL_NAME, read.fullName()))),
        () -> assertEquals(List.of(emoji), usernames(Filter.startsWith(UserField.USERNAME, "emoji😀"))));

    Post post = store().addPost(created.id(), NewPost.of("😀 " + rightToLeft, combining + " " + emoji));
    store().tag(post.id(), Set.of("😀", "שלום", combining));
    Post readPost = store().getPost(post.id()).orElseThrow();
    assertAll(
        () -> assertEquals("😀 " + rightToLeft, readPost.title()),
        () -> assertEquals(combining + " " + emoji, readPost.content()),
        () -> assertEquals(new TreeSet<>(Set.of("😀", "שלום", combining)), readPost.tags().orElseThrow()),
        () -> assertEquals(List.of(post.id()), postIds(PostQuery.builder().tag("😀").build())));
  }

  @Test
  default void nullAndEmptyFullNameAreDistinct() {
    User withNull = store().create(NewUser.builder().username("nul").email("nul@example.com").fullName(null).build());
    User withEmpty = store().create(NewUser.builder().username("emp").email("emp@example.com").fullName("").build());
    store().create(NewUser.builder().username("ful").email("ful@example.com").fullName("Full").build());
    assertAll(
        () -> assertNull(store().get(withNull.id()).orElseThrow().fullName()),
        () -> assertEquals("", store().get(withEmpty.id()).orElseThrow().fullName()),
        () -> assertEquals(List.of("nul"), usernames(Filter.isNull(UserField.FULL_NAME))),
        () -> assertEquals(List.of("emp"), usernames(Filter.eq(UserField.FULL_NAME, ""))),
        () -> assertEquals(List.of("emp", "ful"), usernames(Filter.isNotNull(UserField.FULL_NAME))));
  }

  @Test
  default void createAllStoresEveryUserInOrder() {
    List<User> created = store().createAll(List.of(user("ann"), user("bob"), user("cid")));
    assertEquals(List.of("ann", "bob", "cid"), created.stream().map(User::username).toList());
    assertEquals(3, created.stream().map(User::id).distinct().count(), "ids are distinct");
    for (User user : created) {
      assertEquals(1, user.version());
      assertEquals(Optional.of(user), store().get(user.id()));
    }
    assertEquals(List.of(), store().createAll(List.of()), "an empty batch creates nothing");
  }

  @Test
  default void createAllWithDuplicateInsideTheBatchStoresNothing() {
    DuplicateKeyException e = assertThrows(DuplicateKeyException.class, () -> store().createAll(List.of(
        user("ann"), user("bob"), NewUser.builder().username("BOB").email("bob2@example.com").build(), user("cid"))));
    assertEquals("username", e.field(), e.getMessage());
    assertEquals(List.of(), findAll(UserQuery.all()), "all or nothing");
    assertEquals(Optional.empty(), store().findByUsername("ann"));

    DuplicateKeyException byEmail = assertThrows(DuplicateKeyException.class, () -> store().createAll(List.of(
        user("dee"), NewUser.builder().username("eve").email("DEE@example.com").build())));
    assertEquals("email", byEmail.field(), byEmail.getMessage());
    assertEquals(List.of(), findAll(UserQuery.all()), "all or nothing");
  }

  @Test
  default void createAllWithDuplicateOfStoredUserStoresNothing() {
    store().create(user("carol"));
    DuplicateKeyException e = assertThrows(DuplicateKeyException.class,
        () -> store().createAll(List.of(user("xavier"), user("yvonne"),
            NewUser.builder().username("Carol").email("carol2@example.com").build())));
    assertEquals("username", e.field(), e.getMessage());
    assertEquals(List.of("carol"), usernames(Filter.all()), "none of the batch is stored");
  }

  @Test
  default void aLargeCreateAllStoresEveryUserOrIsRefusedWithoutWritingAny() {
    List<NewUser> hundred = numbered("h", 100);
    boolean bounded = false;
    try {
      List<User> created = store().createAll(hundred);
      assertEquals(hundred.stream().map(NewUser::username).toList(), created.stream().map(User::username).toList());
      assertEquals(sortedIds(created), ids(findAll(UserQuery.all())), "all 100 are stored");
    } catch (InvalidQueryException refused) {
      // a backend whose atomic batches are bounded refuses the list before writing anything
      bounded = true;
      assertEquals(List.of(), findAll(UserQuery.all()), "a refused createAll writes nothing: " + refused.getMessage());
      assertEquals(Optional.empty(), store().findByUsername("h01"));
      assertEquals(Optional.empty(), store().findByUsername("h100"));
    }
    List<String> before = usernames(Filter.all());

    // a duplicate at the end of a large list, inside it or of a stored user, never leaves a partial write
    List<NewUser> withDuplicate = new ArrayList<>(numbered("d", 99));
    withDuplicate.add(NewUser.builder().username("D01").email("d-again@example.com").build());
    RuntimeException inside = assertThrows(RuntimeException.class, () -> store().createAll(withDuplicate));
    assertTrue(inside instanceof DuplicateKeyException || bounded && inside instanceof InvalidQueryException,
        "a duplicate fails the batch: " + inside);
    User taken = store().create(user("taken"));
    List<NewUser> withStored = new ArrayList<>(numbered("s", 99));
    withStored.add(NewUser.builder().username("TAKEN").email("s-again@example.com").build());
    RuntimeException stored = assertThrows(RuntimeException.class, () -> store().createAll(withStored));
    assertTrue(stored instanceof DuplicateKeyException || bounded && stored instanceof InvalidQueryException,
        "a taken username fails the batch: " + stored);
    List<String> after = new ArrayList<>(before);
    after.add(taken.username());
    assertEquals(after.stream().sorted().toList(), usernames(Filter.all()), "nothing of either list is stored");
    assertEquals(Optional.empty(), store().findByUsername("d01"));
    assertEquals(Optional.empty(), store().findByEmail("s01@example.com"));
  }

  @Test
  default void updateStoresChangesAndBumpsTheVersion() {
    User created = store().create(NewUser.builder().username("ann").email("ann@example.com")
        .fullName("Ann").age(30).build());
    User changed = store().update(created.toBuilder().email("ann@example.org").fullName(null).age(null)
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
        () -> assertEquals(Optional.of(changed), store().get(created.id())),
        () -> assertEquals(Optional.of(changed), store().findByEmail("ANN@example.org")),
        () -> assertEquals(Optional.empty(), store().findByEmail("ann@example.com")));
    User again = store().update(changed.toBuilder().fullName("").build());
    assertEquals(3, again.version());
    assertEquals("", store().get(created.id()).orElseThrow().fullName());
  }

  @Test
  default void updateWithStaleVersionIsAConcurrentUpdate() {
    User created = store().create(user("ann"));
    User first = store().update(created.toBuilder().age(40).build());
    assertThrows(ConcurrentUpdateException.class, () -> store().update(created.toBuilder().age(50).build()));
    assertThrows(ConcurrentUpdateException.class,
        () -> store().update(first.toBuilder().version(first.version() + 1).age(60).build()),
        "a version from the future is not the stored one either");
    assertEquals(Optional.of(first), store().get(created.id()), "the stale update changed nothing");
  }

  @Test
  default void updateOfMissingUserIsNotFound() {
    User created = store().create(user("ann"));
    assertTrue(store().delete(created.id()));
    assertThrows(EntityNotFoundException.class, () -> store().update(created.toBuilder().age(20).build()));
    User stranger = created.toBuilder().id(UserId.of(UUID.randomUUID())).username("zed").email("zed@example.com").build();
    assertThrows(EntityNotFoundException.class, () -> store().update(stranger));
    assertEquals(List.of(), findAll(UserQuery.all()), "an update never creates");
  }

  @Test
  default void updateToTakenUsernameOrEmailIsADuplicate() {
    User ann = store().create(user("ann"));
    store().create(user("bob"));
    DuplicateKeyException byName = assertThrows(DuplicateKeyException.class,
        () -> store().update(ann.toBuilder().username("BOB").build()));
    assertEquals("username", byName.field());
    DuplicateKeyException byEmail = assertThrows(DuplicateKeyException.class,
        () -> store().update(ann.toBuilder().email("Bob@Example.com").build()));
    assertEquals("email", byEmail.field());
    assertEquals(Optional.of(ann), store().get(ann.id()), "the failed updates changed nothing");

    User renamed = store().update(ann.toBuilder().username("ANN").email("ANN@EXAMPLE.COM").build());
    assertEquals("ANN", renamed.username(), "a user may change the case of their own username");
    assertEquals(Optional.of(renamed), store().findByUsername("ann"));
  }

  @Test
  default void deleteCascadesToPostsAndTagLinks() {
    User ann = store().create(user("ann"));
    User bob = store().create(user("bob"));
    Post a1 = store().addPost(ann.id(), NewPost.of("ann one", "x"));
    Post a2 = store().addPost(ann.id(), NewPost.of("ann two", "y"));
    Post b1 = store().addPost(bob.id(), NewPost.of("bob one", "z"));
    store().tag(a1.id(), Set.of("shared", "ann-only"));
    store().tag(a2.id(), Set.of("shared"));
    store().tag(b1.id(), Set.of("shared"));

    assertTrue(store().delete(ann.id()));
    assertAll(
        () -> assertEquals(Optional.empty(), store().get(ann.id())),
        () -> assertEquals(Optional.empty(), store().findByUsername("ann")),
        () -> assertEquals(Optional.empty(), store().getPost(a1.id())),
        () -> assertEquals(Optional.empty(), store().getPost(a2.id())),
        () -> assertEquals(Set.of(), store().tagsOf(a1.id())),
        () -> assertEquals(List.of(), postIds(PostQuery.builder().author(ann.id()).build())),
        () -> assertEquals(List.of(b1.id()), postIds(PostQuery.builder().tag("shared").build())),
        () -> assertEquals(List.of(), postIds(PostQuery.builder().tag("ann-only").build())),
        () -> assertEquals(Set.of("shared"), store().tagsOf(b1.id()), "other users' posts are untouched"),
        () -> assertFalse(store().delete(ann.id()), "a second delete finds nothing"));
    // the username and e-mail are free again
    User again = store().create(user("ann"));
    assertNotEquals(ann.id(), again.id());
  }

  @Test
  default void deleteWithExpectedVersion() {
    User created = store().create(user("ann"));
    User updated = store().update(created.toBuilder().age(33).build());
    assertThrows(ConcurrentUpdateException.class, () -> store().delete(created.id(), created.version()));
    assertEquals(Optional.of(updated), store().get(created.id()), "the stale delete kept the user");
    assertTrue(store().delete(created.id(), updated.version()));
    assertEquals(Optional.empty(), store().get(created.id()));
    assertFalse(store().delete(created.id(), updated.version()), "nothing to delete");
    assertFalse(store().delete(UserId.of(UUID.randomUUID())));
  }

  @Test
  default void instantsRoundTripAtTheDeclaredPrecision() {
    ChronoUnit precision = capabilities().timePrecision();
    User ann = store().create(user("ann"));
    User bob = store().create(user("bob"));
    Post post = store().addPost(ann.id(), NewPost.of("time", "text"));
    User read = store().get(ann.id()).orElseThrow();
    assertAll(
        () -> assertEquals(ann.createdAt().truncatedTo(precision), read.createdAt()),
        () -> assertEquals(ann.createdAt(), read.createdAt()),
        () -> assertEquals(post.createdAt(), store().getPost(post.id()).orElseThrow().createdAt()),
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
}
