package dev.polystore.samples.backends;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.spi.support.UrlQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * InfluxQL statements the samples send themselves, outside any store: {@code SHOW DATABASES},
 * {@code SHOW RETENTION POLICIES}, {@code SHOW MEASUREMENTS}, {@code DROP DATABASE} of a scratch database. Speaks
 * InfluxDB 1.x's {@code /query} endpoint (2.x answers it too, with a token). Thread-safe.
 */
public final class InfluxQlClient {

  private final String serverUrl;
  private final Map<String, String> settings;
  private final OkHttpClient http;

  /** A client of the server named by the {@code influxdb:} store URL (its {@code url}, credentials, token). */
  public InfluxQlClient(String storeUrl) {
    this.settings = UrlQuery.settings(StoreConfig.of(storeUrl), "influxdb:");
    String url = settings.get("url");
    if (url == null) {
      throw new StoreConfigurationException("an influxdb: URL needs the server, e.g."
          + " influxdb:?url=http://127.0.0.1:8086");
    }
    this.serverUrl = url;
    this.http = new OkHttpClient.Builder().connectTimeout(10, TimeUnit.SECONDS).readTimeout(60, TimeUnit.SECONDS)
        .build();
  }

  /** The server's URL, e.g. {@code http://127.0.0.1:8086}. */
  public String serverUrl() {
    return serverUrl;
  }

  /** The settings of the store URL: {@code url}, {@code database}, credentials and the store's options. */
  public Map<String, String> settings() {
    return settings;
  }

  /**
   * Runs one statement and returns the rows of its first series, each row's values as text (a statement with
   * several series, such as {@code SHOW MEASUREMENTS}, has them all).
   *
   * @throws StoreUnavailableException when the server cannot be reached
   * @throws dev.polystore.StoreException when it answers with an error
   */
  public List<List<String>> query(String statement, String database) {
    FormBody.Builder form = new FormBody.Builder().add("q", statement);
    if (database != null) {
      form.add("db", database);
    }
    Request.Builder request = new Request.Builder().url(serverUrl.replaceAll("/+$", "") + "/query")
        .post(form.build());
    if (settings.containsKey("username")) {
      request.header("Authorization", Credentials.basic(settings.get("username"), settings.getOrDefault("password", "")));
    } else if (settings.containsKey("token")) {
      request.header("Authorization", "Token " + settings.get("token"));
    }
    try (Response response = http.newCall(request.build()).execute()) {
      String body = response.body() == null ? "" : response.body().string();
      if (!response.isSuccessful()) {
        throw new dev.polystore.StoreException("InfluxDB answered " + response.code() + " to " + statement + ": "
            + body.strip());
      }
      return rows(statement, body);
    } catch (IOException e) {
      throw new StoreUnavailableException("InfluxDB at " + serverUrl + " cannot be reached: " + e.getMessage(), e);
    }
  }

  private static List<List<String>> rows(String statement, String body) {
    JsonObject reply = JsonParser.parseString(body).getAsJsonObject();
    List<List<String>> rows = new ArrayList<>();
    for (JsonElement result : reply.getAsJsonArray("results")) {
      JsonObject object = result.getAsJsonObject();
      if (object.has("error")) {
        throw new dev.polystore.StoreException("InfluxDB refused " + statement + ": "
            + object.get("error").getAsString());
      }
      if (!object.has("series")) {
        continue;
      }
      for (JsonElement series : object.getAsJsonArray("series")) {
        JsonArray values = series.getAsJsonObject().getAsJsonArray("values");
        if (values == null) {
          continue;
        }
        for (JsonElement row : values) {
          List<String> cells = new ArrayList<>();
          for (JsonElement cell : row.getAsJsonArray()) {
            cells.add(cell.isJsonNull() ? "" : cell.getAsString());
          }
          rows.add(cells);
        }
      }
    }
    return rows;
  }

  /** Releases the HTTP client's threads and connections. */
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
