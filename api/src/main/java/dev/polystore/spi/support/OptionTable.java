package dev.polystore.spi.support;

import dev.polystore.StoreConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * An adapter's options, declared once: each {@link Option} with the builder method that sets it and the accessor
 * that reads it back. The table drives everything an adapter does with its options, so that no rule is written
 * twice:
 *
 * <ul>
 *   <li>{@link #applyDefaults} gives a new builder the declared defaults;</li>
 *   <li>{@link #parse} reads string properties (a {@code StoreConfig}'s, or a URL's query): an unknown key is refused
 *       listing the known ones, a value is parsed by its option's type, a deprecated name is read as its option;</li>
 *   <li>{@link #check} checks built options against each option's allowed values and the declared order between
 *       options ({@link Declaration#notAbove});</li>
 *   <li>{@link #describe} and {@link #values} give {@code toString}, {@code equals} and {@code hashCode} of the
 *       options object, secrets masked;</li>
 *   <li>{@link #markdown} writes the adapter's option table for its documentation; {@link #tableIn},
 *       {@link #withTable} and {@link #writeInto} read and replace that table in a Markdown file, between the
 *       markers {@link #BEGIN} and {@link #END}, so that an adapter's test fails when the file and the declarations
 *       differ and can rewrite the file.</li>
 * </ul>
 *
 * <p>An option may also be declared without a builder binding when the adapter reads it elsewhere (for example a
 * provider's {@code region} or {@code endpoint}): it is then known, parsed, and documented, but not set on the
 * builder. Immutable and thread-safe when the bound functions are.
 *
 * @param <O> the adapter's options type
 * @param <B> the options' builder type
 */
public final class OptionTable<O, B> {

  /** Opens the generated option table in a Markdown file. */
  public static final String BEGIN = "<!-- option table: generated from the adapter's option definitions -->";
  /** Closes the generated option table in a Markdown file. */
  public static final String END = "<!-- end of option table -->";

  private final String adapter;
  private final List<Entry<O, B, ?>> entries;
  private final List<Order> orders;
  private final Map<String, Entry<O, B, ?>> byName;

  private OptionTable(String adapter, List<Entry<O, B, ?>> entries, List<Order> orders) {
    this.adapter = adapter;
    this.entries = List.copyOf(entries);
    this.orders = List.copyOf(orders);
    Map<String, Entry<O, B, ?>> names = new LinkedHashMap<>();
    for (Entry<O, B, ?> entry : entries) {
      for (String name : entry.names()) {
        if (names.put(name, entry) != null) {
          throw new IllegalArgumentException("option " + name + " is declared twice");
        }
      }
    }
    for (Order order : orders) {
      for (String key : List.of(order.key, order.limitKey)) {
        Entry<O, B, ?> entry = names.get(key);
        if (entry == null || entry.getter == null) {
          throw new IllegalArgumentException("an order names " + key + ", which is not a bound option");
        }
      }
    }
    this.byName = Collections.unmodifiableMap(names);
  }

  /**
   * Starts the table of an adapter.
   *
   * @param adapter the adapter's name for messages, e.g. {@code "JDBI"}
   */
  public static <O, B> Declaration<O, B> forAdapter(String adapter) {
    return new Declaration<>(Objects.requireNonNull(adapter, "adapter"));
  }

  /** The adapter's name, as messages show it. */
  public String adapter() {
    return adapter;
  }

  /** The options, in the order declared. */
  public List<Option<?>> options() {
    return entries.stream().<Option<?>>map(Entry::option).toList();
  }

  /** The option's key, in the order declared. */
  public Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    entries.forEach(entry -> keys.add(entry.option.key()));
    return Collections.unmodifiableSet(keys);
  }

  /** Every name {@link #parse} reads: the keys and the deprecated aliases. */
  public Set<String> acceptedKeys() {
    return byName.keySet();
  }

  /** The name of the builder method that sets the option of {@code key}; empty for an option read elsewhere. */
  public String builderMethod(String key) {
    Entry<O, B, ?> entry = byName.get(key);
    if (entry == null) {
      throw new IllegalArgumentException("no option " + key);
    }
    return entry.builderMethod == null ? "" : entry.builderMethod;
  }

  /** Sets every option that has a default to it. */
  public B applyDefaults(B builder) {
    entries.forEach(entry -> entry.setDefault(builder));
    return builder;
  }

  /**
   * Reads string properties into a builder, in the order the options are declared.
   *
   * @throws StoreConfigurationException on an unknown key (listing the known ones), an option given under two of
   *     its names, or a value that does not parse (naming the key, never showing a secret)
   */
  public B parse(Map<String, String> properties, B builder) {
    Set<String> unknown = new TreeSet<>(properties.keySet());
    unknown.removeAll(byName.keySet());
    if (!unknown.isEmpty()) {
      throw OptionValues.unknownOptions(adapter, unknown, keys());
    }
    for (Entry<O, B, ?> entry : entries) {
      List<String> given = entry.names().stream().filter(properties::containsKey).toList();
      if (given.size() > 1) {
        throw new StoreConfigurationException("Options " + String.join(" and ", given) + " are names of one option,"
            + " " + entry.option.key() + " (" + String.join(", ", entry.option.aliases()) + " deprecated); give it once");
      }
      if (!given.isEmpty()) {
        entry.parseInto(builder, given.get(0), properties.get(given.get(0)));
      }
    }
    return builder;
  }

  /**
   * Checks built options: each value against its option ({@link Option#check}), then the declared orders.
   *
   * @throws StoreConfigurationException naming the key, and the value unless it is a secret
   */
  public void check(O options) {
    entries.forEach(entry -> entry.check(options));
    for (Order order : orders) {
      Entry<O, B, ?> entry = byName.get(order.key);
      Object value = entry.getter.apply(options);
      Object limit = byName.get(order.limitKey).getter.apply(options);
      if (value != null && limit != null && compare(value, limit) > 0) {
        throw OptionValues.invalid(order.key, entry.shown(value),
            "at most " + order.limitKey + " (" + byName.get(order.limitKey).shown(limit) + ")");
      }
    }
  }

  /** Every bound option's value by its key, in the order declared; an absent value is null. */
  public Map<String, Object> values(O options) {
    Map<String, Object> values = new LinkedHashMap<>();
    entries.stream().filter(entry -> entry.getter != null)
        .forEach(entry -> values.put(entry.option.key(), entry.getter.apply(options)));
    return values;
  }

  /** {@code name{key=value, …}} over the bound options, secrets as {@code ****}, absent values as {@code -}. */
  public String describe(String name, O options) {
    StringJoiner out = new StringJoiner(", ", name + "{", "}");
    entries.stream().filter(entry -> entry.getter != null)
        .forEach(entry -> out.add(entry.option.key() + "=" + entry.shown(entry.getter.apply(options))));
    return out.toString();
  }

  /** The option table in Markdown: key, default, values, meaning and builder method of every option. */
  public String markdown() {
    StringBuilder md = new StringBuilder("| Key | Default | Values | Meaning | Builder method |\n|---|---|---|---|---|\n");
    for (Entry<O, B, ?> entry : entries) {
      Option<?> option = entry.option;
      StringJoiner key = new StringJoiner(", ", "", "");
      key.add("`" + option.key() + "`");
      option.aliases().forEach(alias -> key.add("`" + alias + "` (deprecated)"));
      StringBuilder values = new StringBuilder(option.allowedValues());
      orders.stream().filter(order -> order.key.equals(option.key()))
          .forEach(order -> values.append(", at most `").append(order.limitKey).append('`'));
      if (option.secret()) {
        values.append("; secret: never shown");
      }
      md.append("| ").append(key).append(" | ").append(cell(option.defaultDescription()))
          .append(" | ").append(cell(values.toString())).append(" | ").append(cell(option.meaning()))
          .append(" | ").append(entry.builderMethod == null ? "— (URL or property only)" : "`" + entry.builderMethod + "`")
          .append(" |\n");
    }
    return md.toString();
  }

  /**
   * The option table a Markdown document holds between {@link #BEGIN} and {@link #END}, without the line breaks
   * around it.
   *
   * @throws IllegalArgumentException when the document lacks the markers
   */
  public static String tableIn(String document) {
    int[] span = span(document);
    return document.substring(span[0], span[1]).strip() + "\n";
  }

  /**
   * {@code document} with the text between {@link #BEGIN} and {@link #END} replaced by {@link #markdown()}.
   *
   * @throws IllegalArgumentException when the document lacks the markers
   */
  public String withTable(String document) {
    int[] span = span(document);
    return document.substring(0, span[0]) + "\n" + markdown() + document.substring(span[1]);
  }

  /**
   * Rewrites the option table of a Markdown file ({@link #withTable}); the rest of the file stays as it is.
   *
   * @throws IllegalArgumentException when the file lacks the markers
   */
  public void writeInto(Path document) throws IOException {
    Files.writeString(document, withTable(Files.readString(document)));
  }

  private static int[] span(String document) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin || document.indexOf(BEGIN, begin + 1) >= 0) {
      throw new IllegalArgumentException("the document has no option table between one " + BEGIN + " and " + END);
    }
    return new int[] {begin + BEGIN.length(), end};
  }

  /** A Markdown table cell: a pipe would end it. */
  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object value, Object limit) {
    return ((Comparable) value).compareTo(limit);
  }

  @Override
  public String toString() {
    return "OptionTable{" + adapter + ": " + String.join(", ", keys()) + '}';
  }

  /** Values of {@code key} must not be above those of {@code limitKey}. */
  private record Order(String key, String limitKey) {
  }

  /** One option with how it is set on the builder and read from the options; unbound when both are null. */
  private record Entry<O, B, T>(Option<T> option, String builderMethod, BiConsumer<B, T> setter,
      Function<O, T> getter) {

    List<String> names() {
      List<String> names = new ArrayList<>();
      names.add(option.key());
      names.addAll(option.aliases());
      return names;
    }

    void setDefault(B builder) {
      if (setter != null && option.defaultValue() != null) {
        setter.accept(builder, option.defaultValue());
      }
    }

    void parseInto(B builder, String givenKey, String value) {
      T parsed = option.parse(givenKey, value);
      if (setter != null) {
        setter.accept(builder, parsed);
      }
    }

    void check(O options) {
      if (getter != null) {
        option.check(getter.apply(options));
      }
    }

    @SuppressWarnings("unchecked")
    String shown(Object value) {
      return option.shown((T) value);
    }
  }

  /**
   * Declares an adapter's options one by one; {@link #build()} makes the table. Not thread-safe.
   *
   * @param <O> the adapter's options type
   * @param <B> the options' builder type
   */
  public static final class Declaration<O, B> {
    private final String adapter;
    private final List<Entry<O, B, ?>> entries = new ArrayList<>();
    private final List<Order> orders = new ArrayList<>();

    private Declaration(String adapter) {
      this.adapter = adapter;
    }

    /**
     * An option set by the builder method named {@code builderMethod} ({@code setter}) and read back by
     * {@code getter}.
     */
    public <T> Declaration<O, B> option(Option<T> option, String builderMethod, BiConsumer<B, T> setter,
        Function<O, T> getter) {
      entries.add(new Entry<>(option, Objects.requireNonNull(builderMethod, "builderMethod"),
          Objects.requireNonNull(setter, "setter"), Objects.requireNonNull(getter, "getter")));
      return this;
    }

    /** An option the adapter reads elsewhere (a provider's client setting): known, parsed and documented only. */
    public Declaration<O, B> option(Option<?> option) {
      entries.add(new Entry<>(option, null, null, null));
      return this;
    }

    /** Values of the option {@code key} must not be above those of {@code limitKey}; both must be bound. */
    public Declaration<O, B> notAbove(String key, String limitKey) {
      orders.add(new Order(key, limitKey));
      return this;
    }

    /** @throws IllegalArgumentException when a name is declared twice or an order names an unbound option */
    public OptionTable<O, B> build() {
      return new OptionTable<>(adapter, entries, orders);
    }
  }
}
