package dev.polystore.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.query.Page;
import dev.polystore.spi.support.Backoff;
import dev.polystore.user.NewUser;
import dev.polystore.user.User;
import dev.polystore.user.UserQuery;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Opening stores by URL through ServiceLoader, and what the URL and options accept. */
@ExtendWith(DynamoLocal.class)
class DynamoStoreProviderTest {

  @BeforeAll
  static void credentials() {
    // the SDK's default chain reads these; DynamoDB Local accepts any
    System.setProperty("aws.accessKeyId", "polystore");
    System.setProperty("aws.secretAccessKey", "polystore");
  }

  @AfterAll
  static void forgetCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private static String url(String table, String more) {
    return "dynamodb:?endpoint=" + DynamoLocal.endpoint() + "&table=" + table + more;
  }

  @Test
  void storesOpenByUrlThroughServiceLoader() {
    String table = DynamoLocal.freshTable();
    try (UserStore users = Stores.openUserStore(url(table, "&scan.policy=allow"));
         EventStore events = Stores.openEventStore(url(table, ""))) {
      assertEquals("DynamoDB", users.capabilities().backend());
      assertEquals("DynamoDB", events.capabilities().backend());
      User ann = users.create(NewUser.builder().username("ann").email("ann@example.com").build());
      assertEquals(Optional.of(ann), users.get(ann.id()));
      assertInstanceOf(DynamoReadPlanner.class, users);
    } finally {
      DynamoLocal.dropTable(table);
    }
  }

  @Test
  void unknownSettingsAndBadValuesAreConfigurationErrors() {
    StoreConfigurationException unknown = assertThrows(StoreConfigurationException.class,
        () -> Stores.openUserStore(url("t-unknown", "&tabel=x")));
    assertTrue(unknown.getMessage().contains("tabel") && unknown.getMessage().contains("known"), unknown.getMessage());
    assertThrows(StoreConfigurationException.class, () -> Stores.openUserStore(url("t-bad", "&scan.policy=sometimes")));
    assertThrows(StoreConfigurationException.class, () -> Stores.openUserStore(url("t-bad", "&retry.max.attempts=0")));
    StoreConfigurationException oldName = assertThrows(StoreConfigurationException.class,
        () -> Stores.openUserStore(url("t-bad", "&retry.max=3")));
    assertTrue(oldName.getMessage().contains("retry.max.attempts"), "the known keys are listed: " + oldName.getMessage());
    assertThrows(StoreConfigurationException.class, () -> Stores.openUserStore(url("t-bad", "&event.bucket=30s")));
    for (String parallelism : new String[] {"0", "65", "many"}) {
      StoreConfigurationException bad = assertThrows(StoreConfigurationException.class,
          () -> Stores.openUserStore(url("t-bad", "&read.parallelism=" + parallelism)));
      assertTrue(bad.getMessage().contains("read.parallelism"), "the key is named: " + bad.getMessage());
    }
    assertThrows(StoreConfigurationException.class, () -> Stores.openUserStore(url("t-bad", "&event.bucket=soon")));
    for (String shards : new String[] {"0", "65", "four"}) {
      StoreConfigurationException bad = assertThrows(StoreConfigurationException.class,
          () -> Stores.openEventStore(url("t-bad", "&event.shards=" + shards)));
      assertTrue(bad.getMessage().contains("event.shards"), "the key is named: " + bad.getMessage());
    }
    StoreConfigurationException secret = assertThrows(StoreConfigurationException.class,
        () -> Stores.openUserStore(StoreConfig.builder(url("t-bad", "")).property("cursor.secret", "short").build()));
    assertFalse(secret.getMessage().contains("short"), "the secret is not echoed: " + secret.getMessage());
    assertThrows(StoreConfigurationException.class, () -> Stores.openUserStore("dynamodb:table=x"));
    StoreConfigurationException escape = assertThrows(StoreConfigurationException.class,
        () -> Stores.openUserStore(url("t-bad", "&cursor.secret=%zz-a-secret-of-enough-length")));
    assertFalse(escape.getMessage().contains("a-secret-of"), "the secret is not echoed: " + escape.getMessage());
    assertThrows(StoreConfigurationException.class,
        () -> Stores.openUserStore(url("t-missing", "&create.table=false")), "a missing table is not created");
  }

  @Test
  void aSharedCursorSecretKeepsCursorsValidAcrossStores() {
    String table = DynamoLocal.freshTable();
    String secret = "a-cursor-secret-of-enough-length";
    try (UserStore first = Stores.openUserStore(StoreConfig.builder(url(table, "")).property("cursor.secret", secret)
        .build());
         UserStore second = Stores.openUserStore(StoreConfig.builder(url(table, ""))
             .property("cursor.secret", secret).build())) {
      for (String name : new String[] {"ann", "bob", "cid"}) {
        first.create(NewUser.builder().username(name).email(name + "@example.com").build());
      }
      Page<User> page = first.find(UserQuery.builder().first(2).build());
      Page<User> rest = second.find(UserQuery.builder().after(page.nextCursor().orElseThrow(), 2).build());
      assertEquals(1, rest.size());
      assertEquals("cid", rest.items().get(0).username());
    } finally {
      DynamoLocal.dropTable(table);
    }
  }

  @Test
  void optionValuesParseLikeTheJdbiAdapters() {
    DynamoStoreOptions parsed = DynamoStoreProvider.options(java.util.Map.of("retry.max.attempts", "4",
        "retry.base.delay", "50ms", "retry.max.delay", "PT3S", "event.bucket", "2h", "create.table", "FALSE",
        "scan.policy", "forbid", "read.parallelism", " 64 "));
    assertEquals(4, parsed.retryMaxAttempts());
    assertEquals(java.time.Duration.ofMillis(50), parsed.retryBaseDelay());
    assertEquals(java.time.Duration.ofSeconds(3), parsed.retryMaxDelay());
    assertEquals(java.time.Duration.ofHours(2), parsed.eventBucket());
    assertFalse(parsed.createTable());
    assertEquals(DynamoStoreOptions.ScanPolicy.FORBID, parsed.scanPolicy());
    assertEquals(64, parsed.readParallelism());
    assertEquals(1, DynamoStoreProvider.options(java.util.Map.of("read.parallelism", "1")).readParallelism());
    assertEquals(java.time.Duration.ofDays(1),
        DynamoStoreProvider.options(java.util.Map.of("event.bucket", "1d")).eventBucket());
    assertEquals(1, DynamoStoreOptions.defaults().eventShards(), "one shard unless asked: the layout of older tables");
    assertEquals(64, DynamoStoreProvider.options(java.util.Map.of("event.shards", "64")).eventShards());
  }

  @Test
  void propertiesWinOverTheUrl() {
    String table = DynamoLocal.freshTable();
    try (UserStore users = Stores.openUserStore(StoreConfig.builder(url("x", "&scan.policy=allow"))
        .property("table", table).property("scan.policy", "FORBID").build())) {
      users.create(NewUser.builder().username("ann").email("ann@example.com").build());
      assertThrows(dev.polystore.InvalidQueryException.class,
          () -> users.count(dev.polystore.query.Filter.ge(dev.polystore.user.UserField.AGE, 1)),
          "scan.policy=FORBID from the properties");
    } finally {
      DynamoLocal.dropTable(table);
    }
  }

  @Test
  void retriesAreNamedAsOnEveryAdapter() {
    assertEquals(Backoff.of(9, java.time.Duration.ofMillis(25), java.time.Duration.ofSeconds(2)),
        DynamoStoreOptions.defaults().backoff());
    assertEquals(Backoff.of(4, java.time.Duration.ofMillis(50), java.time.Duration.ofSeconds(3)),
        DynamoStoreProvider.options(java.util.Map.of("retry.max.attempts", "4", "retry.base.delay", "50ms",
            "retry.max.delay", "3s")).backoff());
    StoreConfigurationException order = assertThrows(StoreConfigurationException.class,
        () -> DynamoStoreProvider.options(java.util.Map.of("retry.base.delay", "3s")));
    assertEquals("Option retry.base.delay must be at most retry.max.delay (2s), not '3s'", order.getMessage());
    StoreConfigurationException old = assertThrows(StoreConfigurationException.class,
        () -> DynamoStoreProvider.options(java.util.Map.of("retry.backoff", "50ms")));
    assertTrue(old.getMessage().contains("retry.backoff"), "only JDBI reads the old name: " + old.getMessage());
  }

  @Test
  void optionsHaveDocumentedDefaults() {
    DynamoStoreOptions defaults = DynamoStoreOptions.defaults();
    assertEquals("polystore", defaults.tableName());
    assertEquals(9, defaults.retryMaxAttempts(), "the first attempt and up to 8 retries");
    assertEquals(DynamoStoreOptions.ScanPolicy.ALLOW, defaults.scanPolicy());
    assertEquals(10_000, defaults.maxInMemoryItems());
    assertEquals(8, defaults.readParallelism());
    assertEquals(Optional.empty(), defaults.cursorSecret());
    assertEquals(defaults, defaults.toBuilder().build());
    assertFalse(DynamoStoreOptions.builder().cursorSecret("0123456789abcdef-secret").build().toString()
        .contains("0123456789abcdef"), "toString masks the cursor secret");
  }
}
