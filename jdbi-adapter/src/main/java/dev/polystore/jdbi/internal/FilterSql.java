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
    StringBuilder sb = new StringBuilder();
    append(sb, filter, params);
    return sb.toString();
  }

  private void append(StringBuilder sb, Filter<F> filter, SqlParams params) {
    if (filter instanceof Filter.All) {
      sb.append("1=1");
    } else if (filter instanceof Filter.Compare<F> c) {
      boolean ci = c.ignoreCase();
      sb.append(ci ? lowerColumn(c.field()) : column(c.field()))
          .append(' ').append(operator(c.op())).append(' ')
          .append(params.add(ci ? lower(c.value()) : c.value()));
    } else if (filter instanceof Filter.Between<F> b) {
      String col = column(b.field());
      sb.append('(').append(col).append(" >= ").append(params.add(b.low()))
          .append(" AND ").append(col).append(" <= ").append(params.add(b.high())).append(')');
    } else if (filter instanceof Filter.In<F> in) {
      if (in.values().isEmpty()) {
        sb.append("1=0");
        return;
      }
      boolean ci = in.ignoreCase();
      List<Object> values = in.values();
      if (ci) {
        List<Object> lowered = new ArrayList<>(values.size());
        values.forEach(v -> lowered.add(lower(v)));
        values = lowered;
      }
      sb.append(ci ? lowerColumn(in.field()) : column(in.field()))
          .append(" IN (").append(params.addAll(values)).append(')');
    } else if (filter instanceof Filter.IsNull<F> n) {
      sb.append(column(n.field())).append(" IS NULL");
    } else if (filter instanceof Filter.Text<F> t) {
      boolean ci = t.ignoreCase();
      String literal = ci ? t.pattern().toLowerCase(Locale.ROOT) : t.pattern();
      String pattern = patterns.pattern(t.op(), literal, !ci);
      sb.append(patterns.match(ci ? lowerColumn(t.field()) : column(t.field()),
          params.name(pattern), !ci));
    } else if (filter instanceof Filter.And<F> a) {
      join(sb, a.parts(), " AND ", params);
    } else if (filter instanceof Filter.Or<F> o) {
      join(sb, o.parts(), " OR ", params);
    } else if (filter instanceof Filter.Not<F> n) {
      sb.append("NOT (");
      append(sb, n.part(), params);
      sb.append(')');
    } else {
      throw new IllegalStateException("unknown filter " + filter);
    }
  }

  private void join(StringBuilder sb, List<Filter<F>> parts, String op, SqlParams params) {
    sb.append('(');
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        sb.append(op);
      }
      append(sb, parts.get(i), params);
    }
    sb.append(')');
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
