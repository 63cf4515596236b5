package dev.polystore.jdbi.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Internal: post search in one dialect — the full-text predicate and the query it is given. Thread-safe. */
final class FullTextSql {

  private final SqlDialect dialect;

  FullTextSql(SqlDialect dialect) {
    this.dialect = dialect;
  }

  /**
   * The predicate selecting posts (alias {@code p}) that match the bound full-text query {@code :param}; bind
   * the value of {@link #query}.
   */
  String predicate(String param) {
    return switch (dialect) {
      case SQLITE -> "p.seq IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH :" + param + ")";
      case POSTGRESQL -> "p.search @@ plainto_tsquery('simple', :" + param + ")";
      case MYSQL, MARIADB -> "MATCH (p.title, p.content) AGAINST (:" + param + " IN BOOLEAN MODE)";
    };
  }

  /**
   * The search text as this dialect's full-text query: every word must occur. Words are runs of letters and
   * digits; operators of the query languages are never passed through. Null when the text has no word, which
   * matches nothing. Tokenizers: SQLite FTS5 {@code unicode61} (case- and diacritic-folding), PostgreSQL
   * {@code 'simple'} (lowercased, no stemming, no stopwords), MySQL InnoDB FULLTEXT without stopwords under a
   * case- and accent-insensitive collation, which ignores words shorter than three characters.
   */
  String query(String search) {
    List<String> words = words(search);
    if (words.isEmpty()) {
      return null;
    }
    return switch (dialect) {
      case SQLITE -> words.stream().map(w -> '"' + w + '"').collect(Collectors.joining(" "));
      case POSTGRESQL -> String.join(" ", words);
      case MYSQL, MARIADB -> {
        // InnoDB does not index words shorter than innodb_ft_min_token_size (3 by default); a required word
        // that cannot be in the index would match nothing, so such words are left out of the query.
        List<String> indexed = words.stream()
            .filter(w -> w.codePointCount(0, w.length()) >= MYSQL_MIN_TOKEN_SIZE).toList();
        yield indexed.isEmpty() ? null
            : indexed.stream().map(w -> "+\"" + w + '"').collect(Collectors.joining(" "));
      }
    };
  }

  /** InnoDB's default {@code innodb_ft_min_token_size}. */
  private static final int MYSQL_MIN_TOKEN_SIZE = 3;

  /** The runs of letters and digits of {@code text}. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    text.codePoints().forEach(cp -> {
      if (Character.isLetterOrDigit(cp)) {
        word.appendCodePoint(cp);
      } else if (word.length() > 0) {
        words.add(word.toString());
        word.setLength(0);
      }
    });
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
  }
}
