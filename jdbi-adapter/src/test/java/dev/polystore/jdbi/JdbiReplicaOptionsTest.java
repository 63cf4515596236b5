package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EventStore;
import dev.polystore.ReadConsistency;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options of read consistency and read replicas: defaults, parsing, refusals, masking; no server needed. */
class JdbiReplicaOptionsTest {

  private static final String SECRET = "r3plica-pa55";

  @TempDir
  Path dir;

  @Test
  void defaults() {
    JdbiStoreOptions options = JdbiStoreOptions.defaults();
    assertEquals(ReadConsistency.STRONG, options.readConsistency());
    assertEquals(List.of(), options.replicaUrls());
    assertEquals(Duration.ofSeconds(10), options.replicaMaxLag());
    assertEquals(Duration.ofSeconds(1), options.replicaCheckInterval());
    assertEquals(5, options.replicaPoolMaxSize());
    assertEquals(Duration.ofSeconds(1), options.replicaConnectionTimeout());
  }

  @Test
  void readFromPropertiesAndCopied() {
    JdbiStoreOptions options = JdbiStoreOptions.fromProperties(Map.of(
        "read.consistency", "eventual",
        "replica.urls", "jdbc:postgresql://r1:5432/app, jdbc:postgresql://r2:5432/app?user=reader",
        "replica.max.lag", "2s", "replica.check.interval", "250ms", "replica.pool.max.size", "3",
        "replica.connection.timeout", "500ms"));
    assertEquals(ReadConsistency.EVENTUAL, options.readConsistency());
    assertEquals(List.of("jdbc:postgresql://r1:5432/app", "jdbc:postgresql://r2:5432/app?user=reader"),
        options.replicaUrls());
    assertEquals(Duration.ofSeconds(2), options.replicaMaxLag());
    assertEquals(Duration.ofMillis(250), options.replicaCheckInterval());
    assertEquals(3, options.replicaPoolMaxSize());
    assertEquals(Duration.ofMillis(500), options.replicaConnectionTimeout());
    assertEquals(options, options.toBuilder().build());
    assertEquals(List.of(), options.toBuilder().replicaUrls(List.of()).build().replicaUrls());
  }

  @Test
  void passwordsInReplicaUrlsAreNeverShown() {
    JdbiStoreOptions options = JdbiStoreOptions.fromProperties(Map.of("replica.urls",
        "jdbc:postgresql://r1/app?user=reader&password=" + SECRET + ",jdbc:mysql://reader:" + SECRET + "@r2/app"));
    assertFalse(options.toString().contains(SECRET), options.toString());
    assertTrue(options.toString().contains("replica.urls=jdbc:postgresql://r1/app?user=reader&password=****,"
        + "jdbc:mysql://reader:****@r2/app"), options.toString());
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class, () -> JdbiStoreOptions
        .fromProperties(Map.of("replica.urls", "jdbc:sqlite:x.db?password=" + SECRET)));
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  @Test
  void badValuesAreRefusedNamingTheOption() {
    assertRefused(Map.of("read.consistency", "sometimes"), "Option read.consistency must be STRONG or EVENTUAL");
    assertRefused(Map.of("replica.urls", "jdbc:sqlite:replica.db"), "Option replica.urls must name PostgreSQL or"
        + " MySQL/MariaDB servers");
    assertRefused(Map.of("replica.urls", "http://replica:8080"), "does not handle http://replica:8080");
    assertRefused(Map.of("replica.max.lag", "-1s"), "Option replica.max.lag must be");
    assertRefused(Map.of("replica.check.interval", "10ms"),
        "Option replica.check.interval must be between 100ms and 1h");
    assertRefused(Map.of("replica.pool.max.size", "0"), "Option replica.pool.max.size must be");
    assertRefused(Map.of("replica.connection.timeout", "100ms"), "Option replica.connection.timeout must be");
  }

  private static void assertRefused(Map<String, String> properties, String message) {
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
        () -> JdbiStoreOptions.fromProperties(properties));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void sqliteHasNoReplicas() {
    StoreConfig config = StoreConfig.builder("jdbc:sqlite:" + dir.resolve("app.db"))
        .property("replica.urls", "jdbc:postgresql://127.0.0.1:1/app").build();
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class, () -> Stores.openUserStore(config));
    assertTrue(e.getMessage().contains("replica.urls") && e.getMessage().contains("SQLite has no replicas"),
        e.getMessage());
  }

  @Test
  void replicasAreOfThePrimarysKind() {
    StoreConfig config = StoreConfig.builder("jdbc:postgresql://127.0.0.1:1/app").property("migrate", "false")
        .property("replica.urls", "jdbc:mysql://127.0.0.1:1/app").build();
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
        () -> Stores.openEventStore(config).close());
    assertEquals("Option replica.urls names jdbc:mysql://127.0.0.1:1/app, which is not a PostgreSQL URL like the"
        + " primary's: give replicas of the primary, with its scheme", e.getMessage());
  }

  @Test
  void aStoreWithoutReplicasReportsNone() {
    try (UserStore users = Stores.openUserStore("jdbc:sqlite:" + dir.resolve("users.db"));
         EventStore events = Stores.openEventStore("jdbc:sqlite:" + dir.resolve("events.db"))) {
      assertEquals(List.of(), JdbiStores.replicaStatus(users));
      assertEquals(List.of(), JdbiStores.replicaStatus(users.reading(ReadConsistency.EVENTUAL)));
      assertEquals(List.of(), JdbiStores.replicaStatus(events));
      assertEquals(ReadConsistency.STRONG, users.readConsistency());
    }
  }

  @Test
  void replicaStatusIsOnlyForThisAdaptersStores() {
    try (EventStore events = Stores.openEventStore("jdbc:sqlite:" + dir.resolve("events.db"))) {
      EventStore other = dev.polystore.spi.support.EventStoreView.of(events, ReadConsistency.EVENTUAL);
      assertThrows(IllegalArgumentException.class, () -> JdbiStores.replicaStatus(other));
    }
  }
}
