package dev.polystore.jdbi.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.polystore.StoreException;
import dev.polystore.event.Event;
import dev.polystore.spi.support.Messages;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;

/**
 * Internal: the JSON form of event tags and fields, and the key that identifies a tag set.
 *
 * <ul>
 *   <li>Tags are written with their keys sorted and without spaces, so equal tag sets have equal text; the
 *       SHA-256 of that text is the {@code tags_key} column.</li>
 *   <li>Fields keep their Java type across a round-trip: a {@code Long} is written as a JSON integer, a
 *       {@code Double} always with a fraction or exponent ({@code 1.0}, {@code 1.0E300}), so reading an integer
 *       token gives a {@code Long} and any other number a {@code Double}.</li>
 * </ul>
 *
 * <p>Thread-safe (the Jackson factory is).
 */
final class EventJson {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private EventJson() {
  }

  /**
   * The canonical text of a tag set: keys sorted, no spaces.
   *
   * @param sorted tags whose iteration order is their key order, as {@code Event.tags()} and a {@code TreeMap}
   */
  static String tags(Map<String, String> sorted) {
    StringWriter out = new StringWriter(16 + sorted.size() * 24);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, String> e : sorted.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to a string failed", e);
    }
    return out.toString();
  }

  /** The fields as a JSON object. Values are {@code Long}, {@code Double}, {@code Boolean} or {@code String}. */
  static String fields(Map<String, Object> fields) {
    StringWriter out = new StringWriter(16 + fields.size() * 24);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        g.writeFieldName(e.getKey());
        Object v = e.getValue();
        if (v instanceof Long l) {
          g.writeNumber(l);
        } else if (v instanceof Double d) {
          // Double.toString always has a '.' or an exponent, so the value reads back as a Double.
          g.writeNumber(Double.toString(d));
        } else if (v instanceof Boolean b) {
          g.writeBoolean(b);
        } else {
          g.writeString((String) v);
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to a string failed", e);
    }
    return out.toString();
  }

  /** A new SHA-256 digest, for {@link #tagsKey}: one per thread at a time (a digest is not thread-safe). */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The SHA-256 of the canonical tags text: 32 bytes, computed with {@code sha256} ({@link #sha256()}). */
  static byte[] tagsKey(MessageDigest sha256, String canonicalTags) {
    return sha256.digest(canonicalTags.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The event a row holds: its series and time, and its tags and fields objects written by {@link #tags} and
   * {@link #fields} (whatever spacing the database put in), checked as every event is.
   */
  static Event read(String series, Instant time, String tagsJson, String fieldsJson) {
    Event.Builder event = Event.builder(series).time(time);
    readTags(tagsJson, event);
    readFields(fieldsJson, event);
    return event.build();
  }

  private static void readTags(String json, Event.Builder event) {
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, json);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        expect(p.nextToken(), JsonToken.VALUE_STRING, json);
        event.tag(key, p.getText());
      }
    } catch (IOException e) {
      throw unreadable(json, e);
    }
  }

  private static void readFields(String json, Event.Builder event) {
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, json);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken t = p.nextToken();
        Object value;
        switch (t) {
          case VALUE_NUMBER_INT -> value = p.getLongValue();
          case VALUE_NUMBER_FLOAT -> value = p.getDoubleValue();
          case VALUE_TRUE -> value = Boolean.TRUE;
          case VALUE_FALSE -> value = Boolean.FALSE;
          case VALUE_STRING -> value = p.getText();
          default -> throw unreadable(json, null);
        }
        event.field(key, value);
      }
    } catch (IOException e) {
      throw unreadable(json, e);
    }
  }

  private static void expect(JsonToken actual, JsonToken expected, String json) {
    if (actual != expected) {
      throw unreadable(json, null);
    }
  }

  private static StoreException unreadable(String json, Throwable cause) {
    return new StoreException("an event row holds JSON the adapter did not write: " + Messages.quote(json), cause);
  }
}
