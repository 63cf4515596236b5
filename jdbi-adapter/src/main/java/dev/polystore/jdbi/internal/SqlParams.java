package dev.polystore.jdbi.internal;

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

  /** Binds every parameter to the statement. */
  public <S extends SqlStatement<S>> S bindTo(S statement) {
    for (int i = 0; i < values.size(); i++) {
      statement.bind("p" + i, values.get(i));
    }
    return statement;
  }
}
