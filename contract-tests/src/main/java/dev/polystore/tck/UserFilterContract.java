package dev.polystore.tck;

import static dev.polystore.Capability.IGNORE_CASE;
import static dev.polystore.Capability.SUBSTRING_MATCH;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.query.Filter;
import dev.polystore.user.NewUser;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The user-store contract on filters: comparisons, in-lists and nulls, ids and times, logical
 * combinations, substring and ignore-case matches (each gated on its capability), and values that look like
 * SQL or LIKE patterns matching literally.
 *
 * <p>Part of {@link UserStoreContract}, which composes it with the other user-store features: an adapter
 * subclasses that class, never this interface. JUnit creates one instance per test.
 */
public interface UserFilterContract extends UserContractSupport {

  @Test
  default void comparisonFilters() {
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
  default void inAndNullFilters() {
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
  default void idAndTimeFilters() {
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
  default void logicalFilters() {
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
  default void substringFilters() throws Throwable {
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
  default void ignoreCaseFilters() throws Throwable {
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
  default void ignoreCaseSubstringFilters() throws Throwable {
    filterFixture();
    requires(IGNORE_CASE, () -> requires(SUBSTRING_MATCH, () -> assertAll(
            () -> assertMatches(Filter.containsIgnoreCase(UserField.FULL_NAME, "eva"), "eve"),
            () -> assertMatches(Filter.endsWithIgnoreCase(UserField.EMAIL, ".NET"), "eve", "fay")),
            () -> usernames(Filter.containsIgnoreCase(UserField.FULL_NAME, "eva"))),
        () -> usernames(Filter.eqIgnoreCase(UserField.FULL_NAME, "eve evans")));
  }

  @Test
  default void sqlLookingValuesMatchLiterallyWithEqAndStartsWith() {
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
  default void sqlLookingValuesMatchLiterallyWithContainsAndEndsWith() throws Throwable {
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
  default void sqlLookingValuesMatchLiterallyIgnoringCase() throws Throwable {
    sqlLookingFixture();
    requires(IGNORE_CASE, () -> assertAll(
        () -> assertMatches(Filter.eqIgnoreCase(UserField.USERNAME, "A_B"), "a_b"),
        () -> assertMatches(Filter.startsWithIgnoreCase(UserField.USERNAME, "A_"), "a_b"),
        () -> assertMatches(Filter.startsWithIgnoreCase(UserField.USERNAME, "BACK\\"), "back\\slash"),
        () -> assertMatches(Filter.startsWithIgnoreCase(UserField.USERNAME, "'; drop"), "'; DROP TABLE users;--")),
        () -> usernames(Filter.eqIgnoreCase(UserField.USERNAME, "A_B")));
  }

  /** Users whose names and patterns look like SQL, LIKE wildcards and escapes. */
  private void sqlLookingFixture() {
    store().createAll(List.of(
        NewUser.builder().username("'; DROP TABLE users;--").email("bobby@example.com")
            .fullName("'; DROP TABLE users;--").build(),
        NewUser.builder().username("100%").email("percent@example.com").build(),
        NewUser.builder().username("100x").email("hundred@example.com").build(),
        NewUser.builder().username("a_b").email("underscore@example.com").build(),
        NewUser.builder().username("axb").email("axb@example.com").build(),
        NewUser.builder().username("back\\slash").email("backslash@example.com").build(),
        NewUser.builder().username("backxslash").email("backx@example.com").build()));
  }
}
