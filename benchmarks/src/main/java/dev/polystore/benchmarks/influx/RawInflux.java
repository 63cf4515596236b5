package dev.polystore.benchmarks.influx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import dev.polystore.event.Event;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Response;

/**
 * The raw side on InfluxDB 1.x: line protocol written with a {@code StringBuilder} and POSTed to {@code /write}
 * in batches of 5,000 lines (the adapter's default batch), nanosecond precision; a streamed, chunked
 * {@code SELECT *} read with Jackson's streaming parser; a server-side {@code COUNT, MEAN ... GROUP BY time()}. Uses
 * influxdb-client-java's OkHttp stack with the adapter's timeouts. Knows its schema (which columns are tags).
 * Thread-safe (OkHttp is).
 */
public final class RawInflux implements AutoCloseable {

  /** An event as read back. */
  public record RawEvent(long timeNanos, Map<String, String> tags, Map<String, Object> fields) {
  }

  private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final int BATCH = 5_000;
  private static final int CHUNK = 5_000;

  private final InfluxDBClient client;
  private final RawInfluxHttp http;
  private final String database;

  public RawInflux(String serverUrl, String database) {
    OkHttpClient.Builder ok = new OkHttpClient.Builder().connectTimeout(10, TimeUnit.SECONDS)
        .readTimeout(60, TimeUnit.SECONDS).writeTimeout(60, TimeUnit.SECONDS).retryOnConnectionFailure(false);
    this.client = InfluxDBClientFactory.create(InfluxDBClientOptions.builder().url(serverUrl).okHttpClient(ok).build());
    this.http = client.getService(RawInfluxHttp.class);
    this.database = database;
  }

  /** Writes the events as line protocol, 5,000 lines per request. */
  public void write(List<Event> events) throws IOException {
    StringBuilder lines = new StringBuilder(BATCH * 64);
    int n = 0;
    for (Event e : events) {
      lines.append(e.series());
      e.tags().forEach((k, v) -> lines.append(',').append(k).append('=').append(v));
      char sep = ' ';
      for (Map.Entry<String, Object> f : e.fields().entrySet()) {
        lines.append(sep).append(f.getKey()).append('=');
        Object v = f.getValue();
        if (v instanceof Long l) {
          lines.append(l).append('i');
        } else {
          lines.append(v);
        }
        sep = ',';
      }
      Instant t = e.time();
      lines.append(' ').append(t.getEpochSecond() * 1_000_000_000L + t.getNano()).append('\n');
      if (++n == BATCH) {
        post(lines);
        n = 0;
      }
    }
    if (n > 0) {
      post(lines);
    }
  }

  private void post(StringBuilder lines) throws IOException {
    Response<Void> r = http.write(database, "ns", RequestBody.create(lines.toString(), TEXT)).execute();
    lines.setLength(0);
    if (!r.isSuccessful()) {
      throw new IOException("write failed: HTTP " + r.code());
    }
  }

  /** Streams every event of {@code series} in {@code [from, to)} to {@code sink}; {@code tagKeys} names the tags. */
  public long stream(String series, Instant from, Instant to, Set<String> tagKeys, Consumer<RawEvent> sink)
      throws IOException {
    String q = "SELECT * FROM \"" + series + "\" WHERE time >= " + nanos(from) + " AND time < " + nanos(to);
    long n = 0;
    try (ResponseBody body = call(q, true); InputStream in = body.byteStream(); JsonParser p = JSON.createParser(in)) {
      List<String> columns = new ArrayList<>();
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != JsonToken.FIELD_NAME) {
          continue;
        }
        String name = p.currentName();
        if (name.equals("columns")) {
          columns.clear();
          p.nextToken();
          while (p.nextToken() == JsonToken.VALUE_STRING) {
            columns.add(p.getText());
          }
        } else if (name.equals("values")) {
          p.nextToken();
          while (p.nextToken() == JsonToken.START_ARRAY) {
            long time = 0;
            Map<String, String> tags = new TreeMap<>();
            Map<String, Object> fields = new TreeMap<>();
            for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
              String column = columns.get(i);
              JsonToken v = p.currentToken();
              if (i == 0) {
                time = p.getLongValue();
              } else if (v == JsonToken.VALUE_NULL) {
                continue;
              } else if (tagKeys.contains(column)) {
                tags.put(column, p.getText());
              } else {
                fields.put(column, switch (v) {
                  case VALUE_NUMBER_INT -> p.getLongValue();
                  case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                  case VALUE_TRUE -> Boolean.TRUE;
                  case VALUE_FALSE -> Boolean.FALSE;
                  default -> p.getText();
                });
              }
            }
            sink.accept(new RawEvent(time, tags, fields));
            n++;
          }
        }
      }
    }
    return n;
  }

  /** One window of the mean: its start (ns), how many events have the field, and their mean. */
  public record RawWindow(long startNanos, long count, double mean) {
  }

  /**
   * The server's count and mean of {@code field} per {@code window} over {@code [from, to)}, the windows holding
   * the field: what {@code EventStore.aggregate} returns for each window, and what the SQL raw side asks for.
   */
  public List<RawWindow> windowedMean(String series, String field, Instant from, Instant to, Duration window)
      throws IOException {
    String q = "SELECT COUNT(\"" + field + "\"), MEAN(\"" + field + "\") FROM \"" + series + "\" WHERE time >= "
        + nanos(from) + " AND time < " + nanos(to) + " GROUP BY time(" + window.toMillis() + "ms) fill(none)";
    List<RawWindow> out = new ArrayList<>();
    try (ResponseBody body = call(q, false); JsonParser p = JSON.createParser(body.byteStream())) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME && p.currentName().equals("values")) {
          p.nextToken();
          while (p.nextToken() == JsonToken.START_ARRAY) {
            p.nextToken();
            long start = p.getLongValue();
            p.nextToken();
            long count = p.getLongValue();
            p.nextToken();
            out.add(new RawWindow(start, count, p.getDoubleValue()));
            p.nextToken();
          }
        }
      }
    }
    return out;
  }

  private ResponseBody call(String q, boolean chunked) throws IOException {
    Response<ResponseBody> r = http.query(q, database, "ns", chunked ? Boolean.TRUE : null, chunked ? CHUNK : null)
        .execute();
    if (!r.isSuccessful() || r.body() == null) {
      throw new IOException("query failed: HTTP " + r.code());
    }
    return r.body();
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** Drops and creates the database (InfluxQL {@code DROP DATABASE}, {@code CREATE DATABASE}). */
  public void recreateDatabase() throws IOException {
    call("DROP DATABASE \"" + database + "\"", false).close();
    call("CREATE DATABASE \"" + database + "\"", false).close();
  }

  /** Drops one measurement. */
  public void dropSeries(String series) throws IOException {
    call("DROP MEASUREMENT \"" + series + "\"", false).close();
  }

  @Override
  public void close() {
    client.close();
  }
}
