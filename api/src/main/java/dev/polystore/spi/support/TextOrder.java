package dev.polystore.spi.support;

import java.util.Comparator;

/**
 * The one order of strings every backend sorts by — code-point order, which is UTF-8 byte order
 * (SQLite's default, PostgreSQL's {@code COLLATE "C"}, MySQL's {@code utf8mb4_bin}). {@link String#compareTo}
 * compares UTF-16 units instead and puts supplementary characters (emoji) before U+E000..U+FFFF, so
 * adapters that sort in memory use this. Thread-safe (stateless).
 */
public final class TextOrder {

  /** Strings in code-point order. */
  public static final Comparator<String> CODE_POINTS = TextOrder::compare;

  private TextOrder() {
  }

  public static int compare(String a, String b) {
    // Equal code points take equally many chars, so one index walks both strings.
    int i = 0;
    while (i < a.length() && i < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(i);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
    }
    return Integer.compare(a.length(), b.length());
  }
}
