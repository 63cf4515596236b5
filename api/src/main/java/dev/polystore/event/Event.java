package dev.polystore.event;

import dev.polystore.spi.support.EventRules;
import dev.polystore.spi.support.Messages;
import dev.polystore.spi.support.TextRules;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A time-stamped event. Immutable; build with {@link #builder(String)}, copy with changes through
 * {@link #toBuilder()}.
 *
 * <ul>
 *   <li>{@code series} names what is measured ({@code "cpu"}, {@code "orders.created"}): 1 to 128
 *       characters of letters, digits, {@code _ . -}.
 *   <li>{@code tags} are indexed strings to filter and group by ({@code host=web-1}); keys follow the series
 *       rule, values are 1 to 256 characters (UTF-16 units).
 *   <li>{@code fields} are the values: {@code Long} (Integer/Short/Byte are widened), {@code Double}
 *       (Float is widened; NaN and infinities are refused), {@code Boolean} or {@code String}. At least one.
 * </ul>
 *
 * <p>Tag values and string fields are well-formed UTF-16 without NUL ({@code U+0000}), else
 * {@link IllegalArgumentException}: an unpaired surrogate cannot be stored as given, and NUL not on every backend.
 *
 * <p>Tags and fields are kept sorted by key, so equal events print alike. A field key must not also be a
 * tag key of the same event. Whether other events of the series may use a key as the other kind, or hold a
 * value of another type under a field name, is up to the store: see
 * {@link dev.polystore.Capability#EVENT_MIXED_FIELD_TYPES}. What becomes of two events with the same series,
 * tags and time is declared too ({@link dev.polystore.Capability#EVENT_LAST_WRITE_WINS},
 * {@link dev.polystore.Capability#EVENT_MERGE_FIELDS}, or neither: both kept).
 */
public record Event(String series, Instant time, Map<String, String> tags, Map<String, Object> fields) {

  public static final int MAX_TAG_VALUE_LENGTH = 256;

  public Event {
    checkName("series", series);
    Objects.requireNonNull(time, "time");
    tags = tags == null ? Map.of() : tags;
    for (Map.Entry<String, String> e : tags.entrySet()) {
      checkName("tag key", e.getKey());
      String v = e.getValue();
      if (v == null || v.isEmpty() || v.length() > MAX_TAG_VALUE_LENGTH) {
        throw new IllegalArgumentException("tag " + e.getKey() + " needs a value of 1 to "
            + MAX_TAG_VALUE_LENGTH + " characters, not " + (v == null ? "null" : "'" + v + "'"));
      }
      TextRules.requireStorable("tag " + e.getKey(), v);
    }
    TreeMap<String, String> t = tags instanceof BuilderMap<String> own ? own : sortedCopy(tags);
    boolean normalised = true;
    for (Map.Entry<String, Object> e : Objects.requireNonNull(fields, "fields").entrySet()) {
      checkName("field key", e.getKey());
      if (t.containsKey(e.getKey())) {
        throw new IllegalArgumentException(e.getKey() + " is both a tag and a field");
      }
      normalised &= normalise(e.getKey(), e.getValue()) == e.getValue();
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("an event needs at least one field");
    }
    TreeMap<String, Object> f;
    if (normalised) {
      f = fields instanceof BuilderMap<Object> own ? own : sortedCopy(fields);
    } else {
      f = new TreeMap<>();
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        f.put(e.getKey(), normalise(e.getKey(), e.getValue()));
      }
    }
    tags = Collections.unmodifiableMap(t);
    fields = Collections.unmodifiableMap(f);
  }

  /**
   * The sorted map of a {@link Builder}, handed to the event it builds instead of a copy: only a builder makes one,
   * and it never changes a map it handed over (it starts a copy first), so the event's map stays as built.
   */
  private static final class BuilderMap<V> extends TreeMap<String, V> {
    private static final long serialVersionUID = 1L;

    BuilderMap() {
    }

    BuilderMap(Map<String, V> entries) {
      super(entries);
    }
  }

  /**
   * A copy of checked entries in key order: from a {@code TreeMap} in natural order in one linear pass (its
   * entries are already sorted), from any other map entry by entry.
   */
  private static <V> TreeMap<String, V> sortedCopy(Map<String, V> map) {
    if (map.getClass() == TreeMap.class && ((TreeMap<String, V>) map).comparator() == null) {
      return new TreeMap<>((TreeMap<String, V>) map);
    }
    TreeMap<String, V> copy = new TreeMap<>();
    for (Map.Entry<String, V> e : map.entrySet()) {
      copy.put(e.getKey(), e.getValue());
    }
    return copy;
  }

  public static Builder builder(String series) {
    return new Builder(series);
  }

  /** A builder holding this event's series, time, tags and fields, to build a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(series);
    b.time = time;
    b.tags.putAll(tags);
    b.fields.putAll(fields);
    return b;
  }

  /** The field's value as a double, for numeric fields; throws for strings. */
  public double number(String field) {
    Object v = fields.get(field);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    throw new IllegalArgumentException("field " + field + " is not numeric: " + Messages.quote(v));
  }

  private static void checkName(String what, String name) {
    if (!EventRules.isKey(name)) {
      throw new IllegalArgumentException(what + " must be 1 to 128 of [A-Za-z0-9_.-], not " + name);
    }
  }

  /** The value as the event keeps it: the same object when it is already a kept type. */
  private static Object normalise(String key, Object value) {
    if (value instanceof String text) {
      return TextRules.requireStorable("field " + key, text);
    }
    if (value instanceof Long || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("field " + key + " must be a finite number, not " + d);
      }
      return value instanceof Double ? value : (Object) d;
    }
    throw new IllegalArgumentException("field " + key + " must be a Long, Double, Boolean or String, not "
        + (value == null ? "null" : value.getClass().getSimpleName()));
  }

  /**
   * Builder for {@link Event}; not thread-safe. {@link #build()} checks everything the event's constructor checks,
   * and hands the event the builder's own sorted maps instead of copies; a builder changed after it built an event
   * goes on with copies of its maps, so events never share a map that changes.
   */
  public static final class Builder {
    private final String series;
    private Instant time;
    private BuilderMap<String> tags = new BuilderMap<>();
    private BuilderMap<Object> fields = new BuilderMap<>();
    /** Whether the maps belong to an event built from them: the next change starts copies. */
    private boolean handedOver;

    private Builder(String series) {
      this.series = series;
    }

    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    public Builder tag(String key, String value) {
      ownMaps();
      tags.put(key, value);
      return this;
    }

    public Builder field(String key, Object value) {
      ownMaps();
      fields.put(key, value);
      return this;
    }

    public Event build() {
      Event event = new Event(series, time, tags, fields);
      handedOver = true;
      return event;
    }

    private void ownMaps() {
      if (handedOver) {
        tags = new BuilderMap<>(tags);
        fields = new BuilderMap<>(fields);
        handedOver = false;
      }
    }
  }
}
