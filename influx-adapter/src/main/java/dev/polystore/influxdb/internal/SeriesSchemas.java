package dev.polystore.influxdb.internal;

import dev.polystore.InvalidQueryException;
import dev.polystore.event.Event;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What InfluxDB fixes per measurement, for each series the store has seen: the type of each field (one per field
 * name) and which keys are tags. Appends are checked against it before anything is buffered, so an event that
 * would give a field a second type — which InfluxDB refuses within a shard and, across shards, accepts and then
 * hides one type's data from queries — or make a key both a tag and a field is refused with
 * {@link InvalidQueryException}. Reads take field types from it to decode values exactly.
 *
 * <p>A series' schema is read from the server ({@code SHOW FIELD KEYS}, {@code SHOW TAG KEYS}) when the store first
 * meets the series, then kept up to date with the store's own appends; reads read it again when the server holds
 * keys the store has not seen (written by another client). Another client writing a conflicting type at the same
 * moment is not seen in time: the check protects against this store's own writes and what the server held when
 * the series was read. Thread-safe.
 */
final class SeriesSchemas {

  /** The fields and tags of one measurement. Immutable. */
  record Schema(Map<String, FieldType> fields, Set<String> tags) {

    static final Schema EMPTY = new Schema(Map.of(), Set.of());

    Schema {
      fields = Map.copyOf(fields);
      tags = Set.copyOf(tags);
    }

    boolean isEmpty() {
      return fields.isEmpty() && tags.isEmpty();
    }
  }

  private final Function<String, Schema> reader;
  private final Map<String, Schema> bySeries = new HashMap<>();

  /** @param reader reads a series' schema from the server */
  SeriesSchemas(Function<String, Schema> reader) {
    this.reader = reader;
  }

  /**
   * Checks the events against their series' schemas and, when all pass, records their fields and tags; when one
   * fails, records nothing.
   *
   * @param store the store's name for messages
   * @throws InvalidQueryException naming the series, the key and both types (or kinds) of the first conflict
   */
  synchronized void admit(Collection<Event> events, String extraTag) {
    Map<String, Schema> changed = new LinkedHashMap<>();
    for (Event event : events) {
      Schema before = changed.computeIfAbsent(event.series(), this::known);
      Map<String, FieldType> fields = null;
      Set<String> tags = null;
      for (String tag : event.tags().keySet()) {
        FieldType type = before.fields().get(tag);
        if (type != null) {
          throw new InvalidQueryException(conflict(event, tag, "a tag", "a field of type " + type.describe()));
        }
        if (!before.tags().contains(tag)) {
          tags = tags == null ? new HashSet<>(before.tags()) : tags;
          tags.add(tag);
        }
      }
      for (Map.Entry<String, Object> field : event.fields().entrySet()) {
        FieldType type = FieldType.of(field.getValue());
        FieldType held = before.fields().get(field.getKey());
        if (held == null && before.tags().contains(field.getKey())) {
          throw new InvalidQueryException(conflict(event, field.getKey(), "a field", "a tag"));
        }
        if (held != null && held != type) {
          throw new InvalidQueryException("series " + event.series() + ": field " + field.getKey() + " holds "
              + held.describe() + " values, so the event at " + event.time() + " with a " + type.describe()
              + " value there cannot be stored: InfluxDB keeps one type per field name in a measurement"
              + " (the store lacks EVENT_MIXED_FIELD_TYPES)");
        }
        if (held == null) {
          fields = fields == null ? new HashMap<>(before.fields()) : fields;
          fields.put(field.getKey(), type);
        }
      }
      if (fields != null || tags != null) {
        Set<String> withTag = tags == null ? before.tags() : tags;
        if (extraTag != null && !withTag.contains(extraTag)) {
          withTag = new HashSet<>(withTag);
          withTag.add(extraTag);
        }
        changed.put(event.series(), new Schema(fields == null ? before.fields() : fields, withTag));
      }
    }
    bySeries.putAll(changed);
  }

  private static String conflict(Event event, String key, String wanted, String held) {
    return "series " + event.series() + ": " + key + " is " + held + " in its other events, so the event at "
        + event.time() + " with " + key + " as " + wanted + " cannot be stored: InfluxDB keeps one kind per key in"
        + " a measurement (the store lacks EVENT_MIXED_FIELD_TYPES)";
  }

  /** The schema as known, read from the server the first time. */
  private Schema known(String series) {
    return bySeries.computeIfAbsent(series, reader);
  }

  /** For reads: the schema as known, read again from the server when it is empty. */
  Schema current(String series) {
    synchronized (this) {
      Schema known = bySeries.get(series);
      if (known != null && !known.isEmpty()) {
        return known;
      }
    }
    return reload(series);
  }

  /** For reads that met a key the schema lacks: the schema as the server has it now, merged with what is known. */
  Schema reload(String series) {
    Schema read = reader.apply(series);
    synchronized (this) {
      Schema known = bySeries.getOrDefault(series, Schema.EMPTY);
      Map<String, FieldType> fields = new HashMap<>(read.fields());
      fields.putAll(known.fields());
      Set<String> tags = new HashSet<>(read.tags());
      tags.addAll(known.tags());
      Schema merged = new Schema(fields, tags);
      bySeries.put(series, merged);
      return merged;
    }
  }
}
