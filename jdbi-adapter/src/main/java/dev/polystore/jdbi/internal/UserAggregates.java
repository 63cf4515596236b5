package dev.polystore.jdbi.internal;

import dev.polystore.query.Field;
import dev.polystore.query.Filter;
import dev.polystore.user.AgeStats;
import dev.polystore.user.AuthorCount;
import dev.polystore.user.PostField;
import dev.polystore.user.UserField;
import dev.polystore.user.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.UUID;

/** Internal: the user store's aggregates — age statistics, counts by field and top authors — in SQL. Thread-safe. */
final class UserAggregates {

  private final SqlDialect dialect;
  private final FilterSql<UserField> userFilters;
  private final FilterSql<PostField> postFilters;

  UserAggregates(SqlDialect dialect, FilterSql<UserField> userFilters, FilterSql<PostField> postFilters) {
    this.dialect = dialect;
    this.userFilters = userFilters;
    this.postFilters = postFilters;
  }

  /**
   * Count, mean, minimum and maximum age of the users matching {@code filter}. The mean is the exact sum divided by
   * the count here, the same on every backend ({@code AVG} of integers is a DECIMAL with four decimals on
   * MySQL/MariaDB).
   */
  AgeStats ageStats(UnitOfWork units, Filter<UserField> filter) {
    SqlParams params = new SqlParams();
    String sql = "SELECT COUNT(u.age), SUM(u.age), MIN(u.age), MAX(u.age) FROM users u WHERE "
        + userFilters.where(filter, params);
    return units.read("age statistics", h -> params.bindTo(h.createQuery(sql)).map((rs, ctx) -> {
      long count = rs.getLong(1);
      if (count == 0) {
        return AgeStats.empty();
      }
      return new AgeStats(count, OptionalDouble.of((double) rs.getLong(2) / count), OptionalInt.of(rs.getInt(3)),
          OptionalInt.of(rs.getInt(4)));
    }).one());
  }

  /** How many users matching {@code filter} hold each value of {@code field}, in the field's order. */
  Map<Object, Long> countBy(UnitOfWork units, UserField field, Filter<UserField> filter) {
    SqlParams params = new SqlParams();
    String column = userFilters.column(field);
    String sql = "SELECT " + column + ", COUNT(*) FROM users u WHERE " + userFilters.where(filter, params)
        + " GROUP BY " + column + " ORDER BY " + dialect.orderTerm(column, true, field.nullable());
    return units.read("count users by " + field.externalName(), h -> {
      Map<Object, Long> out = new LinkedHashMap<>();
      params.bindTo(h.createQuery(sql)).map(SqlValues.rows((rs, columns) -> {
        out.put(readValue(columns, rs, 1, field), rs.getLong(2));
        return Boolean.TRUE;
      })).forEach(x -> { });
      return Collections.unmodifiableMap(out);
    });
  }

  private static Object readValue(SqlValues.Columns columns, ResultSet rs, int column, Field field)
      throws SQLException {
    Class<?> type = field.valueType();
    Object value;
    if (type == UUID.class) {
      return columns.uuid(rs, column);
    } else if (type == Instant.class) {
      return columns.time(rs, column);
    } else if (type == Long.class) {
      value = rs.getLong(column);
    } else if (type == Boolean.class) {
      value = rs.getBoolean(column);
    } else {
      value = rs.getString(column);
    }
    return rs.wasNull() ? null : value;
  }

  /** The {@code limit} authors of the most posts matching {@code filter}. */
  List<AuthorCount> topAuthors(UnitOfWork units, int limit, Filter<PostField> filter) {
    SqlParams params = new SqlParams();
    String sql = "SELECT u.id, u.username, COUNT(*) AS post_count FROM posts p JOIN users u ON u.id = p.author_id"
        + " WHERE " + postFilters.where(filter, params) + " GROUP BY u.id, u.username"
        + " ORDER BY post_count DESC, u.username ASC, u.id ASC" + dialect.limitOffset(params.name(limit), null);
    return units.read("top authors", h -> params.bindTo(h.createQuery(sql)).map(SqlValues.rows((rs, columns) ->
        new AuthorCount(new UserId(columns.uuid(rs, 1)), rs.getString(2), rs.getLong(3)))).list());
  }
}
