package dev.polystore.spi.support;

import dev.polystore.query.Field;
import dev.polystore.query.Filter;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Evaluates a {@link Filter} in memory on one row's values, as the SQL backends evaluate it, for adapters that have
 * no operator for part of a filter (DynamoDB's {@code endsWith}, say) and filter the rows they read. SQL's
 * three-valued logic is kept: a comparison, {@code between}, {@code in} or text match on a missing (null) value is
 * unknown, neither true nor false; {@code not} of unknown is unknown; {@code and} is false when any part is false,
 * else unknown when any part is unknown; {@code or} is true when any part is true, else unknown when any part is;
 * and only true matches. So {@code not(eq(AGE, 30))} does not match a user without an age, as in SQL. Values are
 * compared in {@link ValueOrder}; case-insensitive matches compare {@link TextRules#foldCase folded} text. An empty
 * {@code in} is false, even on a missing value. Thread-safe (stateless).
 */
public final class InMemoryFilter {

  private InMemoryFilter() {
  }

  /** Whether a row matches: whether the filter is true for its values (not false, not unknown). */
  public static <F extends Enum<F> & Field> boolean matches(Filter<F> filter, FieldValues<F> values) {
    return Boolean.TRUE.equals(evaluate(filter, values));
  }

  /** The truth of the filter for a row's values: {@code TRUE}, {@code FALSE}, or {@code null} for unknown. */
  public static <F extends Enum<F> & Field> Boolean evaluate(Filter<F> filter, FieldValues<F> values) {
    return filter.accept(new Evaluation<>(values));
  }

  /**
   * The rows that match, streamed: read from {@code rows} as the result is read, so that nothing is held in memory.
   *
   * @param filter the filter, or null for every row
   * @param values the values of a row's fields
   */
  public static <T, F extends Enum<F> & Field> Iterator<T> matching(Iterator<? extends T> rows, Filter<F> filter,
                                                                    Function<? super T, FieldValues<F>> values) {
    return new Iterator<>() {
      private T next;

      @Override
      public boolean hasNext() {
        while (next == null && rows.hasNext()) {
          T candidate = rows.next();
          if (filter == null || matches(filter, values.apply(candidate))) {
            next = candidate;
          }
        }
        return next != null;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        T out = next;
        next = null;
        return out;
      }
    };
  }

  private static int compare(Object value, Object other, boolean ignoreCase) {
    return ignoreCase ? ValueOrder.compare(fold(value), fold(other)) : ValueOrder.compare(value, other);
  }

  private static String fold(Object text) {
    return TextRules.foldCase((String) text);
  }

  /**
   * The truth of a filter for one item's values: {@code TRUE}, {@code FALSE} or {@code null} for unknown.
   * Thread-safe (immutable).
   */
  private static final class Evaluation<F extends Enum<F> & Field> implements Filter.Visitor<F, Boolean> {
    private final FieldValues<F> values;

    Evaluation(FieldValues<F> values) {
      this.values = values;
    }

    @Override
    public Boolean visitAll(Filter.All<F> all) {
      return Boolean.TRUE;
    }

    @Override
    public Boolean visitCompare(Filter.Compare<F> c) {
      Object v = values.valueOf(c.field());
      if (v == null) {
        return null;
      }
      int cmp = compare(v, c.value(), c.ignoreCase());
      return switch (c.op()) {
        case EQ -> cmp == 0;
        case NE -> cmp != 0;
        case LT -> cmp < 0;
        case LE -> cmp <= 0;
        case GT -> cmp > 0;
        case GE -> cmp >= 0;
      };
    }

    @Override
    public Boolean visitBetween(Filter.Between<F> b) {
      Object v = values.valueOf(b.field());
      return v == null ? null : ValueOrder.compare(b.low(), v) <= 0 && ValueOrder.compare(v, b.high()) <= 0;
    }

    @Override
    public Boolean visitIn(Filter.In<F> in) {
      Object v = values.valueOf(in.field());
      if (v == null) {
        return in.values().isEmpty() ? Boolean.FALSE : null;
      }
      for (Object candidate : in.values()) {
        if (compare(v, candidate, in.ignoreCase()) == 0) {
          return Boolean.TRUE;
        }
      }
      return Boolean.FALSE;
    }

    @Override
    public Boolean visitIsNull(Filter.IsNull<F> n) {
      return values.valueOf(n.field()) == null;
    }

    @Override
    public Boolean visitText(Filter.Text<F> t) {
      Object v = values.valueOf(t.field());
      if (v == null) {
        return null;
      }
      String text = t.ignoreCase() ? fold(v) : (String) v;
      String pattern = t.ignoreCase() ? fold(t.pattern()) : t.pattern();
      return switch (t.op()) {
        case STARTS_WITH -> text.startsWith(pattern);
        case ENDS_WITH -> text.endsWith(pattern);
        case CONTAINS -> text.contains(pattern);
      };
    }

    @Override
    public Boolean visitAnd(Filter.And<F> and) {
      return decide(and.parts(), Boolean.FALSE);
    }

    @Override
    public Boolean visitOr(Filter.Or<F> or) {
      return decide(or.parts(), Boolean.TRUE);
    }

    /**
     * {@code decisive} when any part is (false for and, true for or), else unknown when any part is unknown, else
     * the opposite of {@code decisive}.
     */
    private Boolean decide(List<Filter<F>> parts, Boolean decisive) {
      boolean unknown = false;
      for (Filter<F> part : parts) {
        Boolean r = part.accept(this);
        if (decisive.equals(r)) {
          return decisive;
        }
        unknown |= r == null;
      }
      return unknown ? null : !decisive;
    }

    @Override
    public Boolean visitNot(Filter.Not<F> not) {
      Boolean r = not.part().accept(this);
      return r == null ? null : !r;
    }
  }
}
