package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.InvalidQueryException;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.query.Page;
import dev.polystore.spi.support.Backoff;
import dev.polystore.user.NewUser;
import dev.polystore.user.User;
import dev.polystore.user.UserQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Discovery through {@link Stores}, option parsing and validation, secrets in messages. */
class JdbiStoreProviderTest {

  private static final String SECRET = "pa55-w0rd-xyz";

  @TempDir
  Path dir;

  @Test
  void storesFindsTheJdbiProviderForEverySqlScheme() {
    for (String url : List.of("jdbc:sqlite:x.db", "jdbc:postgresql://h/db", "jdbc:mysql://h/db", "jdbc:mariadb://h/db")) {
      assertInstanceOf(JdbiStoreProvider.class, Stores.providerFor(StoreConfig.of(url)), url);
    }
    assertEquals(List.of("jdbc:sqlite:", "jdbc:postgresql:", "jdbc:mysql:", "jdbc:mariadb:"),
        new JdbiStoreProvider().schemes());
    assertEquals("jdbi", new JdbiStoreProvider().name());
  }

  @Test
  void opensAWorkingUserStoreByUrl() {
    try (UserStore store = Stores.openUserStore("jdbc:sqlite:" + dir.resolve("app.db"))) {
      assertEquals("SQLite", store.capabilities().backend());
      User ann = store.create(NewUser.builder().username("ann").email("ann@example.com").build());
      assertEquals(ann, store.findByUsername("ANN").orElseThrow());
    }
    try (UserStore reopened = Stores.openUserStore("jdbc:sqlite:" + dir.resolve("app.db"))) {
      assertTrue(reopened.findByEmail("ann@example.com").isPresent(), "a file database keeps its rows");
    }
  }

  @Test
  void closeIsIdempotentAndAClosedStoreRefusesWork() {
    UserStore store = Stores.openUserStore("jdbc:sqlite::memory:");
    store.close();
    store.close();
    assertThrows(IllegalStateException.class, () -> store.count(dev.polystore.query.Filter.all()));
  }

  @Test
  void unknownOptionsAreRejectedNamingTheKey() {
    StoreConfig config = StoreConfig.builder("jdbc:sqlite::memory:").property("pool.max.sise", "5").build();
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class, () -> Stores.openUserStore(config));
    assertTrue(e.getMessage().contains("pool.max.sise"), e.getMessage());
    assertTrue(e.getMessage().contains("pool.max.size"), "the known keys are listed: " + e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
      "pool.max.size, lots",
      "pool.max.size, 0",
      "pool.min.idle, 50",
      "pool.connection.timeout, 10 parsecs",
      "pool.connection.timeout, 1ms",
      "socket.timeout, -5s",
      "pool.keepalive.time, 10s",
      "pool.keepalive.time, 45m",
      "migrate, yes",
      "retry.max.attempts, 0",
      "retry.max, 3",
      "retry.base.delay, 3s",
      "retry.max.delay, 10ms",
      "sqlite.synchronous, OFF",
      "cursor.secret, short"})
  void badOptionValuesAreConfigurationErrors(String key, String value) {
    StoreConfig config = StoreConfig.builder("jdbc:sqlite::memory:").property(key, value).build();
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class, () -> Stores.openUserStore(config));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }

  @Test
  void optionsParseWithTheirDocumentedDefaults() {
    JdbiStoreOptions defaults = JdbiStoreOptions.defaults();
    assertEquals(10, defaults.poolMaxSize());
    assertEquals(1, defaults.poolMinIdle());
    assertEquals(Duration.ofSeconds(30), defaults.poolConnectionTimeout());
    assertEquals(Duration.ofSeconds(60), defaults.socketTimeout());
    assertEquals(Duration.ofMinutes(2), defaults.poolKeepaliveTime());
    assertTrue(defaults.migrate());
    assertEquals(3, defaults.retryMaxAttempts());
    assertEquals(JdbiStoreOptions.SqliteSynchronous.FULL, defaults.sqliteSynchronous(), "durable by default");
    JdbiStoreOptions parsed = JdbiStoreOptions.fromProperties(Map.of("pool.max.size", "4",
        "pool.connection.timeout", "1500ms", "pool.idle.timeout", "PT2M", "socket.timeout", "30s",
        "pool.keepalive.time", "0", "sqlite.busy.timeout", "1m", "migrate", "FALSE", "username", "app",
        "sqlite.synchronous", "normal"));
    assertEquals(4, parsed.poolMaxSize());
    assertEquals(Duration.ofMillis(1500), parsed.poolConnectionTimeout());
    assertEquals(Duration.ofMinutes(2), parsed.poolIdleTimeout());
    assertEquals(Duration.ofSeconds(30), parsed.socketTimeout());
    assertEquals(Duration.ZERO, parsed.poolKeepaliveTime());
    assertEquals(Duration.ofMinutes(1), parsed.sqliteBusyTimeout());
    assertFalse(parsed.migrate());
    assertEquals(JdbiStoreOptions.SqliteSynchronous.NORMAL, parsed.sqliteSynchronous());
    assertEquals(parsed, parsed.toBuilder().build());
    assertEquals(parsed.hashCode(), parsed.toBuilder().build().hashCode());
    assertNotEquals(parsed, parsed.toBuilder().password("other").build(), "every option counts, secrets too");
  }

  @Test
  void retriesAreNamedAsOnEveryAdapterAndRetryBackoffIsStillRead() {
    JdbiStoreOptions defaults = JdbiStoreOptions.defaults();
    assertEquals(Backoff.of(3, Duration.ofMillis(20), Duration.ofSeconds(2)), defaults.backoff(),
        "the same longest pause as on DynamoDB");
    JdbiStoreOptions parsed = JdbiStoreOptions.fromProperties(Map.of("retry.max.attempts", "5",
        "retry.base.delay", "50ms", "retry.max.delay", "PT3S"));
    assertEquals(Backoff.of(5, Duration.ofMillis(50), Duration.ofSeconds(3)), parsed.backoff());
    assertEquals(Duration.ofMillis(50), parsed.retryBaseDelay());
    assertEquals(Duration.ofSeconds(3), parsed.retryMaxDelay());
    JdbiStoreOptions deprecated = JdbiStoreOptions.fromProperties(Map.of("retry.backoff", "50ms"));
    assertEquals(Duration.ofMillis(50), deprecated.retryBaseDelay(), "retry.backoff is a name of retry.base.delay");
    assertEquals(Backoff.of(3, Duration.ofMillis(50), Duration.ofSeconds(2)), deprecated.backoff());
    assertEquals(Duration.ofSeconds(2), JdbiStoreOptions.fromProperties(Map.of("retry.backoff", "2s")).retryBaseDelay(),
        "a base delay up to the default longest pause is read as before");
    StoreConfigurationException both = assertThrows(StoreConfigurationException.class,
        () -> JdbiStoreOptions.fromProperties(Map.of("retry.backoff", "50ms", "retry.base.delay", "60ms")));
    assertTrue(both.getMessage().contains("retry.base.delay and retry.backoff"), both.getMessage());
    StoreConfigurationException order = assertThrows(StoreConfigurationException.class,
        () -> JdbiStoreOptions.fromProperties(Map.of("retry.backoff", "3s")));
    assertEquals("Option retry.base.delay must be at most retry.max.delay (2s), not '3s'", order.getMessage());
    assertEquals(deprecated, JdbiStoreOptions.fromProperties(Map.of("retry.base.delay", "50ms")));
  }

  @Test
  void badValuesOfSecretsAreNotShown() {
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
        () -> JdbiStoreOptions.fromProperties(Map.of("cursor.secret", SECRET)));
    assertTrue(e.getMessage().contains("cursor.secret"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  @Test
  void sqliteFilesAreSyncedAtEveryCommitUnlessNormalIsChosen() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("durable.db");
    assertEquals(2, sqlitePragma(url, JdbiStoreOptions.defaults(), "synchronous"), "FULL (2) by default");
    assertEquals("wal", sqlitePragmaText(url, JdbiStoreOptions.defaults(), "journal_mode"));
    JdbiStoreOptions normal = JdbiStoreOptions.builder()
        .sqliteSynchronous(JdbiStoreOptions.SqliteSynchronous.NORMAL).build();
    assertEquals(1, sqlitePragma(url, normal, "synchronous"), "NORMAL (1) when chosen");
  }

  private static int sqlitePragma(String url, JdbiStoreOptions options, String pragma) throws Exception {
    return Integer.parseInt(sqlitePragmaText(url, options, pragma));
  }

  /** The pragma's value on a connection of the pool a store opened by URL would use. */
  private static String sqlitePragmaText(String url, JdbiStoreOptions options, String pragma) throws Exception {
    try (var pool = dev.polystore.jdbi.internal.JdbiDataSources.open(url,
            dev.polystore.jdbi.internal.SqlDialect.SQLITE, options);
         var connection = pool.dataSource().getConnection();
         var rs = connection.createStatement().executeQuery("PRAGMA " + pragma)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void secretsAreMaskedInToString() {
    JdbiStoreOptions options = JdbiStoreOptions.builder().username("app").password(SECRET)
        .cursorSecret(SECRET + SECRET).build();
    assertFalse(options.toString().contains(SECRET), options.toString());
    assertTrue(options.toString().contains("app"));
  }

  @Test
  void unreachableServerIsUnavailableAndTheMessageHidesThePassword() {
    // Port 1 on the loopback address: nothing listens, the connection is refused at once.
    StoreConfig config = StoreConfig.builder("jdbc:postgresql://127.0.0.1:1/test?password=" + SECRET)
        .property("username", "app").property("password", SECRET)
        .property("pool.connection.timeout", "1s").property("connect.timeout", "1s").build();
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> Stores.openUserStore(config));
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(SECRET), "a message shows the password: " + t.getMessage());
    }
  }

  @Test
  void cursorsStayValidAcrossStoresSharingTheCursorSecret() {
    String url = "jdbc:sqlite:" + dir.resolve("cursors.db");
    StoreConfig shared = StoreConfig.builder(url).property("cursor.secret", "0123456789abcdef-shared").build();
    String cursor;
    try (UserStore first = Stores.openUserStore(shared)) {
      for (String name : List.of("ann", "bob", "cid")) {
        first.create(NewUser.builder().username(name).email(name + "@example.com").build());
      }
      cursor = first.find(UserQuery.builder().first(1).build()).nextCursor().orElseThrow();
    }
    try (UserStore second = Stores.openUserStore(shared)) {
      Page<User> next = second.find(UserQuery.builder().after(cursor, 5).build());
      assertEquals(List.of("bob", "cid"), next.items().stream().map(User::username).toList());
    }
    try (UserStore otherSecret = Stores.openUserStore(url)) {
      assertThrows(InvalidQueryException.class, () -> otherSecret.find(UserQuery.builder().after(cursor, 5).build()),
          "a store with another (random) secret rejects the cursor");
    }
  }
}
