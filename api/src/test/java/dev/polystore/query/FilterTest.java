package dev.polystore.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.InvalidQueryException;
import dev.polystore.user.UserField;
import dev.polystore.user.UserId;
import dev.polystore.user.PostField;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FilterTest {

  @Test
  void widensIntegersAndChecksTypes() {
    Filter.Compare<UserField> age = (Filter.Compare<UserField>) Filter.eq(UserField.AGE, 30);
    assertEquals(30L, age.value());
    assertThrows(InvalidQueryException.class, () -> Filter.eq(UserField.AGE, "30"));
    assertThrows(InvalidQueryException.class, () -> Filter.gt(UserField.CREATED_AT, 5L));
    assertThrows(InvalidQueryException.class, () -> Filter.eq(UserField.USERNAME, null));
  }

  @Test
  void textValuesAndPatternsAreBoundedByTheFieldAndThePatternLimit() {
    Filter.eq(UserField.USERNAME, "u".repeat(100));
    InvalidQueryException e = assertThrows(InvalidQueryException.class,
        () -> Filter.eq(UserField.USERNAME, "u".repeat(101)));
    assertEquals("a filter value on username must be at most 100 characters, not 101", e.getMessage());
    Filter.eq(PostField.CONTENT, "c".repeat(5_000));
    Filter.contains(PostField.CONTENT, "😀".repeat(Filter.MAX_PATTERN_LENGTH));
    e = assertThrows(InvalidQueryException.class,
        () -> Filter.contains(PostField.CONTENT, "c".repeat(Filter.MAX_PATTERN_LENGTH + 1)));
    assertEquals("the CONTAINS pattern on content must be at most 1000 characters, not 1001", e.getMessage());
    assertThrows(InvalidQueryException.class, () -> Filter.startsWith(PostField.TITLE, "t".repeat(201)));
    assertThrows(InvalidQueryException.class, () -> Filter.endsWith(UserField.EMAIL, "\u0000"));
  }

  @Test
  void inTakesAtMostTheMaximumNumberOfValuesCountedAsGiven() {
    List<Long> most = java.util.stream.LongStream.range(0, Filter.MAX_IN_VALUES).boxed().toList();
    assertEquals(Filter.MAX_IN_VALUES, ((Filter.In<UserField>) Filter.in(UserField.AGE, most)).values().size());
    List<Long> repeated = java.util.Collections.nCopies(Filter.MAX_IN_VALUES + 1, 7L);
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> Filter.in(UserField.AGE, repeated));
    assertTrue(e.getMessage().startsWith("in(age, …) takes at most 1000 values, not 1001"), e.getMessage());
  }

  @Test
  void acceptsTypedIdsForUuidFields() {
    UUID raw = UUID.randomUUID();
    Filter.Compare<PostField> byAuthor = (Filter.Compare<PostField>) Filter.eq(PostField.AUTHOR_ID, new UserId(raw));
    assertEquals(raw, byAuthor.value());
  }

  @Test
  void refusesIgnoreCaseAndTextOpsOnNonStrings() {
    assertThrows(InvalidQueryException.class, () -> new Filter.Compare<>(UserField.AGE, Filter.Op.EQ, 1L, true));
    assertThrows(InvalidQueryException.class,
        () -> new Filter.Text<>(UserField.ACTIVE, Filter.TextOp.CONTAINS, "x", false));
    assertThrows(InvalidQueryException.class, () -> Filter.isNull(UserField.USERNAME));
  }

  @Test
  void equalFiltersPrintAlikeAndDifferentOnesDoNot() {
    Filter<UserField> a = Filter.and(Filter.ge(UserField.AGE, 18), Filter.startsWith(UserField.USERNAME, "a"));
    Filter<UserField> b = Filter.and(Filter.ge(UserField.AGE, 18L), Filter.startsWith(UserField.USERNAME, "a"));
    Filter<UserField> c = Filter.and(Filter.ge(UserField.AGE, 19), Filter.startsWith(UserField.USERNAME, "a"));
    assertEquals(a, b);
    assertEquals(a.toString(), b.toString());
    assertFalse(a.toString().equals(c.toString()));
  }

  @Test
  void reportsFieldsAndIgnoreCase() {
    Filter<UserField> f = Filter.or(Filter.eqIgnoreCase(UserField.EMAIL, "A@B.C"),
        Filter.not(Filter.in(UserField.AGE, List.of(1, 2, 2))));
    assertEquals(Set.of(UserField.EMAIL, UserField.AGE), f.fields());
    assertTrue(f.usesIgnoreCase());
    assertFalse(Filter.<UserField>between(UserField.CREATED_AT, Instant.EPOCH, Instant.now()).usesIgnoreCase());
    Filter.In<UserField> in = (Filter.In<UserField>) Filter.<UserField>in(UserField.AGE, List.of(1, 2, 2));
    assertEquals(List.of(1L, 2L), in.values());
  }

  @Test
  void acceptCallsTheVisitorMethodOfTheFiltersKind() {
    Filter.Visitor<UserField, String> kind = new Filter.Visitor<>() {
      @Override
      public String visitAll(Filter.All<UserField> all) {
        return "all";
      }

      @Override
      public String visitCompare(Filter.Compare<UserField> compare) {
        return "compare " + compare.op();
      }

      @Override
      public String visitBetween(Filter.Between<UserField> between) {
        return "between";
      }

      @Override
      public String visitIn(Filter.In<UserField> in) {
        return "in";
      }

      @Override
      public String visitIsNull(Filter.IsNull<UserField> isNull) {
        return "isNull";
      }

      @Override
      public String visitText(Filter.Text<UserField> text) {
        return "text " + text.op();
      }

      @Override
      public String visitAnd(Filter.And<UserField> and) {
        return "and of " + and.parts().size();
      }

      @Override
      public String visitOr(Filter.Or<UserField> or) {
        return "or of " + or.parts().size();
      }

      @Override
      public String visitNot(Filter.Not<UserField> not) {
        return "not " + not.part().accept(this);
      }
    };
    Filter<UserField> age = Filter.gt(UserField.AGE, 3);
    assertEquals("all", Filter.<UserField>all().accept(kind));
    assertEquals("compare GT", age.accept(kind));
    assertEquals("between", Filter.between(UserField.AGE, 1, 2).accept(kind));
    assertEquals("in", Filter.in(UserField.AGE, List.of(1)).accept(kind));
    assertEquals("isNull", Filter.isNull(UserField.AGE).accept(kind));
    assertEquals("text ENDS_WITH", Filter.endsWith(UserField.EMAIL, ".org").accept(kind));
    assertEquals("and of 2", age.and(age).accept(kind));
    assertEquals("or of 3", Filter.or(age, age, age).accept(kind));
    assertEquals("not isNull", Filter.isNotNull(UserField.AGE).accept(kind));
  }

  @Test
  void fieldsAreListedInOrderOfAppearanceThroughEveryKindOfFilter() {
    Filter<UserField> f = Filter.and(Filter.isNull(UserField.FULL_NAME),
        Filter.or(Filter.startsWith(UserField.USERNAME, "a"), Filter.between(UserField.AGE, 1, 9)),
        Filter.not(Filter.eq(UserField.ACTIVE, true)), Filter.all(),
        Filter.startsWithIgnoreCase(UserField.USERNAME, "b"));
    assertEquals(List.of(UserField.FULL_NAME, UserField.USERNAME, UserField.AGE, UserField.ACTIVE),
        List.copyOf(f.fields()));
    assertTrue(f.usesIgnoreCase());
    assertFalse(Filter.and(Filter.isNull(UserField.FULL_NAME), Filter.not(Filter.eq(UserField.EMAIL, "a@b")))
        .usesIgnoreCase());
  }

  @Test
  void pageRequestsValidate() {
    assertThrows(InvalidQueryException.class, () -> PageRequest.first(0));
    assertThrows(InvalidQueryException.class, () -> PageRequest.first(PageRequest.MAX_SIZE + 1));
    assertThrows(InvalidQueryException.class, () -> PageRequest.offset(-1, 10));
    assertThrows(InvalidQueryException.class, () -> PageRequest.after(" ", 10));
    assertTrue(PageRequest.offset(0, 10).isOffset());
    assertFalse(PageRequest.first(10).isOffset());
  }
}
