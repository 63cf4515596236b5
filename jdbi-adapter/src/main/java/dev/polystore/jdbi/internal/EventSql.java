package dev.polystore.jdbi.internal;

import java.time.Instant;
import java.util.Locale;

/**
 * Internal: the SQL of the {@code events} table in one dialect — the range of times it stores, the upsert, tag
 * filters, the event time in microseconds, and how a query streams (the aggregates:
 * {@link EventAggregateSql}). Thread-safe (immutable).
 */
final class EventSql {

  private final SqlDialect dialect;

  EventSql(SqlDialect dialect) {
    this.dialect = dialect;
  }

  /**
   * The earliest event time this dialect stores: the smallest long of microseconds on SQLite, 4713 BC on
   * PostgreSQL, the year 1000 on MySQL.
   */
  Instant timeMin() {
    return switch (dialect) {
      case SQLITE -> Micros.fromMicros(Long.MIN_VALUE);
      case POSTGRESQL -> Instant.parse("-4713-11-24T00:00:00Z");
      case MYSQL, MARIADB -> Instant.parse("1000-01-01T00:00:00Z");
    };
  }

  /** The latest event time this dialect stores (inclusive, a whole microsecond). */
  Instant timeMax() {
    return switch (dialect) {
      case SQLITE -> Micros.fromMicros(Long.MAX_VALUE);
      case POSTGRESQL -> Instant.parse("+294276-12-31T23:59:59.999999Z");
      case MYSQL, MARIADB -> Instant.parse("9999-12-31T23:59:59.999999Z");
    };
  }

  /**
   * The statement writing one event, replacing the fields of an existing event with the same series, time and
   * tags (last write wins). Positional parameters, in this order: series, time, tags key (bytes), tags and
   * fields (JSON text).
   */
  String upsert() {
    return switch (dialect) {
      case SQLITE -> "INSERT INTO events (series, time, tags_key, tags, fields)"
          + " VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (series, time, tags_key) DO UPDATE SET fields = excluded.fields";
      case POSTGRESQL -> "INSERT INTO events (series, time, tags_key, tags, fields)"
          + " VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS json))"
          + " ON CONFLICT (series, time, tags_key) DO UPDATE SET fields = excluded.fields";
      case MYSQL, MARIADB -> "INSERT INTO events (series, time, tags_key, tags, fields)"
          + " VALUES (?, ?, ?, ?, ?)"
          + " ON DUPLICATE KEY UPDATE fields = VALUES(fields)";
    };
  }

  /**
   * Whether {@link #tagsContain} takes the whole tag filter as one JSON document ({@code :tagFilter});
   * otherwise it takes one path and one value per tag ({@code :tagPath<i>}, {@code :tagValue<i>}).
   */
  boolean tagFilterIsDocument() {
    return dialect != SqlDialect.SQLITE;
  }

  /**
   * The predicate "the event's tags include these {@code count} tags": PostgreSQL {@code @>} (GIN-indexed),
   * MySQL {@code JSON_CONTAINS}, SQLite one {@code json_extract} comparison per tag.
   */
  String tagsContain(int count) {
    return switch (dialect) {
      case SQLITE -> {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
          sb.append(i == 0 ? "" : " AND ").append("json_extract(tags, :tagPath").append(i)
              .append(") = :tagValue").append(i);
        }
        yield sb.toString();
      }
      case POSTGRESQL -> "tags @> CAST(:tagFilter AS jsonb)";
      case MYSQL, MARIADB -> "JSON_CONTAINS(tags, :tagFilter)";
    };
  }

  /** The value of the tag bound as {@code :param} ({@link #jsonKey}), as text; NULL when absent. */
  String tagValue(String param) {
    return switch (dialect) {
      case SQLITE -> "json_extract(tags, :" + param + ")";
      case POSTGRESQL -> "(tags ->> :" + param + ")";
      case MYSQL, MARIADB -> "JSON_UNQUOTE(JSON_EXTRACT(tags, :" + param + "))";
    };
  }

  /** The event time as a whole number of microseconds since the epoch (BIGINT). */
  String micros() {
    return switch (dialect) {
      case SQLITE -> "time";
      case POSTGRESQL -> "CAST(EXTRACT(EPOCH FROM time) * 1000000 AS bigint)";
      case MYSQL, MARIADB -> "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', time)";
    };
  }

  /**
   * The fetch size that makes a query stream rows instead of loading the whole result: MySQL Connector/J
   * streams row by row only with {@code Integer.MIN_VALUE} (unless {@code useCursorFetch} is set); MariaDB
   * Connector/J and PostgreSQL fetch {@code rows} at a time (PostgreSQL only inside a transaction, see
   * {@link #streamNeedsTransaction}); SQLite steps through the result anyway.
   *
   * @param jdbcUrl the connection's URL, which may turn Connector/J's {@code useCursorFetch} on
   */
  int streamFetchSize(String jdbcUrl, int rows) {
    if (dialect == SqlDialect.MYSQL && jdbcUrl != null
        && !jdbcUrl.toLowerCase(Locale.ROOT).contains("usecursorfetch=true")) {
      return Integer.MIN_VALUE;
    }
    return rows;
  }

  /** Whether a streamed query must run with auto-commit off to use a server-side cursor (PostgreSQL). */
  boolean streamNeedsTransaction() {
    return dialect == SqlDialect.POSTGRESQL;
  }

  /**
   * How a tag or field key is bound where the SQL above names one: a JSON path {@code $."key"} on SQLite and
   * MySQL, the plain key on PostgreSQL. Keys are {@code [A-Za-z0-9_.-]}, so quoting needs no escapes.
   */
  String jsonKey(String key) {
    return dialect == SqlDialect.POSTGRESQL ? key : "$.\"" + key + "\"";
  }
}
