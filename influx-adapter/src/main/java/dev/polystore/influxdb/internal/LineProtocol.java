package dev.polystore.influxdb.internal;

import dev.polystore.InvalidQueryException;
import dev.polystore.event.Event;
import dev.polystore.spi.support.Messages;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Events as InfluxDB line protocol, one line per event: {@code series,tag=value field=value time}, nanoseconds.
 * Stateless and thread-safe.
 *
 * <p>Series and keys need no escaping (Polystore keys are {@code [A-Za-z0-9_.-]}). Tag values escape comma, equals
 * sign and space; string fields escape {@code "} and {@code \}; integers end in {@code i}. What the line protocol
 * cannot carry exactly is refused with {@link InvalidQueryException} before anything is buffered, never stored
 * altered:
 * <ul>
 *   <li>the keys InfluxDB reserves: {@code time} (a field named so is silently dropped by the server, a tag is
 *       refused), {@code _field}, {@code _measurement} (2.x) and {@code __chunk_order} (3.x), refused on every
 *       generation so that data moves between them;</li>
 *   <li>a carriage return or line feed in a tag value (it would end the line, and the rest would be stored as a
 *       point of another measurement);</li>
 *   <li>on 1.x and 2.x, a backslash at the end of a tag value, however many there are: those servers take the
 *       comma or space that ends the value as escaped when a backslash precedes it, and refuse the line; and an odd
 *       run of backslashes before a comma, equals sign or space, as those servers keep {@code \\} as two
 *       characters (3.x reads {@code \\} as one backslash, and every value is written there);</li>
 *   <li>on 3.x, a line break in a string field (the 3.x line protocol does not carry them);</li>
 *   <li>times outside InfluxDB's range, {@link #MIN_NANOS} to {@link #MAX_NANOS} (1677-09-21 to 2262-04-11),
 *       and series keys (the series and its tags) over 65,535 bytes.</li>
 * </ul>
 */
final class LineProtocol {

  /** The earliest time InfluxDB stores, in nanoseconds since the epoch. */
  static final long MIN_NANOS = -9_223_372_036_854_775_806L;
  /** The latest time InfluxDB stores, in nanoseconds since the epoch. */
  static final long MAX_NANOS = 9_223_372_036_854_775_806L;
  /** Keys InfluxDB reserves on some generation; refused as tag and field keys on all. */
  static final Set<String> RESERVED_KEYS = Set.of("time", "_field", "_measurement", "__chunk_order");
  private static final int MAX_SERIES_KEY_BYTES = 65_535;

  private final int generation;

  LineProtocol(int generation) {
    this.generation = generation;
  }

  /**
   * The event's line, without a line break.
   *
   * @param extraTag a tag the store adds (3.x: the event's id), or null
   * @throws InvalidQueryException when the event cannot be written exactly (see the class description)
   */
  String line(Event event, String extraTagKey, String extraTagValue) {
    StringBuilder line = new StringBuilder(64 + 16 * (event.tags().size() + event.fields().size()));
    line.append(event.series());
    for (Map.Entry<String, String> tag : event.tags().entrySet()) {
      checkKey(event, "tag", tag.getKey());
      line.append(',').append(tag.getKey()).append('=');
      appendTagValue(line, event, tag.getKey(), tag.getValue());
    }
    if (extraTagKey != null) {
      line.append(',').append(extraTagKey).append('=').append(extraTagValue);
    }
    if (utf8Length(line) > MAX_SERIES_KEY_BYTES) {
      throw new InvalidQueryException("event " + event.series() + " at " + event.time() + ": its series and tags"
          + " take more than " + MAX_SERIES_KEY_BYTES + " bytes, the most InfluxDB keeps as a series key");
    }
    char separator = ' ';
    for (Map.Entry<String, Object> field : event.fields().entrySet()) {
      checkKey(event, "field", field.getKey());
      line.append(separator).append(field.getKey()).append('=');
      appendFieldValue(line, event, field.getKey(), field.getValue());
      separator = ',';
    }
    line.append(' ').append(nanos(event.time()));
    return line.toString();
  }

  /** Whether a tag value can be written so that it reads back exactly (a query for any other matches nothing). */
  boolean canWriteTagValue(String value) {
    return tagValueProblem(value) == null;
  }

  /**
   * The time as nanoseconds since the epoch.
   *
   * @throws InvalidQueryException outside {@link #MIN_NANOS} to {@link #MAX_NANOS}
   */
  static long nanos(Instant time) {
    long seconds = time.getEpochSecond();
    if (seconds < MIN_NANOS / 1_000_000_000L - 1 || seconds > MAX_NANOS / 1_000_000_000L + 1) {
      throw outOfRange(time);
    }
    long nanos;
    try {
      // before the epoch, count from the next second down: the earliest second's start is below Long.MIN_VALUE
      nanos = seconds < 0
          ? Math.addExact(Math.multiplyExact(seconds + 1, 1_000_000_000L), time.getNano() - 1_000_000_000L)
          : Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), time.getNano());
    } catch (ArithmeticException e) {
      throw outOfRange(time);
    }
    if (nanos < MIN_NANOS || nanos > MAX_NANOS) {
      throw outOfRange(time);
    }
    return nanos;
  }

  /** Nanoseconds since the epoch as an instant. */
  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  private static InvalidQueryException outOfRange(Instant time) {
    return new InvalidQueryException("InfluxDB stores times from " + instant(MIN_NANOS) + " to " + instant(MAX_NANOS)
        + ", not " + time);
  }

  private static void checkKey(Event event, String kind, String key) {
    if (RESERVED_KEYS.contains(key)) {
      throw new InvalidQueryException("event " + event.series() + " at " + event.time() + ": InfluxDB reserves the "
          + kind + " key " + key + " (" + String.join(", ", RESERVED_KEYS.stream().sorted().toList())
          + " cannot be tag or field keys)");
    }
  }

  private void appendTagValue(StringBuilder line, Event event, String key, String value) {
    String problem = tagValueProblem(value);
    if (problem != null) {
      throw new InvalidQueryException("event " + event.series() + " at " + event.time() + ": tag " + key + " "
          + Messages.quote(value) + " " + problem);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '=' || c == ' ') {
        line.append('\\');
      } else if (c == '\\' && generation >= 3) {
        line.append('\\');
      }
      line.append(c);
    }
  }

  /** Why a tag value cannot be written exactly, or null when it can. */
  private String tagValueProblem(String value) {
    int backslashes = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n' || c == '\r') {
        return "holds a line break, which InfluxDB's line protocol cannot carry in a tag value";
      }
      if (c == '\\') {
        backslashes++;
        continue;
      }
      if (generation < 3 && backslashes % 2 == 1 && (c == ',' || c == '=' || c == ' ')) {
        return "has a backslash before '" + c + "', which InfluxDB " + generation
            + ".x cannot store exactly in a tag value";
      }
      backslashes = 0;
    }
    if (generation < 3 && backslashes > 0) {
      return "ends in a backslash, which InfluxDB " + generation + ".x cannot store in a tag value";
    }
    return null;
  }

  private void appendFieldValue(StringBuilder line, Event event, String key, Object value) {
    if (value instanceof Long l) {
      line.append(l).append('i');
    } else if (value instanceof Double d) {
      line.append(d);
    } else if (value instanceof Boolean b) {
      line.append(b);
    } else {
      String text = (String) value;
      line.append('"');
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '"' || c == '\\') {
          line.append('\\');
        } else if (generation >= 3 && (c == '\n' || c == '\r')) {
          throw new InvalidQueryException("event " + event.series() + " at " + event.time() + ": field " + key
              + " holds a line break, which InfluxDB 3 cannot store in a string field");
        }
        line.append(c);
      }
      line.append('"');
    }
  }

  /** UTF-8 bytes of the text. */
  static int utf8Length(CharSequence text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
