package dev.polystore.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link InfluxProcess} against a real {@code influxd}: what it stores survives a stop and a crash. */
class InfluxProcessTest {

  private static final String POINT = "m,t=a v=42i 1700000000000000000";
  private static final String STORED = "\"values\":[[1700000000000000000,42]]";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void dataSurvivesAStopAndTheRestartedServerAnswersOnTheSamePort() throws Exception {
    try (InfluxProcess influx = InfluxProcess.start()) {
      int port = influx.port();
      assertTrue(influx.running());
      assertEquals("http://127.0.0.1:" + port, influx.url());
      assertEquals("influxdb:?url=http://127.0.0.1:" + port, influx.storeUrl());
      writePoint(influx);

      influx.stop();
      assertFalse(influx.running());
      assertThrows(ConnectException.class, () -> ping(influx), "nothing listens on a stopped server's port");

      influx.restart();
      assertTrue(influx.running());
      assertEquals(port, influx.port());
      assertEquals(204, ping(influx));
      assertTrue(selectPoint(influx).contains(STORED), "the point written before the restart is read back");
    }
  }

  @Test
  void killIsACrashThatLosesNothingAcknowledged() throws Exception {
    try (InfluxProcess influx = InfluxProcess.start()) {
      writePoint(influx);

      influx.kill();
      assertFalse(influx.running());
      assertThrows(ConnectException.class, () -> ping(influx));

      influx.restart();
      assertTrue(selectPoint(influx).contains(STORED), "the acknowledged point is replayed from the WAL");
    }
  }

  @Test
  void closeStopsTheServerAndFreesItsPort() throws Exception {
    InfluxProcess influx = InfluxProcess.start();
    influx.close();

    assertFalse(influx.running());
    assertThrows(ConnectException.class, () -> ping(influx));
    assertThrows(IllegalStateException.class, influx::restart);
    influx.close();
  }

  private void writePoint(InfluxProcess influx) throws IOException, InterruptedException {
    assertEquals(200, query(influx, "CREATE DATABASE d").statusCode());
    HttpResponse<String> written = http.send(
        HttpRequest.newBuilder(URI.create(influx.url() + "/write?db=d&precision=ns"))
            .POST(HttpRequest.BodyPublishers.ofString(POINT))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(204, written.statusCode(), written.body());
  }

  private String selectPoint(InfluxProcess influx) throws IOException, InterruptedException {
    HttpResponse<String> read = query(influx, "SELECT v FROM m WHERE t = 'a'");
    assertEquals(200, read.statusCode(), read.body());
    return read.body();
  }

  private HttpResponse<String> query(InfluxProcess influx, String statement) throws IOException, InterruptedException {
    String form = "q=" + URLEncoder.encode(statement, StandardCharsets.UTF_8);
    return http.send(
        HttpRequest.newBuilder(URI.create(influx.url() + "/query?db=d&epoch=ns"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int ping(InfluxProcess influx) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(influx.url() + "/ping")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
