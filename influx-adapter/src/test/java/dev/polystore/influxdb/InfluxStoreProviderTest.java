package dev.polystore.influxdb;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.Capability;
import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.Stores;
import dev.polystore.UnsupportedCapabilityException;
import dev.polystore.tck.ServerBackend;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Opening InfluxDB stores by URL: discovery, configuration errors, secrets kept out of messages, the version. */
class InfluxStoreProviderTest {

  private static final TestDatabases DATABASES = new TestDatabases("polystore_provider");

  @AfterAll
  static void dropDatabases() {
    DATABASES.dropAll();
  }

  @Test
  void theProviderIsFoundForInfluxdbUrlsAndRefusesUserStores() {
    StoreConfig config = StoreConfig.of("influxdb:?url=http://127.0.0.1:1");
    assertInstanceOf(InfluxStoreProvider.class, Stores.providerFor(config));
    UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
        () -> Stores.openUserStore(config));
    assertEquals(Capability.USER_STORE, e.capability());
  }

  @Test
  void badConfigurationIsRefusedBeforeAnythingIsSent() {
    assertAll(
        () -> assertTrue(refused("influxdb:").contains("url=http://127.0.0.1:8086"), "the URL's form is shown"),
        () -> assertTrue(refused("influxdb:?url=ftp://host").contains("http or https")),
        () -> assertTrue(refused("influxdb:?url=http://h&databse=x").contains("databse")),
        () -> assertTrue(refused("influxdb:?url=http://h&database=a%20b").contains("database")),
        () -> assertTrue(refused("influxdb:?url=http://h&batch.size=0").contains("batch.size")),
        () -> assertTrue(refused("influxdb:?url=http://h&batch.size=20&buffer.capacity=10").contains("buffer.capacity")),
        () -> assertTrue(refused("influxdb:?url=http://h&buffer.full=DROP").contains("buffer.full")),
        () -> assertTrue(refused("influxdb:?url=http://h&server.version=latest").contains("server.version")),
        () -> assertTrue(refused("influxdb:?url=http://h&username=u").contains("username and password")));
  }

  @Test
  void secretsNeverAppearInMessages() {
    String message = refusedConfig(StoreConfig.builder("influxdb:?url=http://h&token=s3cr3t-token")
        .property("password", "pa55word").property("username", "u").build());
    assertTrue(message.contains("token") && message.contains("password"), message);
    assertFalse(message.contains("s3cr3t-token") || message.contains("pa55word"), message);
    String options = InfluxStoreOptions.builder().build().toString();
    assertFalse(options.contains("s3cr3t"), options);
  }

  @Test
  void anUnreachableServerFailsTheOpenQuicklyAsUnavailable() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    long start = System.nanoTime();
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> Stores.openEventStore(
        "influxdb:?url=http://127.0.0.1:" + port + "&retry.max.attempts=2&retry.base.delay=10ms&retry.max.delay=20ms"));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "bounded by the retries");
    assertTrue(e.getMessage().contains("/ping") && e.getMessage().contains("cannot be reached"), e.getMessage());
  }

  @Test
  void theServersVersionDecidesTheCapabilities() {
    ServerBackend server = InfluxTestServer.resolve();
    try (EventStore store = DATABASES.openEmpty(server, Map.of())) {
      assertTrue(store.capabilities().backend().startsWith("InfluxDB 1."), store.capabilities().backend());
      assertTrue(store.capabilities().has(Capability.EVENT_DELETE));
      assertTrue(store.capabilities().has(Capability.EVENT_MERGE_FIELDS));
      assertFalse(store.capabilities().has(Capability.EVENT_MIXED_FIELD_TYPES));
      assertTrue(store.toString().contains(DATABASES.current()), store.toString());
    }
  }

  @Test
  void aMissingDatabaseIsAConfigurationErrorWhenTheStoreMayNotCreateIt() {
    ServerBackend server = InfluxTestServer.resolve();
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
        () -> Stores.openEventStore(StoreConfig.builder(server.jdbcUrl()).property("database", "polystore_missing_db")
            .property("create.database", "false").build()));
    assertTrue(e.getMessage().contains("polystore_missing_db") && e.getMessage().contains("not found"),
        e.getMessage());
    try (EventStore created = DATABASES.openEmpty(server, Map.of())) {
      StoreConfigurationException policy = assertThrows(StoreConfigurationException.class,
          () -> Stores.openEventStore(StoreConfig.builder(server.jdbcUrl()).property("database", DATABASES.current())
              .property("retention.policy", "nosuch").build()));
      assertTrue(policy.getMessage().contains("nosuch") && policy.getMessage().contains("autogen"),
          policy.getMessage());
    }
  }

  private static String refused(String url) {
    return refusedConfig(StoreConfig.of(url));
  }

  private static String refusedConfig(StoreConfig config) {
    return assertThrows(StoreConfigurationException.class, () -> Stores.openEventStore(config)).getMessage();
  }
}
