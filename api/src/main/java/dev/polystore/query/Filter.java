package dev.polystore.query;

import dev.polystore.InvalidQueryException;
import dev.polystore.spi.support.Messages;
import dev.polystore.spi.support.TextRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A typed filter over the fields {@code F} of one entity. Build with the static factories
 * ({@link #eq}, {@link #gt}, {@link #between}, {@link #in}, {@link #isNull}, {@link #startsWith},
 * {@link #contains}, {@link #and}, {@link #or}, {@link #not}, ...). Values are checked against the field's
 * {@link Field#valueType()} when the filter is built and are always bound as parameters by the adapters,
 * never spliced into query text. Filters are immutable records; {@code toString()} is canonical, so two
 * equal filters print the same.
 *
 * <p>Integral numbers ({@code Integer}, {@code Short}, {@code Byte}) are widened to {@code Long}.
 *
 * <p>Limits, the same on every backend and checked when the filter is built ({@link InvalidQueryException} naming
 * the field and the limit, before anything is read):
 * <ul>
 *   <li>Text values and patterns are well-formed UTF-16 without NUL ({@code U+0000}): no stored text holds
 *       anything else.
 *   <li>A text value holds at most as many characters (code points) as the field does ({@link Field#maxLength()},
 *       e.g. 100 for a username); a pattern of {@link #startsWith}, {@link #endsWith} or {@link #contains} at most
 *       that and at most {@value #MAX_PATTERN_LENGTH}.
 *   <li>{@link #in} and {@link #inIgnoreCase} take at most {@value #MAX_IN_VALUES} values.
 *   <li>A whole filter binds at most {@value #MAX_FILTER_VALUES} values (one per comparison and pattern, two per
 *       range, each of an in-list's), checked by {@link #and} and {@link #or}: the smallest limit of the backends
 *       (SQLite binds at most 32,766 values per statement) with room for the page's own.
 * </ul>
 *
 * @param <F> the field enum, e.g. {@code UserField}
 */
public sealed interface Filter<F extends Enum<F> & Field>
    permits Filter.All, Filter.Compare, Filter.Between, Filter.In, Filter.IsNull, Filter.Text,
        Filter.And, Filter.Or, Filter.Not {

  /** The most values an {@link #in} or {@link #inIgnoreCase} filter takes (counted as given, repeats included). */
  int MAX_IN_VALUES = 1_000;

  /** The most values one filter binds in all (see the interface's documentation). */
  int MAX_FILTER_VALUES = 10_000;

  /** The longest pattern of a text operator ({@link #startsWith}, {@link #endsWith}, {@link #contains}), in code points. */
  int MAX_PATTERN_LENGTH = 1_000;

  /** Comparison operators. */
  enum Op { EQ, NE, LT, LE, GT, GE }

  /** Text-pattern operators; the pattern is literal, no wildcard has meaning. */
  enum TextOp { STARTS_WITH, ENDS_WITH, CONTAINS }

  /**
   * Calls the visitor's method for this filter's kind and returns what it returns. Adapters translate or evaluate
   * filters with a {@link Visitor} instead of {@code instanceof} tests, so that a new kind of filter is a compile
   * error in every adapter rather than a case one of them forgets.
   */
  <R> R accept(Visitor<F, R> visitor);

  /**
   * One method per kind of filter, called by {@link Filter#accept}. Composite filters ({@link And}, {@link Or},
   * {@link Not}) are handed over whole: the visitor decides whether and how to visit their parts (for example, to
   * push a negation down). Implementations say whether they are thread-safe; one that keeps no state is.
   *
   * @param <F> the field enum
   * @param <R> what visiting a filter returns
   */
  interface Visitor<F extends Enum<F> & Field, R> {
    R visitAll(All<F> all);

    R visitCompare(Compare<F> compare);

    R visitBetween(Between<F> between);

    R visitIn(In<F> in);

    R visitIsNull(IsNull<F> isNull);

    R visitText(Text<F> text);

    R visitAnd(And<F> and);

    R visitOr(Or<F> or);

    R visitNot(Not<F> not);
  }

  /** Matches everything. */
  record All<F extends Enum<F> & Field>() implements Filter<F> {
    @Override
    public <R> R accept(Visitor<F, R> visitor) {
      return visitor.visitAll(this);
    }

    @Override
    public String toString() {
      return "all";
    }
  }

  /** {@code field op value}; with {@code ignoreCase} the field must be a string field. */
  record Compare<F extends Enum<F> & Field>(F field, Op op, Object value, boolean ignoreCase) implements Filter<F> {
    public Compare {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(op, "op");
      value = checkValue(field, value);
      checkIgnoreCase(field, ignoreCase);
    }

    @Override
    public <R> R accept(Visitor<F, R> visitor) {
      return visitor.visitCompare(this);
    }
  }

  /** {@code low <= field <= high}, both ends inclusive. */
  record Between<F extends Enum<F> & Field>(F field, Object low, Object high) implements Filter<F> {
    public Between {
      Objects.requireNonNull(field, "field");
      low = checkValue(field, low);
      high = checkValue(field, high);
    }

    @Override
    public <R> R accept(Visitor<F, R> visitor) {
      return visitor.visitBetween(this);
    }
  }

  /** {@code field IN (values)}; an empty set matches nothing. */
  record In<F extends Enum<F> & Field>(F field, List<Object> values, boolean ignoreCase) implements Filter<F> {
    public In {
      Objects.requireNonNull(field, "field");
      if (values.size() > MAX_IN_VALUES) {
        throw new InvalidQueryException("in(" + field.externalName() + ", …) takes at most " + MAX_IN_VALUES
            + " values, not " + values.size() + "; split the list, or filter by another field");
      }
      List<Object> checked = new ArrayList<>();
      for (Object value : new LinkedHashSet<>(values)) {
        checked.add(checkValue(field, value));
      }
      values = List.copyOf(checked);
      checkIgnoreCase(field, ignoreCase);
    }

    @Override
    public <R> R accept(Visitor<F, R> visitor) {
      return visitor.visitIn(this);
    }
  }

  /** {@code field IS NULL}. */
  record IsNull<F extends Enum<F> & Field>(F field) implements Filter<F> {
    public IsNull {
      Objects.requireNonNull(field, "field");
      if (!field.nullable()) {
        throw new InvalidQueryException(field.externalName() + " is never null; isNull on it matches nothing by definition");
      }
    }

    @Override
    public <R> R accept(Visitor<F, R> visitor) {
      return visitor.visitIsNull(this);
    }
  }

  /** Literal prefix, suffix or substring match on a string field. */
  record Text<F extends Enum<F> & Field>(F field, TextOp op, String pattern, boolean ignoreCase) implements Filter<F> {
    public Text {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(op, "op");
      if (field.valueType() != String.class) {
        throw new InvalidQueryException(op + " needs a string field, not " + field.externalName());
      }
      if (pattern == null) {
        throw new InvalidQueryException(op + " on " + field.externalName() + " needs a pattern, not null");
      }
      int max = Math.min(MAX_PATTERN_LENGTH, field.maxLength().orElse(MAX_PATTERN_LENGTH));
      TextRules.requireMatchable("the " + op + " pattern on " + field.externalName(), pattern, max);
    }

    @Override
    public <R> R accept(Visitor<F, R> visitor) {
      return visitor.visitText(this);
    }
  }

  /** All of the parts match. */
  record And<F extends Enum<F> & Field>(List<Filter<F>> parts) implements Filter<F> {
    public And {
      parts = List.copyOf(parts);
      if (parts.isEmpty()) {
        throw new InvalidQueryException("and() needs at least one filter");
      }
      FilterLeaves.requireValuesWithinLimit("and", parts);
    }

    @Override
    public <R> R accept(Visitor<F, R> visitor) {
      return visitor.visitAnd(this);
    }
  }

  /** Any of the parts matches. */
  record Or<F extends Enum<F> & Field>(List<Filter<F>> parts) implements Filter<F> {
    public Or {
      parts = List.copyOf(parts);
      if (parts.isEmpty()) {
        throw new InvalidQueryException("or() needs at least one filter");
      }
      FilterLeaves.requireValuesWithinLimit("or", parts);
    }

    @Override
    public <R> R accept(Visitor<F, R> visitor) {
      return visitor.visitOr(this);
    }
  }

  /**
   * The part does not match. As in SQL, a comparison on a null field is neither true nor false, so
   * {@code not(eq(AGE, 30))} does not match users without an age; use {@code or(..., isNull(AGE))} for that.
   */
  record Not<F extends Enum<F> & Field>(Filter<F> part) implements Filter<F> {
    public Not {
      Objects.requireNonNull(part, "part");
    }

    @Override
    public <R> R accept(Visitor<F, R> visitor) {
      return visitor.visitNot(this);
    }
  }

  // ---- factories -------------------------------------------------------------------------------

  static <F extends Enum<F> & Field> Filter<F> all() {
    return new All<>();
  }

  static <F extends Enum<F> & Field> Filter<F> eq(F field, Object value) {
    return new Compare<>(field, Op.EQ, value, false);
  }

  static <F extends Enum<F> & Field> Filter<F> eqIgnoreCase(F field, String value) {
    return new Compare<>(field, Op.EQ, value, true);
  }

  static <F extends Enum<F> & Field> Filter<F> ne(F field, Object value) {
    return new Compare<>(field, Op.NE, value, false);
  }

  static <F extends Enum<F> & Field> Filter<F> neIgnoreCase(F field, String value) {
    return new Compare<>(field, Op.NE, value, true);
  }

  static <F extends Enum<F> & Field> Filter<F> lt(F field, Object value) {
    return new Compare<>(field, Op.LT, value, false);
  }

  static <F extends Enum<F> & Field> Filter<F> le(F field, Object value) {
    return new Compare<>(field, Op.LE, value, false);
  }

  static <F extends Enum<F> & Field> Filter<F> gt(F field, Object value) {
    return new Compare<>(field, Op.GT, value, false);
  }

  static <F extends Enum<F> & Field> Filter<F> ge(F field, Object value) {
    return new Compare<>(field, Op.GE, value, false);
  }

  static <F extends Enum<F> & Field> Filter<F> between(F field, Object low, Object high) {
    return new Between<>(field, low, high);
  }

  static <F extends Enum<F> & Field> Filter<F> in(F field, Collection<?> values) {
    return new In<>(field, List.copyOf(values), false);
  }

  static <F extends Enum<F> & Field> Filter<F> inIgnoreCase(F field, Collection<String> values) {
    return new In<>(field, List.copyOf(values), true);
  }

  static <F extends Enum<F> & Field> Filter<F> isNull(F field) {
    return new IsNull<>(field);
  }

  static <F extends Enum<F> & Field> Filter<F> isNotNull(F field) {
    return new Not<>(new IsNull<>(field));
  }

  static <F extends Enum<F> & Field> Filter<F> startsWith(F field, String prefix) {
    return new Text<>(field, TextOp.STARTS_WITH, prefix, false);
  }

  static <F extends Enum<F> & Field> Filter<F> startsWithIgnoreCase(F field, String prefix) {
    return new Text<>(field, TextOp.STARTS_WITH, prefix, true);
  }

  static <F extends Enum<F> & Field> Filter<F> endsWith(F field, String suffix) {
    return new Text<>(field, TextOp.ENDS_WITH, suffix, false);
  }

  static <F extends Enum<F> & Field> Filter<F> endsWithIgnoreCase(F field, String suffix) {
    return new Text<>(field, TextOp.ENDS_WITH, suffix, true);
  }

  static <F extends Enum<F> & Field> Filter<F> contains(F field, String part) {
    return new Text<>(field, TextOp.CONTAINS, part, false);
  }

  static <F extends Enum<F> & Field> Filter<F> containsIgnoreCase(F field, String part) {
    return new Text<>(field, TextOp.CONTAINS, part, true);
  }

  @SafeVarargs
  static <F extends Enum<F> & Field> Filter<F> and(Filter<F>... parts) {
    return new And<>(List.of(parts));
  }

  static <F extends Enum<F> & Field> Filter<F> and(List<Filter<F>> parts) {
    return new And<>(parts);
  }

  @SafeVarargs
  static <F extends Enum<F> & Field> Filter<F> or(Filter<F>... parts) {
    return new Or<>(List.of(parts));
  }

  static <F extends Enum<F> & Field> Filter<F> or(List<Filter<F>> parts) {
    return new Or<>(parts);
  }

  static <F extends Enum<F> & Field> Filter<F> not(Filter<F> part) {
    return new Not<>(part);
  }

  // ---- combinators -----------------------------------------------------------------------------

  default Filter<F> and(Filter<F> other) {
    return new And<>(List.of(this, other));
  }

  default Filter<F> or(Filter<F> other) {
    return new Or<>(List.of(this, other));
  }

  /** Every field this filter refers to, in order of appearance. */
  default Set<F> fields() {
    return FilterLeaves.of(this).fields();
  }

  /** Whether any part of this filter asks for case-insensitive matching. */
  default boolean usesIgnoreCase() {
    return FilterLeaves.of(this).ignoreCase();
  }

  // ---- validation ------------------------------------------------------------------------------

  private static Object checkValue(Field field, Object value) {
    if (value == null) {
      throw new InvalidQueryException("a filter on " + field.externalName()
          + " needs a value, not null; use isNull(" + field.name() + ") to match missing values");
    }
    Class<?> type = field.valueType();
    if (type == Long.class && (value instanceof Integer || value instanceof Short || value instanceof Byte)) {
      return ((Number) value).longValue();
    }
    if (type == UUID.class && value instanceof dev.polystore.user.EntityId id) {
      return id.value();
    }
    if (!type.isInstance(value)) {
      throw new InvalidQueryException("a filter on " + field.externalName() + " needs a "
          + type.getSimpleName() + ", not " + value.getClass().getSimpleName() + " (" + Messages.quote(value) + ")");
    }
    if (value instanceof String text) {
      TextRules.requireMatchable("a filter value on " + field.externalName(), text,
          field.maxLength().orElse(Integer.MAX_VALUE));
    }
    return value;
  }

  private static void checkIgnoreCase(Field field, boolean ignoreCase) {
    if (ignoreCase && field.valueType() != String.class) {
      throw new InvalidQueryException("ignoreCase needs a string field, not " + field.externalName());
    }
  }
}
