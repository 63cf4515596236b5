package dev.polystore.jdbi.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Internal: the bound parameters of one generated statement, named {@code p0}, {@code p1}, ... Ids, instants and
 * booleans are bound in the dialect's stored form by {@link SqlValues}. Not thread-safe; one per statement.
 */
public final class SqlParams {

  private final List<Object> values = new ArrayList<>();

  /** Adds a value and returns its placeholder, e.g. {@code ":p3"}. */
  public String add(Object value) {
    return ":" + name(value);
  }

  /** Adds a value and returns its parameter name without the colon, e.g. {@code "p3"}. */
  public String name(Object value) {
    values.add(value);
    return "p" + (values.size() - 1);
  }

  /** Placeholders for each value, comma-separated: {@code ":p3, :p4"}. */
  public String addAll(Iterable<?> list) {
    StringBuilder sb = new StringBuilder();
    for (Object v : list) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(add(v));
    }
    return sb.toString();
  }

  /** A copy holding the values added so far, for another statement that reuses their placeholders. */
  public SqlParams copy() {
    SqlParams copy = new SqlParams();
    copy.values.addAll(values);
    return copy;
  }

  /** A statement's SQL with {@code ?} for the placeholders of {@link SqlParams}, and the value each one takes. */
  record Positional(String sql, int[] valueIndexes) {
  }

  /**
   * {@code sql}, written with placeholders {@code :p0}, {@code :p1}, ..., for a statement prepared and bound with
   * plain JDBC ({@link #setOn}): each placeholder replaced by {@code ?}. Quoted literals and identifiers, and
   * PostgreSQL's {@code ::} casts, are left as they are.
   */
  static Positional positional(String sql) {
    int n = sql.length();
    StringBuilder out = new StringBuilder(n);
    List<Integer> indexes = new ArrayList<>();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      int end = i + 1;
      if (c == '\'' || c == '"') {
        int close = sql.indexOf(c, i + 1);
        end = close < 0 ? n : close + 1;
      } else if (c == ':' && end < n && sql.charAt(end) == ':') {
        end++;
      } else if (c == ':' && i + 2 < n && sql.charAt(i + 1) == 'p' && Character.isDigit(sql.charAt(i + 2))) {
        end = i + 2;
        while (end < n && Character.isDigit(sql.charAt(end))) {
          end++;
        }
        indexes.add(Integer.parseInt(sql, i + 2, end, 10));
        out.append('?');
        i = end;
        continue;
      }
      out.append(sql, i, end);
      i = end;
    }
    return new Positional(out.toString(), indexes.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Sets this object's values on {@code statement}, prepared from {@code sql}, in their stored forms. */
  void setOn(PreparedStatement statement, Positional sql, SqlValues stored) throws SQLException {
    int position = 1;
    for (int index : sql.valueIndexes()) {
      stored.setValue(statement, position++, values.get(index));
    }
  }

  /** Binds every parameter to the statement. */
  public <S extends SqlStatement<S>> S bindTo(S statement) {
    for (int i = 0; i < values.size(); i++) {
      statement.bind("p" + i, values.get(i));
    }
    return statement;
  }
}
