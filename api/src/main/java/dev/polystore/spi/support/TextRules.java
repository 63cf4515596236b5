package dev.polystore.spi.support;

import dev.polystore.InvalidQueryException;
import java.util.Locale;

/**
 * The one rule for text on every backend. Text is well-formed UTF-16 without NUL: every surrogate is
 * half of a pair, and no character is {@code U+0000}. Every backend stores and compares such text as given, while
 * an unpaired surrogate would be stored as {@code ?} (or another character) and NUL is refused by PostgreSQL and
 * taken for the end of a pattern by SQLite, so both are refused before anything is sent: in stored values with
 * {@link IllegalArgumentException}, in filters, queries and look-ups with {@link InvalidQueryException}. Lengths
 * are counted in code points. Thread-safe (stateless).
 */
public final class TextRules {

  private TextRules() {
  }

  /**
   * What makes {@code text} unfit to store or match, or null when it is fit (or null): the first NUL or unpaired
   * surrogate and where it is. The text itself is not quoted.
   */
  public static String problem(String text) {
    if (text == null) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return "holds NUL (U+0000) at index " + i;
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return String.format("holds an unpaired surrogate (U+%04X) at index %d, which is not text", (int) c, i);
      }
    }
    return null;
  }

  /**
   * A text value to store.
   *
   * @throws IllegalArgumentException naming {@code what} when it holds NUL or an unpaired surrogate
   */
  public static String requireStorable(String what, String text) {
    String problem = problem(text);
    if (problem != null) {
      throw new IllegalArgumentException(what + " must be well-formed text without NUL: it " + problem);
    }
    return text;
  }

  /**
   * A text value of a filter, query or look-up.
   *
   * @throws InvalidQueryException naming {@code what} when it holds NUL or an unpaired surrogate
   */
  public static String requireMatchable(String what, String text) {
    String problem = problem(text);
    if (problem != null) {
      throw new InvalidQueryException(what + " must be well-formed text without NUL: it " + problem);
    }
    return text;
  }

  /**
   * A text value of a filter, query or look-up that must hold at most {@code maxLength} code points.
   *
   * @throws InvalidQueryException naming {@code what} and the limit when it is longer, or as
   *     {@link #requireMatchable}
   */
  public static String requireMatchable(String what, String text, int maxLength) {
    requireMatchable(what, text);
    int length = length(text);
    if (length > maxLength) {
      throw new InvalidQueryException(what + " must be at most " + maxLength + " characters, not " + length);
    }
    return text;
  }

  /**
   * {@code text} folded for a case-insensitive match, the same on every backend: lowercased with
   * {@link Locale#ROOT} rules, all of Unicode, with no locale's quirks (no Turkish dotless i).
   */
  public static String foldCase(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  /** The length in code points; 0 for null. */
  public static int length(String text) {
    return text == null ? 0 : text.codePointCount(0, text.length());
  }
}
