package dev.polystore.spi.support;

import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The declaration of one adapter option: its key (and deprecated names it is still read under), the type of its
 * value, its default, the values it allows, and a one-line meaning. An {@link OptionTable} binds options to an
 * adapter's builder and drives parsing, checking, masking and the documentation from them.
 *
 * <p>Values are parsed by {@link OptionValues}. Whether a value is a secret follows the one rule of
 * {@link StoreConfig#isSecretKey}: a secret's value is kept as given (not stripped), masked in descriptions and
 * never quoted in messages. Other text values are stripped, and an empty one means "not set".
 *
 * <p>Declarations are written fluently, e.g.
 * {@code Option.wholeNumber("pool.max.size", 10).atLeast(1).meaning("most pooled connections")}; each method returns
 * a new option. Immutable and thread-safe when its functions are.
 *
 * @param <T> the type of the value
 */
public final class Option<T> {

  /** Turns the string value of an option into its typed value, or throws naming the key. */
  @FunctionalInterface
  public interface Parser<T> {
    /**
     * @param key the key the value was given under (the option's key or one of its aliases), for messages
     * @throws StoreConfigurationException when the value does not parse
     */
    T parse(String key, String value);
  }

  private final String key;
  private final List<String> aliases;
  private final String kind;
  private final Parser<T> parser;
  private final Function<T, String> formatter;
  private final T defaultValue;
  private final String defaultText;
  private final String allowedText;
  private final Consumer<T> rule;
  private final String meaning;

  private Option(String key, List<String> aliases, String kind, Parser<T> parser, Function<T, String> format,
      T defaultValue, String defaultText, String allowedText, Consumer<T> rule, String meaning) {
    this.key = key;
    this.aliases = List.copyOf(aliases);
    this.kind = kind;
    this.parser = parser;
    this.formatter = format;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.allowedText = allowedText;
    this.rule = rule;
    this.meaning = meaning;
  }

  private static <T> Option<T> of(String key, String kind, Parser<T> parser, Function<T, String> format,
      T defaultValue) {
    Objects.requireNonNull(key, "key");
    return new Option<>(key, List.of(), kind, parser, format, defaultValue, null, null, value -> { }, "");
  }

  /** A whole number ({@code int}); {@code defaultValue} may be null for none. */
  public static Option<Integer> wholeNumber(String key, Integer defaultValue) {
    return of(key, "whole number", OptionValues::intValue, String::valueOf, defaultValue);
  }

  /** {@code true} or {@code false}, in any case. */
  public static Option<Boolean> bool(String key, Boolean defaultValue) {
    return of(key, "true or false", OptionValues::booleanValue, String::valueOf, defaultValue);
  }

  /** A duration as {@link OptionValues#durationValue} reads it; shown as {@link OptionValues#durationText}. */
  public static Option<Duration> duration(String key, Duration defaultValue) {
    return of(key, "duration", OptionValues::durationValue, OptionValues::durationText, defaultValue);
  }

  /** One constant of {@code type}, by its name in any case. */
  public static <E extends Enum<E>> Option<E> choice(String key, Class<E> type, E defaultValue) {
    List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    String kind = names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    return of(key, kind, (k, v) -> OptionValues.enumValue(k, v, type), Enum::name, defaultValue);
  }

  /**
   * Text. A secret's value ({@link StoreConfig#isSecretKey}) is kept exactly as given; any other is stripped of
   * surrounding white space, and an empty value means "not set" ({@code null}).
   */
  public static Option<String> text(String key, String defaultValue) {
    boolean secret = StoreConfig.isSecretKey(key);
    Parser<String> parser = secret ? (k, v) -> v : (k, v) -> v == null || v.isBlank() ? null : v.strip();
    return of(key, "text", parser, value -> value, defaultValue);
  }

  /**
   * URLs separated by commas, each stripped of surrounding white space; an empty value (or one of commas only) means
   * "not set" ({@code null}). Passwords inside the URLs are masked ({@link StoreConfig#mask}) wherever the value is
   * shown: in descriptions and in messages. URLs holding a comma cannot be given.
   */
  public static Option<List<String>> urls(String key, List<String> defaultValue) {
    Parser<List<String>> parser = (k, v) -> {
      List<String> urls = v == null ? List.of()
          : Arrays.stream(v.split(",")).map(String::strip).filter(url -> !url.isEmpty()).toList();
      return urls.isEmpty() ? null : urls;
    };
    return of(key, "comma-separated URLs", parser,
        urls -> urls.stream().map(StoreConfig::mask).collect(Collectors.joining(",")), defaultValue);
  }

  /** The key. */
  public String key() {
    return key;
  }

  /** Deprecated names the option is still read under, in the order declared. */
  public List<String> aliases() {
    return aliases;
  }

  /** Whether the value is a secret, by the one rule of {@link StoreConfig#isSecretKey}. */
  public boolean secret() {
    return StoreConfig.isSecretKey(key);
  }

  /** The default value; {@code null} when the option has none (it is then optional). */
  public T defaultValue() {
    return defaultValue;
  }

  /** The one-line meaning, in Markdown. */
  public String meaning() {
    return meaning;
  }

  /** What a value must be, in words: "whole number, between 1 and 20", "duration, at least 250ms", "text". */
  public String allowedValues() {
    return allowedText == null ? kind : kind + ", " + allowedText;
  }

  /** The default as the documentation shows it, in Markdown: the value in code style, or the declared text. */
  public String defaultDescription() {
    if (defaultText != null) {
      return defaultText;
    }
    return defaultValue == null ? "none" : "`" + format(defaultValue) + "`";
  }

  /** The value written as the option reads it; {@code null} as {@code -}; a secret as {@code ****}. */
  public String shown(T value) {
    return value == null ? "-" : secret() ? "****" : format(value);
  }

  /** Also read under {@code alias}, a deprecated name. */
  public Option<T> alias(String alias) {
    List<String> all = new ArrayList<>(aliases);
    all.add(Objects.requireNonNull(alias, "alias"));
    return new Option<>(key, all, kind, parser, formatter, defaultValue, defaultText, allowedText, rule, meaning);
  }

  /** The one-line meaning, in Markdown (no line breaks). */
  public Option<T> meaning(String meaning) {
    if (meaning.contains("\n")) {
      throw new IllegalArgumentException("the meaning of " + key + " is one line");
    }
    return new Option<>(key, aliases, kind, parser, formatter, defaultValue, defaultText, allowedText, rule, meaning);
  }

  /** How the documentation describes the default, in Markdown, where the value alone does not say it. */
  public Option<T> defaultText(String text) {
    return new Option<>(key, aliases, kind, parser, formatter, defaultValue, text, allowedText, rule, meaning);
  }

  /** Values from {@code min} on. */
  public Option<T> atLeast(T min) {
    return allowed("at least " + format(min), value -> compare(value, min) >= 0);
  }

  /** Values from {@code min} to {@code max}, both included. */
  public Option<T> between(T min, T max) {
    return allowed("between " + format(min) + " and " + format(max),
        value -> compare(value, min) >= 0 && compare(value, max) <= 0);
  }

  /** Values above {@code exclusiveMin}. */
  public Option<T> above(T exclusiveMin) {
    return allowed("above " + format(exclusiveMin), value -> compare(value, exclusiveMin) > 0);
  }

  /** Also {@code value}, besides what the rules declared so far allow: {@code atLeast(30s).or(ZERO)}. */
  public Option<T> or(T value) {
    if (allowedText == null) {
      throw new IllegalStateException("or(value) widens a declared range of " + key);
    }
    Consumer<T> before = rule;
    String text = format(value) + " or " + allowedText;
    return new Option<>(key, aliases, kind, parser, formatter, defaultValue, defaultText, text, v -> {
      if (!v.equals(value)) {
        before.accept(v);
      }
    }, meaning);
  }

  /** Text matching {@code pattern}, described as {@code description}. */
  public Option<T> matching(Pattern pattern, String description) {
    return allowed(description, value -> pattern.matcher(value.toString()).matches());
  }

  /**
   * Values {@code validator} accepts, described as {@code description}; the validator throws a
   * {@link StoreConfigurationException} naming the key (and never showing a secret) for others.
   */
  public Option<T> validatedBy(String description, Consumer<T> validator) {
    Consumer<T> before = rule;
    return new Option<>(key, aliases, kind, parser, formatter, defaultValue, defaultText,
        allowedText == null ? description : allowedText + ", " + description, before.andThen(validator), meaning);
  }

  /** Values {@code test} accepts, described as {@code description}. */
  private Option<T> allowed(String description, Predicate<T> test) {
    return validatedBy(description, value -> {
      if (!test.test(value)) {
        throw OptionValues.invalid(key, format(value), description);
      }
    });
  }

  /**
   * Parses the string value given under {@code givenKey} (the key or an alias).
   *
   * @throws StoreConfigurationException when it does not parse
   */
  public T parse(String givenKey, String value) {
    return parser.parse(givenKey, value);
  }

  /**
   * Checks a value: an option with a default must have a value, and a value must be one the option allows.
   *
   * @throws StoreConfigurationException naming the key, and the value unless it is a secret
   */
  public void check(T value) {
    if (value == null) {
      if (defaultValue != null) {
        throw new StoreConfigurationException("Option " + key + " must be " + allowedValues() + ", not null");
      }
      return;
    }
    rule.accept(value);
  }

  /** The value written as the option reads it, e.g. {@code 30s} for a duration. */
  public String format(T value) {
    return formatter.apply(value);
  }

  @SuppressWarnings("unchecked")
  private static <T> int compare(T value, T bound) {
    return ((Comparable<T>) value).compareTo(bound);
  }

  @Override
  public String toString() {
    return "Option{" + key + (aliases.isEmpty() ? "" : " " + aliases.stream().collect(Collectors.joining(", ", "(", ")")))
        + ": " + allowedValues() + ", default " + defaultDescription() + '}';
  }
}
