package dev.polystore.spi.support;

import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses the string values of adapter options ({@link StoreConfig#properties()}), the same way for
 * every adapter. Every failure is a {@link StoreConfigurationException} that names the key; the value is
 * quoted only when the key does not name a secret ({@link StoreConfig#isSecretKey}). Values are stripped of
 * surrounding white space first.
 *
 * <ul>
 *   <li>whole numbers: decimal {@code int};</li>
 *   <li>booleans: {@code true} or {@code false}, any case;</li>
 *   <li>durations: a whole number with a unit, {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h} or
 *       {@code 1d}, ISO-8601 ({@code PT0.25S}, {@code PT30S}, {@code P1D}), or a bare {@code 0};</li>
 *   <li>enum constants: the constant's name, any case.</li>
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class OptionValues {

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)");

  private OptionValues() {
  }

  /**
   * Checks that every key is known.
   *
   * @param adapter the adapter's name for the message, e.g. {@code "JDBI"}
   * @throws StoreConfigurationException naming the unknown keys and listing the known ones, sorted
   */
  public static void requireKnownKeys(String adapter, Collection<String> keys, Set<String> known) {
    Set<String> unknown = new TreeSet<>(keys);
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw unknownOptions(adapter, unknown, known);
    }
  }

  /** The error for {@code unknown} keys: names them and lists the {@code known} ones, each sorted. */
  static StoreConfigurationException unknownOptions(String adapter, Collection<String> unknown,
      Collection<String> known) {
    return new StoreConfigurationException("Unknown option" + (unknown.size() == 1 ? " " : "s ")
        + String.join(", ", new TreeSet<>(unknown)) + " for the " + adapter + " adapter; known options: "
        + String.join(", ", new TreeSet<>(known)));
  }

  /** A whole number. */
  public static int intValue(String key, String value) {
    String v = strip(value);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw invalid(key, value, "a whole number");
    }
  }

  /** {@code true} or {@code false}, in any case. */
  public static boolean booleanValue(String key, String value) {
    String v = strip(value).toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw invalid(key, value, "true or false");
  }

  /**
   * A duration: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, ISO-8601 such as {@code PT30S},
   * or {@code 0}. Negative values are not written in the short form; range checks are the caller's.
   */
  public static Duration durationValue(String key, String value) {
    String v = strip(value);
    Matcher m = SHORT_DURATION.matcher(v.toLowerCase(Locale.ROOT));
    if (v.equals("0")) {
      return Duration.ZERO;
    }
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      return Duration.parse(v);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw invalid(key, value, "a duration such as 250ms, 30s, 5m, 1h, 1d or ISO-8601 PT30S");
    }
  }

  /**
   * A duration written as {@link #durationValue} reads it, in the largest unit that holds it exactly: {@code 0},
   * {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}; ISO-8601 ({@code PT0.0005S}) when no unit does
   * (below a millisecond, or negative).
   */
  public static String durationText(Duration duration) {
    if (duration.isZero()) {
      return "0";
    }
    if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
      return duration.toString();
    }
    long seconds = duration.getSeconds();
    if (duration.getNano() != 0) {
      return duration.toMillis() + "ms";
    }
    for (TextUnit unit : TextUnit.values()) {
      if (seconds % unit.seconds == 0) {
        return seconds / unit.seconds + unit.suffix;
      }
    }
    throw new AssertionError(duration);
  }

  /** The units {@link #durationText} writes whole seconds in, largest first. */
  private enum TextUnit {
    DAYS(86_400, "d"), HOURS(3_600, "h"), MINUTES(60, "m"), SECONDS(1, "s");

    private final long seconds;
    private final String suffix;

    TextUnit(long seconds, String suffix) {
      this.seconds = seconds;
      this.suffix = suffix;
    }
  }

  /** The constant of {@code type} with the value's name, in any case. */
  public static <E extends Enum<E>> E enumValue(String key, String value, Class<E> type) {
    String v = strip(value).toUpperCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(v)) {
        return constant;
      }
    }
    throw invalid(key, value, Arrays.stream(type.getEnumConstants()).map(Enum::name)
        .collect(Collectors.joining(" or ")));
  }

  /**
   * The error for a value of {@code key} that is not {@code expected}: names the key and what it expects, and
   * quotes the value unless the key names a secret.
   */
  public static StoreConfigurationException invalid(String key, String value, String expected) {
    String shown = StoreConfig.isSecretKey(key) ? "" : ", not " + Messages.quote(StoreConfig.mask(value));
    return new StoreConfigurationException("Option " + key + " must be " + expected + shown);
  }

  private static String strip(String value) {
    return value == null ? "" : value.strip();
  }
}
