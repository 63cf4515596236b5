package dev.polystore.influxdb.internal;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.polystore.InvalidQueryException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.spi.support.Messages;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of an InfluxQL reply in JSON, read one at a time from the stream, so a reply of any size takes memory
 * for one row only: a chunked reply is one JSON object per chunk ({@code {"results":[{"series":[{"name", "tags",
 * "columns", "values":[[…],…]}]}]}}), a plain one is a single such object. Values are kept as the text the server
 * wrote (numbers exactly, {@code null} for a missing value); a statement's {@code "error"}, which InfluxDB sends
 * with HTTP status 200, is thrown as {@link InvalidQueryException}. Not thread-safe; closing it closes the reply.
 */
final class QueryRows implements Closeable {

  /** One row: the series it belongs to (its {@code GROUP BY} tags), the column names, the values as text. */
  record Row(String series, Map<String, String> tags, List<String> columns, String[] values) {

    /** The value of a column, or null when the column is missing or the value is null. */
    String value(String column) {
      int i = columns.indexOf(column);
      return i < 0 ? null : values[i];
    }
  }

  private enum Level { BETWEEN_CHUNKS, CHUNK, RESULTS, RESULT, SERIES_LIST, SERIES, VALUES }

  private final JsonReader json;
  private final String statement;
  private Level level = Level.BETWEEN_CHUNKS;
  private String series;
  private Map<String, String> tags = Map.of();
  private List<String> columns = List.of();

  /**
   * @param reply the reply's body
   * @param statement the InfluxQL, for messages
   */
  QueryRows(Reader reply, String statement) {
    this.json = new JsonReader(reply);
    this.json.setLenient(true); // a chunked reply is several JSON objects one after another
    this.statement = statement;
  }

  /**
   * The next row, or null at the end of the reply.
   *
   * @throws InvalidQueryException when the server reports an error for the statement
   * @throws StoreUnavailableException when the reply cannot be read to its end
   */
  Row next() {
    try {
      while (true) {
        switch (level) {
          case BETWEEN_CHUNKS -> {
            if (json.peek() == JsonToken.END_DOCUMENT) {
              return null;
            }
            json.beginObject();
            level = Level.CHUNK;
          }
          case CHUNK -> {
            if (!json.hasNext()) {
              json.endObject();
              level = Level.BETWEEN_CHUNKS;
            } else if (enter("results", Level.RESULTS)) {
              json.beginArray();
            }
          }
          case RESULTS -> {
            if (json.hasNext()) {
              json.beginObject();
              level = Level.RESULT;
            } else {
              json.endArray();
              level = Level.CHUNK;
            }
          }
          case RESULT -> {
            if (!json.hasNext()) {
              json.endObject();
              level = Level.RESULTS;
            } else if (enter("series", Level.SERIES_LIST)) {
              json.beginArray();
            }
          }
          case SERIES_LIST -> {
            if (json.hasNext()) {
              json.beginObject();
              series = null;
              tags = Map.of();
              columns = List.of();
              level = Level.SERIES;
            } else {
              json.endArray();
              level = Level.RESULT;
            }
          }
          case SERIES -> {
            if (!json.hasNext()) {
              json.endObject();
              level = Level.SERIES_LIST;
            } else {
              readSeriesMember();
            }
          }
          case VALUES -> {
            if (json.hasNext()) {
              return row();
            }
            json.endArray();
            level = Level.SERIES;
          }
          default -> throw new IllegalStateException(level.name());
        }
      }
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new StoreUnavailableException("reading InfluxDB's reply to " + Messages.bounded(statement, 200)
          + " failed: " + e.getMessage(), e);
    }
  }

  /** Reads a member name; true when it is {@code wanted} (then the level moves on), else handles or skips it. */
  private boolean enter(String wanted, Level next) throws IOException {
    String name = json.nextName();
    if (name.equals(wanted)) {
      level = next;
      return true;
    }
    if (name.equals("error")) {
      throw new InvalidQueryException("InfluxDB refused " + Messages.bounded(statement, 200) + ": "
          + Messages.bounded(json.nextString()));
    }
    json.skipValue();
    return false;
  }

  private void readSeriesMember() throws IOException {
    switch (json.nextName()) {
      case "name" -> series = json.nextString();
      case "tags" -> {
        Map<String, String> read = new LinkedHashMap<>();
        json.beginObject();
        while (json.hasNext()) {
          String key = json.nextName();
          read.put(key, text());
        }
        json.endObject();
        tags = Collections.unmodifiableMap(read);
      }
      case "columns" -> {
        List<String> read = new ArrayList<>();
        json.beginArray();
        while (json.hasNext()) {
          read.add(json.nextString());
        }
        json.endArray();
        columns = List.copyOf(read);
      }
      case "values" -> {
        json.beginArray();
        level = Level.VALUES;
      }
      default -> json.skipValue();
    }
  }

  private Row row() throws IOException {
    String[] values = new String[columns.size()];
    json.beginArray();
    int i = 0;
    while (json.hasNext()) {
      String value = text();
      if (i < values.length) {
        values[i] = value;
      }
      i++;
    }
    json.endArray();
    return new Row(series, tags, columns, values);
  }

  /** A scalar as the server wrote it: numbers as their literal text, booleans as true/false, null as null. */
  private String text() throws IOException {
    return switch (json.peek()) {
      case NULL -> {
        json.nextNull();
        yield null;
      }
      case BOOLEAN -> Boolean.toString(json.nextBoolean());
      default -> json.nextString();
    };
  }

  @Override
  public void close() {
    try {
      json.close();
    } catch (IOException e) {
      // the reply is given up; nothing of it is needed any more
    }
  }
}
