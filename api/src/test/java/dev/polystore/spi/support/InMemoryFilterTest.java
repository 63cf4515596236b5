package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.query.Filter;
import dev.polystore.user.UserField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InMemoryFilterTest {

  private static final UUID ID = UUID.fromString("01890000-0000-7000-8000-000000000001");

  /** A user's values: the given ones, every other field missing. */
  private static FieldValues<UserField> row(Object... fieldsAndValues) {
    Map<UserField, Object> values = new HashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      values.put((UserField) fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    return values::get;
  }

  private static final FieldValues<UserField> ANN = row(UserField.ID, ID, UserField.USERNAME, "Ann",
      UserField.EMAIL, "ann@example.org", UserField.AGE, 30L, UserField.ACTIVE, true,
      UserField.CREATED_AT, Instant.EPOCH);
  private static final FieldValues<UserField> NO_AGE = row(UserField.USERNAME, "bob", UserField.ACTIVE, false);

  @Test
  void aComparisonOnAMissingValueIsUnknown() {
    for (Filter<UserField> f : List.of(Filter.eq(UserField.AGE, 30), Filter.ne(UserField.AGE, 30),
        Filter.lt(UserField.AGE, 30), Filter.ge(UserField.AGE, 30), Filter.between(UserField.AGE, 1, 99),
        Filter.in(UserField.AGE, List.of(30)), Filter.startsWith(UserField.FULL_NAME, ""),
        Filter.containsIgnoreCase(UserField.FULL_NAME, "x"))) {
      assertNull(InMemoryFilter.evaluate(f, NO_AGE), f.toString());
      assertFalse(InMemoryFilter.matches(f, NO_AGE), f.toString());
    }
    assertTrue(InMemoryFilter.matches(Filter.isNull(UserField.AGE), NO_AGE));
    assertFalse(InMemoryFilter.matches(Filter.isNotNull(UserField.AGE), NO_AGE));
  }

  @Test
  void notOfUnknownIsUnknownSoNeitherAFilterNorItsNegationMatchesAMissingValue() {
    Filter<UserField> thirty = Filter.eq(UserField.AGE, 30);
    assertNull(InMemoryFilter.evaluate(Filter.not(thirty), NO_AGE));
    assertFalse(InMemoryFilter.matches(Filter.not(thirty), NO_AGE));
    assertFalse(InMemoryFilter.matches(Filter.not(Filter.not(thirty)), NO_AGE));
    assertTrue(InMemoryFilter.matches(Filter.or(Filter.not(thirty), Filter.isNull(UserField.AGE)), NO_AGE),
        "or(..., isNull) is how to include the missing values");
    assertFalse(InMemoryFilter.matches(Filter.not(thirty), ANN));
    assertTrue(InMemoryFilter.matches(Filter.not(Filter.eq(UserField.AGE, 31)), ANN));
  }

  @Test
  void andAndOrFollowTheTruthTablesOfSql() {
    Filter<UserField> unknown = Filter.eq(UserField.AGE, 30);
    Filter<UserField> yes = Filter.eq(UserField.USERNAME, "bob");
    Filter<UserField> no = Filter.eq(UserField.USERNAME, "ann");
    assertEquals(Boolean.FALSE, InMemoryFilter.evaluate(Filter.and(unknown, no), NO_AGE), "unknown and false");
    assertNull(InMemoryFilter.evaluate(Filter.and(unknown, yes), NO_AGE), "unknown and true");
    assertEquals(Boolean.TRUE, InMemoryFilter.evaluate(Filter.or(unknown, yes), NO_AGE), "unknown or true");
    assertNull(InMemoryFilter.evaluate(Filter.or(unknown, no), NO_AGE), "unknown or false");
    assertEquals(Boolean.FALSE, InMemoryFilter.evaluate(Filter.not(Filter.or(no, yes)).and(unknown), NO_AGE));
  }

  @Test
  void anEmptyInIsFalseEvenOnAMissingValue() {
    assertEquals(Boolean.FALSE, InMemoryFilter.evaluate(Filter.in(UserField.AGE, List.of()), NO_AGE));
    assertNull(InMemoryFilter.evaluate(Filter.not(Filter.in(UserField.AGE, List.of(1))), NO_AGE));
    assertEquals(Boolean.TRUE, InMemoryFilter.evaluate(Filter.not(Filter.in(UserField.AGE, List.of())), NO_AGE));
  }

  @Test
  void comparisonsFollowTheValueOrder() {
    assertTrue(InMemoryFilter.matches(Filter.between(UserField.AGE, 30, 30), ANN));
    assertFalse(InMemoryFilter.matches(Filter.between(UserField.AGE, 31, 29), ANN), "an empty range");
    assertTrue(InMemoryFilter.matches(Filter.gt(UserField.USERNAME, "A"), ANN));
    assertFalse(InMemoryFilter.matches(Filter.gt(UserField.USERNAME, "a"), ANN), "case-sensitive: 'A' < 'a'");
    assertTrue(InMemoryFilter.matches(Filter.lt(UserField.USERNAME, "\uFF5E"), row(UserField.USERNAME, "\uFF01")));
    assertTrue(InMemoryFilter.matches(Filter.lt(UserField.USERNAME, "😀"), row(UserField.USERNAME, "\uFF5E")),
        "strings compare by code point");
    assertTrue(InMemoryFilter.matches(Filter.eq(UserField.ID, ID), ANN));
    assertTrue(InMemoryFilter.matches(Filter.le(UserField.CREATED_AT, Instant.EPOCH), ANN));
    assertTrue(InMemoryFilter.matches(Filter.gt(UserField.ACTIVE, false), ANN), "false < true");
  }

  @Test
  void ignoreCaseFoldsAllOfUnicodeWithRootRules() {
    FieldValues<UserField> ingrid = row(UserField.USERNAME, "İNGRİD", UserField.EMAIL, "ÄBC@Example.org");
    assertTrue(InMemoryFilter.matches(Filter.eqIgnoreCase(UserField.EMAIL, "äbc@example.ORG"), ingrid));
    assertTrue(InMemoryFilter.matches(Filter.inIgnoreCase(UserField.EMAIL, List.of("x", "äBC@EXAMPLE.org")), ingrid));
    assertTrue(InMemoryFilter.matches(Filter.startsWithIgnoreCase(UserField.USERNAME, "i̇n"), ingrid),
        "Locale.ROOT lowercases İ to i + U+0307, as every backend's folding does");
    assertFalse(InMemoryFilter.matches(Filter.startsWithIgnoreCase(UserField.USERNAME, "ın"), ingrid),
        "no Turkish dotless i");
    assertFalse(InMemoryFilter.matches(Filter.eq(UserField.EMAIL, "äbc@example.org"), ingrid));
  }

  @Test
  void textOperatorsAreLiteral() {
    FieldValues<UserField> odd = row(UserField.USERNAME, "50%_off\\");
    assertTrue(InMemoryFilter.matches(Filter.startsWith(UserField.USERNAME, "50%"), odd));
    assertTrue(InMemoryFilter.matches(Filter.endsWith(UserField.USERNAME, "_off\\"), odd));
    assertTrue(InMemoryFilter.matches(Filter.contains(UserField.USERNAME, "%_"), odd));
    assertFalse(InMemoryFilter.matches(Filter.contains(UserField.USERNAME, "5_%"), odd));
    assertTrue(InMemoryFilter.matches(Filter.endsWith(UserField.USERNAME, ""), odd));
  }

  @Test
  void matchingStreamsTheRowsThatMatchAndReadsNoFurtherThanAsked() {
    List<FieldValues<UserField>> rows = List.of(ANN, NO_AGE, row(UserField.AGE, 40L), row(UserField.AGE, 50L));
    List<Integer> read = new ArrayList<>();
    Iterator<Integer> indexes = new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < rows.size();
      }

      @Override
      public Integer next() {
        read.add(next);
        return next++;
      }
    };
    Iterator<Integer> adults = InMemoryFilter.matching(indexes, Filter.ge(UserField.AGE, 18), rows::get);
    assertEquals(0, adults.next());
    assertEquals(List.of(0), read, "nothing is read ahead");
    assertEquals(2, adults.next());
    assertTrue(adults.hasNext());
    assertEquals(3, adults.next());
    assertFalse(adults.hasNext());
    List<Integer> all = new ArrayList<>();
    InMemoryFilter.<Integer, UserField>matching(Arrays.asList(0, 1).iterator(), null, rows::get)
        .forEachRemaining(all::add);
    assertEquals(List.of(0, 1), all, "no filter: every row");
  }
}
