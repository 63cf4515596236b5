package dev.polystore.jdbi.internal;

import dev.polystore.query.Filter;

/**
 * Internal: literal text matching in one dialect — {@code startsWith}, {@code endsWith} and {@code contains} as
 * LIKE (or, case-sensitive on SQLite, GLOB) with every wildcard of the pattern escaped. Thread-safe (immutable).
 */
final class TextPatterns {

  /** The escape character of LIKE patterns (portable: no dialect treats it specially in string literals). */
  static final char LIKE_ESCAPE = '!';

  private final SqlDialect dialect;

  TextPatterns(SqlDialect dialect) {
    this.dialect = dialect;
  }

  /**
   * A literal text match of {@code expression} against the bound pattern {@code :param}; pair with
   * {@link #pattern}. Case-sensitive matches on SQLite use GLOB (its LIKE ignores ASCII case); everything
   * else uses LIKE with {@link #LIKE_ESCAPE}.
   */
  String match(String expression, String param, boolean caseSensitive) {
    if (dialect == SqlDialect.SQLITE && caseSensitive) {
      return expression + " GLOB :" + param;
    }
    return expression + " LIKE :" + param + " ESCAPE '" + LIKE_ESCAPE + "'";
  }

  /** The pattern for {@link #match}: the literal with every wildcard escaped, plus the operator's wildcards. */
  String pattern(Filter.TextOp op, String literal, boolean caseSensitive) {
    boolean glob = dialect == SqlDialect.SQLITE && caseSensitive;
    String escaped = glob ? escapeGlob(literal) : escapeLike(literal);
    String any = glob ? "*" : "%";
    return switch (op) {
      case STARTS_WITH -> escaped + any;
      case ENDS_WITH -> any + escaped;
      case CONTAINS -> any + escaped + any;
    };
  }

  /** Escapes {@code %}, {@code _} and the escape character itself for LIKE ... ESCAPE '!'. */
  static String escapeLike(String literal) {
    StringBuilder sb = new StringBuilder(literal.length() + 8);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
        sb.append(LIKE_ESCAPE);
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** Escapes SQLite GLOB wildcards {@code *}, {@code ?} and {@code [} by enclosing them in brackets. */
  static String escapeGlob(String literal) {
    StringBuilder sb = new StringBuilder(literal.length() + 8);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '*' || c == '?' || c == '[') {
        sb.append('[').append(c).append(']');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
