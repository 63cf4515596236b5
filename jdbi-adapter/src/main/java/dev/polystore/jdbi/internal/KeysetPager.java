package dev.polystore.jdbi.internal;

import dev.polystore.InvalidQueryException;
import dev.polystore.query.CountMode;
import dev.polystore.query.Field;
import dev.polystore.query.Page;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
import dev.polystore.spi.CursorCodec;
import dev.polystore.spi.support.FieldValues;
import dev.polystore.spi.support.SortKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Internal: reads one page of a table's rows in a total order ({@link SortKeys}: the query's sort, then the id),
 * after a signed cursor (keyset) or at an offset, with the next page's cursor and, when asked, the exact total.
 * Serves users and posts alike. Thread-safe (immutable).
 *
 * @param <T> the row type
 * @param <F> the row's field enum
 */
final class KeysetPager<T, F extends Enum<F> & Field> {

  private final SqlDialect dialect;
  private final CursorCodec cursors;
  private final String table;
  private final String columns;
  private final F id;
  private final Function<F, String> column;
  private final RowMapper<T> mapper;
  private final Function<T, FieldValues<F>> values;

  /**
   * @param table the table and its alias, e.g. {@code "users u"}
   * @param columns the selected columns, which {@code mapper} reads
   * @param id the id field, the last sort key of every order ({@link SortKeys})
   * @param column the column expression of a field
   * @param values the values of a row's fields, for the cursor
   */
  KeysetPager(SqlDialect dialect, CursorCodec cursors, String table, String columns, F id,
              Function<F, String> column, RowMapper<T> mapper, Function<T, FieldValues<F>> values) {
    this.dialect = dialect;
    this.cursors = cursors;
    this.table = table;
    this.columns = columns;
    this.id = id;
    this.column = column;
    this.mapper = mapper;
    this.values = values;
  }

  /**
   * The statements of one page of the rows matching {@code where}; the cursor, if any, is checked now.
   *
   * @param where the condition, adding its values to the parameters it is given
   * @param scope what defines the query besides its sort, for the cursor's fingerprint
   * @throws InvalidQueryException when the page's cursor does not fit this query
   */
  Plan plan(List<Sort<F>> sort, PageRequest page, CountMode countMode, Function<SqlParams, String> where,
            Object... scope) {
    SortKeys<F> keys = SortKeys.of(sort, id);
    Object[] parts = Arrays.copyOf(scope, scope.length + 1);
    parts[scope.length] = keys;
    byte[] fingerprint = CursorCodec.fingerprint(parts);
    SqlParams params = new SqlParams();
    String condition = where.apply(params);
    Count count = countMode == CountMode.EXACT
        ? new Count("SELECT COUNT(*) FROM " + table + " WHERE " + condition, params.copy()) : null;
    StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM ").append(table)
        .append(" WHERE ").append(condition);
    if (page.cursor().isPresent()) {
      List<Object> position = keys.position(cursors.decode(page.cursor().get(), fingerprint));
      sql.append(" AND ").append(keyset(keys.keys(), position, params));
    }
    sql.append(orderBy(keys.keys())).append(pageClause(page, params));
    return new Plan(sql.toString(), params, count, keys, fingerprint, page);
  }

  /** One page's statements, ready to read. */
  final class Plan {
    private final String sql;
    private final SqlParams params;
    private final Count count;
    private final SortKeys<F> keys;
    private final byte[] fingerprint;
    private final PageRequest page;

    private Plan(String sql, SqlParams params, Count count, SortKeys<F> keys, byte[] fingerprint,
                 PageRequest page) {
      this.sql = sql;
      this.params = params;
      this.count = count;
      this.keys = keys;
      this.fingerprint = fingerprint;
      this.page = page;
    }

    /** Whether the page is read with its exact total, a second statement. */
    boolean counts() {
      return count != null;
    }

    /**
     * Reads the page (the statement named {@code "page"}, {@link JdbiUserStore#STATEMENT_NAME}), completes its
     * items with {@code includes}, then reads the total.
     */
    Page<T> read(Handle h, UnaryOperator<List<T>> includes) {
      List<T> rows = params.bindTo(h.createQuery(sql)).define(JdbiUserStore.STATEMENT_NAME, "page").map(mapper)
          .list();
      boolean hasNext = rows.size() > page.size();
      List<T> items = includes.apply(hasNext ? rows.subList(0, page.size()) : rows);
      OptionalLong total = count == null ? OptionalLong.empty()
          : OptionalLong.of(count.params().bindTo(h.createQuery(count.sql())).mapTo(Long.class).one());
      return new Page<>(items, nextCursor(hasNext, items), hasNext, total);
    }

    /** The cursor after the page's last item, when a keyset page has a next page. */
    private Optional<String> nextCursor(boolean hasNext, List<T> items) {
      if (page.isOffset() || !hasNext) {
        return Optional.empty();
      }
      return Optional.of(cursors.encode(fingerprint, keys.valuesOf(values.apply(items.get(items.size() - 1)))));
    }
  }

  /** The statement of a page's exact total: the page's condition, with a copy of its values. */
  private record Count(String sql, SqlParams params) {
  }

  private String orderBy(List<Sort<F>> keys) {
    StringBuilder sb = new StringBuilder(" ORDER BY ");
    for (int i = 0; i < keys.size(); i++) {
      Sort<F> k = keys.get(i);
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(dialect.orderTerm(column.apply(k.field()), ascending(k), k.field().nullable()));
    }
    return sb.toString();
  }

  private static boolean ascending(Sort<?> key) {
    return key.direction() == Sort.Direction.ASC;
  }

  /** One row more than the page, to tell whether a next page exists; at the page's offset for an offset page. */
  private String pageClause(PageRequest page, SqlParams params) {
    String limit = params.name(page.size() + 1);
    return page.isOffset() ? dialect.limitOffset(limit, params.name(page.offset())) : dialect.limitOffset(limit, null);
  }

  /**
   * The rows after {@code values} in the order of {@code keys}: for each key i, the rows equal on keys before i
   * and after on key i. Nulls are the smallest values (first ascending, last descending).
   */
  private String keyset(List<Sort<F>> keys, List<Object> values, SqlParams params) {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Sort<F> key = keys.get(i);
      String col = column.apply(key.field());
      Object value = values.get(i);
      String after;
      if (value == null) {
        after = ascending(key) ? col + " IS NOT NULL" : null;
      } else if (ascending(key)) {
        after = col + " > " + params.add(value);
      } else {
        after = key.field().nullable()
            ? "(" + col + " < " + params.add(value) + " OR " + col + " IS NULL)"
            : col + " < " + params.add(value);
      }
      if (after != null) {
        StringBuilder term = new StringBuilder("(");
        for (int j = 0; j < i; j++) {
          Object v = values.get(j);
          String c = column.apply(keys.get(j).field());
          term.append(v == null ? c + " IS NULL" : c + " = " + params.add(v)).append(" AND ");
        }
        terms.add(term.append(after).append(')').toString());
      }
    }
    return terms.isEmpty() ? "1=0" : "(" + String.join(" OR ", terms) + ")";
  }
}
