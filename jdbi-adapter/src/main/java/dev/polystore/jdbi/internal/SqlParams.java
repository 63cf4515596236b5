package dev.polystore.jdbi.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Internal: the bound parameters of one generated statement, named {@code p0}, {@code p1}, ... Values are
 * converted to the dialect's stored form when added (UUIDs, instants, booleans). Not thread-safe; one per
 * statement.
 */
public final class SqlParams {

  private final SqlDialect dialect;
  private final List<Object> values = new ArrayList<>();

  public SqlParams(SqlDialect dialect) {
    this.dialect = dialect;
  }

  /** Adds a value and returns its placeholder, e.g. {@code ":p3"}. */
  public String add(Object value) {
    return ":" + name(value);
  }

  /** Adds a value and returns its parameter name without the colon, e.g. {@code "p3"}. */
  public String name(Object value) {
    values.add(convert(value));
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
    SqlParams copy = new SqlParams(dialect);
    copy.values.addAll(values);
    return copy;
  }

  private Object convert(Object value) {
    if (value instanceof UUID u) {
      return dialect.uuid(u);
    }
    if (value instanceof Instant t) {
      return dialect.time(t);
    }
    if (value instanceof Boolean b) {
      return dialect.bool(b);
    }
    if (value instanceof dev.polystore.user.EntityId id) {
      return dialect.uuid(id.value());
    }
    return value;
  }

  /** Binds every parameter to the statement. */
  public <S extends SqlStatement<S>> S bindTo(S statement) {
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      if (v instanceof Argument a) {
        statement.bind("p" + i, a);
      } else {
        statement.bind("p" + i, v);
      }
    }
    return statement;
  }
}
