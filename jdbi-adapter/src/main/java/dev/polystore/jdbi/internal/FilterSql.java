package dev.polystore.jdbi.internal;

import dev.polystore.InvalidQueryException;
import dev.polystore.query.Field;
import dev.polystore.query.Filter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Internal: turns a typed {@link Filter} into a SQL condition with bound parameters. Column expressions are
 * resolved once per field enum when the instance is made, so no text of the filter reaches the SQL; every value is
 * a parameter. Thread-safe (immutable).
 *
 * <p>Semantics: comparisons follow SQL's three-valued logic (a comparison on a null column matches neither it
 * nor its negation); case-insensitive forms compare the field's lowercase column with the value lowercased with
 * {@code Locale.ROOT}; text operators match the pattern literally.
 *
 * @param <F> the field enum
 */
public final class FilterSql<F extends Enum<F> & Field> {

  private final TextPatterns patterns;
  private final Map<F, String> columns;
  private final Map<F, String> lowerColumns;

  /**
   * @param fields the field enum
   * @param column where each field lives: the column expression, compared by code point for text
   * @param lowerColumn an expression holding the field's column lowercased, for case-insensitive matching; null
   *     for a field that has none (not text)
   */
  public FilterSql(SqlDialect dialect, Class<F> fields, Function<F, String> column, Function<F, String> lowerColumn) {
    this.patterns = new TextPatterns(dialect);
    this.columns = new EnumMap<>(fields);
    this.lowerColumns = new EnumMap<>(fields);
    for (F field : fields.getEnumConstants()) {
      columns.put(field, column.apply(field));
      String lower = lowerColumn.apply(field);
      if (lower != null) {
        lowerColumns.put(field, lower);
      }
    }
  }

  /** The column expression of {@code field}. */
  public String column(F field) {
    return columns.get(field);
  }

  private String lowerColumn(F field) {
    String lower = lowerColumns.get(field);
    if (lower == null) {
      throw new InvalidQueryException("ignoreCase needs a string field, not " + field.externalName());
    }
    return lower;
  }

  /** The condition for {@code filter}, adding its values to {@code params}. */
  public String where(Filter<F> filter, SqlParams params) {
    return filter.accept(new Condition(params));
  }

  /**
   * Writes a filter as a SQL condition, adding its values to the parameters in the order they appear. Not
   * thread-safe (writes into its parameters).
   */
  private final class Condition implements Filter.Visitor<F, String> {
    private final SqlParams params;

    Condition(SqlParams params) {
      this.params = params;
    }

    @Override
    public String visitAll(Filter.All<F> all) {
      return "1=1";
    }

    @Override
    public String visitCompare(Filter.Compare<F> c) {
      boolean ci = c.ignoreCase();
      String col = ci ? lowerColumn(c.field()) : column(c.field());
      return col + " " + operator(c.op()) + " " + params.add(ci ? lower(c.value()) : c.value());
    }

    @Override
    public String visitBetween(Filter.Between<F> b) {
      String col = column(b.field());
      String low = params.add(b.low());
      return "(" + col + " >= " + low + " AND " + col + " <= " + params.add(b.high()) + ")";
    }

    @Override
    public String visitIn(Filter.In<F> in) {
      if (in.values().isEmpty()) {
        return "1=0";
      }
      boolean ci = in.ignoreCase();
      List<Object> values = in.values();
      if (ci) {
        List<Object> lowered = new ArrayList<>(values.size());
        values.forEach(v -> lowered.add(lower(v)));
        values = lowered;
      }
      String col = ci ? lowerColumn(in.field()) : column(in.field());
      return col + " IN (" + params.addAll(values) + ")";
    }

    @Override
    public String visitIsNull(Filter.IsNull<F> n) {
      return column(n.field()) + " IS NULL";
    }

    @Override
    public String visitText(Filter.Text<F> t) {
      boolean ci = t.ignoreCase();
      String literal = ci ? t.pattern().toLowerCase(Locale.ROOT) : t.pattern();
      String pattern = patterns.pattern(t.op(), literal, !ci);
      return patterns.match(ci ? lowerColumn(t.field()) : column(t.field()), params.name(pattern), !ci);
    }

    @Override
    public String visitAnd(Filter.And<F> and) {
      return join(and.parts(), " AND ");
    }

    @Override
    public String visitOr(Filter.Or<F> or) {
      return join(or.parts(), " OR ");
    }

    @Override
    public String visitNot(Filter.Not<F> not) {
      return "NOT (" + not.part().accept(this) + ")";
    }

    private String join(List<Filter<F>> parts, String operator) {
      List<String> written = new ArrayList<>(parts.size());
      for (Filter<F> part : parts) {
        written.add(part.accept(this));
      }
      return "(" + String.join(operator, written) + ")";
    }
  }

  private static String operator(Filter.Op op) {
    return switch (op) {
      case EQ -> "=";
      case NE -> "<>";
      case LT -> "<";
      case LE -> "<=";
      case GT -> ">";
      case GE -> ">=";
    };
  }

  private static Object lower(Object value) {
    return value instanceof String s ? s.toLowerCase(Locale.ROOT) : value;
  }
}
