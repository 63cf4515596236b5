package dev.polystore.influxdb;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.tck.RequestCounter;
import dev.polystore.tck.ServerBackend;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Databases of one test class on a 1.x server: each store gets a new, empty database, and every database the class
 * made is dropped when it ends (or when the next store is opened, so a long class keeps few of them). Not
 * thread-safe: one per test class.
 */
final class TestDatabases {

  private final String prefix;
  private final List<String> made = new ArrayList<>();
  private ServerBackend server;

  TestDatabases(String prefix) {
    this.prefix = prefix;
  }

  /** A store over a new, empty database; {@code properties} are added to the store's config. */
  EventStore openEmpty(ServerBackend server, Map<String, String> properties) {
    return Stores.openEventStore(newDatabase(server, properties));
  }

  /** As {@link #openEmpty(ServerBackend, Map)}, with the HTTP requests the store sends counted by {@code counter}. */
  EventStore openEmpty(ServerBackend server, Map<String, String> properties, RequestCounter counter) {
    return CountedInflux.open(newDatabase(server, properties), counter);
  }

  /** The config of a store over a new database, after dropping the databases made before. */
  private StoreConfig newDatabase(ServerBackend server, Map<String, String> properties) {
    this.server = server;
    dropAll();
    String database = prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    made.add(database);
    return StoreConfig.builder(server.jdbcUrl()).property("database", database).properties(properties).build();
  }

  /** Another store over the newest database, with {@code properties} added to its config. */
  EventStore openCurrent(Map<String, String> properties) {
    return Stores.openEventStore(StoreConfig.builder(server.jdbcUrl()).property("database", current())
        .properties(properties).build());
  }

  /** The newest database's name. */
  String current() {
    return made.get(made.size() - 1);
  }

  /** The server's HTTP URL, from the store URL {@code influxdb:?url=…}. */
  static String httpUrl(ServerBackend server) {
    String url = server.jdbcUrl();
    int at = url.indexOf("url=");
    int end = url.indexOf('&', at);
    return java.net.URLDecoder.decode(url.substring(at + 4, end < 0 ? url.length() : end), StandardCharsets.UTF_8);
  }

  /** Drops every database made so far (all but none are in use: call between tests). */
  void dropAll() {
    if (server == null) {
      return;
    }
    for (String database : made) {
      query(httpUrl(server), null, "DROP DATABASE \"" + database + "\"");
    }
    made.clear();
  }

  /** Runs InfluxQL with plain HTTP, outside the store; returns the JSON reply. */
  static String query(String httpUrl, String database, String statement) {
    String form = "q=" + URLEncoder.encode(statement, StandardCharsets.UTF_8)
        + (database == null ? "" : "&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl + "/query?epoch=ns"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(statement + ": HTTP " + response.statusCode() + " " + response.body());
      }
      return response.body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
