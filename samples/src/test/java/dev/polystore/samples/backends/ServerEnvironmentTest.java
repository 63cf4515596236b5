package dev.polystore.samples.backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where the samples find servers in the environment. */
class ServerEnvironmentTest {

  @Test
  void aSamplesVariableWinsOverTheTestSuitesOne() {
    ServerEnvironment environment = new ServerEnvironment(Map.of(
        "POLYSTORE_SAMPLES_POSTGRES_URL", "jdbc:postgresql://samples/db",
        "POLYSTORE_TEST_POSTGRES_URL", "jdbc:postgresql://test/db",
        "POLYSTORE_TEST_INFLUXDB_URL", " influxdb:?url=http://127.0.0.1:8086 "));

    BackendTarget postgres = environment.server(BackendKind.POSTGRES).orElseThrow();
    assertEquals(Optional.of("jdbc:postgresql://samples/db"), postgres.location());
    assertEquals("POLYSTORE_SAMPLES_POSTGRES_URL", postgres.source());

    BackendTarget influx = environment.server(BackendKind.INFLUXDB).orElseThrow();
    assertEquals(Optional.of("influxdb:?url=http://127.0.0.1:8086"), influx.location());
    assertEquals("POLYSTORE_TEST_INFLUXDB_URL", influx.source());

    assertTrue(environment.server(BackendKind.MYSQL).isEmpty());
    assertTrue(environment.server(BackendKind.SQLITE_FILE).isEmpty(), "embedded backends have no server");
  }

  @Test
  void aBlankVariableCountsAsUnset() {
    ServerEnvironment environment = new ServerEnvironment(Map.of(
        "POLYSTORE_SAMPLES_DYNAMODB_ENDPOINT", " ", "POLYSTORE_TEST_DYNAMODB_ENDPOINT", "http://127.0.0.1:8000"));
    assertEquals(Optional.of("http://127.0.0.1:8000"), environment.server(BackendKind.DYNAMODB).orElseThrow()
        .location());
  }
}
