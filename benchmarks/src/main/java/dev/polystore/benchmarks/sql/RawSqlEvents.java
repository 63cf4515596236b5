package dev.polystore.benchmarks.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.polystore.event.Event;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The raw side of the event workloads: hand-written JDBC on the adapter's {@code events} table (docs/sql.md)
 * storing the same values — tags as canonical JSON (keys sorted), {@code tags_key} its SHA-256, fields as JSON
 * written with the same Jackson library — with the same upsert, batches of 1,000 rows in one transaction, the same
 * streaming fetch settings per driver, and a windowed mean computed by the database. Not thread-safe (one
 * {@code MessageDigest} is reused); each benchmark thread has its own.
 */
public final class RawSqlEvents {

  /** An event row as read back. */
  public record RawEvent(Instant time, Map<String, String> tags, Map<String, Object> fields) {
  }

  /** One window of the mean: its number ({@code micros / window}), how many events, and the mean. */
  public record RawWindow(long window, long count, double mean) {
  }

  private static final int BATCH_SIZE = 1000;
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final DataSource pool;
  private final SqlBackend backend;
  private final SqlColumns columns;
  private final MessageDigest sha256;

  public RawSqlEvents(DataSource pool, SqlBackend backend) {
    this.pool = pool;
    this.backend = backend;
    this.columns = new SqlColumns(backend);
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String upsert() {
    return switch (backend) {
      case SQLITE -> "INSERT INTO events (series, time, tags_key, tags, fields) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (series, time, tags_key) DO UPDATE SET fields = excluded.fields";
      case POSTGRESQL -> "INSERT INTO events (series, time, tags_key, tags, fields)"
          + " VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS json))"
          + " ON CONFLICT (series, time, tags_key) DO UPDATE SET fields = excluded.fields";
      case MYSQL, MARIADB -> "INSERT INTO events (series, time, tags_key, tags, fields) VALUES (?, ?, ?, ?, ?)"
          + " ON DUPLICATE KEY UPDATE fields = VALUES(fields)";
    };
  }

  /** Upserts the events in one transaction, in batches of 1,000. */
  public void appendAll(List<Event> events) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(upsert())) {
        int inBatch = 0;
        for (Event e : events) {
          String tags = tagsJson(e.tags());
          ps.setString(1, e.series());
          columns.setTime(ps, 2, e.time().truncatedTo(ChronoUnit.MICROS));
          ps.setBytes(3, sha256.digest(tags.getBytes(StandardCharsets.UTF_8)));
          ps.setString(4, tags);
          ps.setString(5, fieldsJson(e.fields()));
          ps.addBatch();
          if (++inBatch == BATCH_SIZE) {
            ps.executeBatch();
            inBatch = 0;
          }
        }
        if (inBatch > 0) {
          ps.executeBatch();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** Streams the events of {@code series} in {@code [from, to)} in time order to {@code sink}; returns how many. */
  public long stream(String series, Instant from, Instant to, Consumer<RawEvent> sink) throws SQLException {
    long n = 0;
    try (Connection c = pool.getConnection()) {
      boolean transaction = backend == SqlBackend.POSTGRESQL; // a server-side cursor needs one
      if (transaction) {
        c.setAutoCommit(false);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT time, tags, fields FROM events"
          + " WHERE series = ? AND time >= ? AND time < ? ORDER BY time, tags_key")) {
        ps.setFetchSize(backend == SqlBackend.MYSQL ? Integer.MIN_VALUE : 1000);
        ps.setString(1, series);
        columns.setTime(ps, 2, from);
        columns.setTime(ps, 3, to);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sink.accept(new RawEvent(columns.getTime(rs, 1), readTags(rs.getString(2)), readFields(rs.getString(3))));
            n++;
          }
        }
      } finally {
        if (transaction) {
          c.rollback();
          c.setAutoCommit(true);
        }
      }
    }
    return n;
  }

  /** The mean of the numeric field {@code field} per window of {@code window} over {@code [from, to)}. */
  public List<RawWindow> windowedMean(String series, String field, Instant from, Instant to, Duration window)
      throws SQLException {
    String micros = switch (backend) {
      case SQLITE -> "time";
      case POSTGRESQL -> "CAST(EXTRACT(EPOCH FROM time) * 1000000 AS bigint)";
      case MYSQL, MARIADB -> "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', time)";
    };
    String number = switch (backend) {
      case SQLITE -> "json_extract(fields, ?)";
      case POSTGRESQL -> "CAST(fields ->> ? AS double precision)";
      case MYSQL, MARIADB -> "JSON_EXTRACT(fields, ?)";
    };
    String div = backend == SqlBackend.MYSQL || backend == SqlBackend.MARIADB ? " DIV " : " / ";
    String sql = "SELECT " + micros + div + "? AS w, COUNT(*), AVG(" + number + ") FROM events"
        + " WHERE series = ? AND time >= ? AND time < ? GROUP BY 1 ORDER BY 1";
    List<RawWindow> out = new ArrayList<>();
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, window.toNanos() / 1000);
      ps.setString(2, backend == SqlBackend.POSTGRESQL ? field : "$.\"" + field + "\"");
      ps.setString(3, series);
      columns.setTime(ps, 4, from);
      columns.setTime(ps, 5, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new RawWindow(rs.getLong(1), rs.getLong(2), rs.getDouble(3)));
        }
      }
    }
    return out;
  }

  static String tagsJson(Map<String, String> sortedTags) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, String> e : sortedTags.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static String fieldsJson(Map<String, Object> fields) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        g.writeFieldName(e.getKey());
        Object v = e.getValue();
        if (v instanceof Long l) {
          g.writeNumber(l);
        } else if (v instanceof Double d) {
          g.writeNumber(Double.toString(d));
        } else if (v instanceof Boolean b) {
          g.writeBoolean(b);
        } else {
          g.writeString((String) v);
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static Map<String, String> readTags(String json) {
    Map<String, String> tags = new TreeMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        tags.put(key, p.getText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tags;
  }

  private static Map<String, Object> readFields(String json) {
    Map<String, Object> fields = new TreeMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        Object value = switch (p.nextToken()) {
          case VALUE_NUMBER_INT -> p.getLongValue();
          case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
          case VALUE_TRUE -> Boolean.TRUE;
          case VALUE_FALSE -> Boolean.FALSE;
          default -> p.getText();
        };
        fields.put(key, value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fields;
  }
}
