package dev.polystore.influxdb.internal;

import dev.polystore.influxdb.InfluxDatabaseRef;
import java.util.Map;
import java.util.Optional;

/**
 * InfluxQL text: quoted identifiers, string literals and the time range every statement gives in full (a
 * {@code GROUP BY time()} without an upper bound would stop at the server's clock). Stateless.
 */
final class InfluxQl {

  private InfluxQl() {
  }

  /** A quoted identifier: {@code "name"}, with {@code "} and {@code \} escaped. */
  static String identifier(String name) {
    return InfluxDatabaseRef.quote(name);
  }

  /** A string literal: {@code 'text'}, with {@code '} and {@code \} escaped. */
  static String literal(String text) {
    return '\'' + text.replace("\\", "\\\\").replace("'", "\\'") + '\'';
  }

  /** The measurement of a series, in the retention policy when one is given. */
  static String measurement(Optional<String> retentionPolicy, String series) {
    return retentionPolicy.map(rp -> identifier(rp) + ".").orElse("") + identifier(series);
  }

  /** {@code time >= from AND time <= to}, both in nanoseconds, inclusive. */
  static String timeRange(long fromNanos, long toNanosInclusive) {
    return "time >= " + fromNanos + " AND time <= " + toNanosInclusive;
  }

  /** {@code AND "key"::tag = 'value'} for each tag. */
  static String tagConditions(Map<String, String> tags) {
    StringBuilder where = new StringBuilder();
    tags.forEach((key, value) -> where.append(" AND ").append(identifier(key)).append("::tag = ")
        .append(literal(value)));
    return where.toString();
  }
}
