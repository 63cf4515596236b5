package dev.polystore.spi.support;

/**
 * The one rule for input and foreign text in exception messages, so that a message never grows with
 * the input (a 10 MB tag gives a short message) and never forges lines in a log.
 *
 * <ul>
 *   <li>{@link #quote(Object)} shows a value the caller gave: in single quotes, control characters escaped
 *       ({@code \n} as {@code \u000a}), and at most {@value #MAX_QUOTED_CODE_POINTS} code points, followed by
 *       {@code …' (N characters)} when it is longer;</li>
 *   <li>{@link #bounded(String)} shows text from elsewhere (a driver's or service's message, which may quote
 *       values itself) as it is, up to {@value #MAX_DETAIL_CODE_POINTS} code points, followed by
 *       {@code … (N characters)} when it is longer.</li>
 * </ul>
 *
 * <p>Lengths count code points, and a cut never splits a surrogate pair. Thread-safe (stateless).
 */
public final class Messages {

  /** The most code points of a quoted value a message shows. */
  public static final int MAX_QUOTED_CODE_POINTS = 64;
  /** The most code points of a foreign message (driver, service) a message shows. */
  public static final int MAX_DETAIL_CODE_POINTS = 500;

  private static final String ELLIPSIS = "\u2026";

  private Messages() {
  }

  /**
   * {@code value} quoted for a message: {@code 'text'}, or {@code 'first 64 code points…' (N characters)};
   * {@code null} as {@code null}. Other objects are quoted by their {@code toString()}.
   */
  public static String quote(Object value) {
    if (value == null) {
      return "null";
    }
    String text = value.toString();
    int length = text.codePointCount(0, text.length());
    String shown = length <= MAX_QUOTED_CODE_POINTS ? text : prefix(text, MAX_QUOTED_CODE_POINTS);
    StringBuilder sb = new StringBuilder(shown.length() + 24).append('\'');
    shown.codePoints().forEach(cp -> {
      if (Character.isISOControl(cp)) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    if (length > MAX_QUOTED_CODE_POINTS) {
      sb.append(ELLIPSIS).append("' (").append(length).append(" characters)");
    } else {
      sb.append('\'');
    }
    return sb.toString();
  }

  /** {@code text} cut to {@value #MAX_DETAIL_CODE_POINTS} code points, as {@link #bounded(String, int)} does. */
  public static String bounded(String text) {
    return bounded(text, MAX_DETAIL_CODE_POINTS);
  }

  /**
   * {@code text} as it is when it has at most {@code maxCodePoints} code points, else its first
   * {@code maxCodePoints} followed by {@code … (N characters)}; {@code null} as {@code "null"}.
   */
  public static String bounded(String text, int maxCodePoints) {
    if (text == null) {
      return "null";
    }
    if (text.length() <= maxCodePoints) {
      return text;
    }
    int length = text.codePointCount(0, text.length());
    if (length <= maxCodePoints) {
      return text;
    }
    return prefix(text, maxCodePoints) + ELLIPSIS + " (" + length + " characters)";
  }

  private static String prefix(String text, int codePoints) {
    return text.substring(0, text.offsetByCodePoints(0, codePoints));
  }
}
