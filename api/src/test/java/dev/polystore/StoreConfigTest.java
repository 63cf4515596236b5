package dev.polystore;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

  @Test
  void masksSecretsInToStringAndUrls() {
    StoreConfig config = StoreConfig.builder("jdbc:postgresql://db/app?user=app&password=hunter2&ssl=true")
        .property("password", "hunter2").property("cursor.secret", "s3cr3t-s3cr3t-s3cr3t")
        .property("pool.max.size", "8").build();
    String text = config.toString();
    assertFalse(text.contains("hunter2"), text);
    assertFalse(text.contains("s3cr3t"), text);
    assertTrue(text.contains("pool.max.size=8"), text);
    assertTrue(text.contains("ssl=true"), text);
    assertEquals("influxdb://me:****@host:8086/db", StoreConfig.mask("influxdb://me:tok@host:8086/db"));
    assertEquals("dynamodb:?region=x&token=****", StoreConfig.mask("dynamodb:?region=x&token=abc"));
  }

  @Test
  void masksEverySecretParameterByOneRuleInUrlsAndProperties() {
    String[] urls = {
        "jdbc:postgresql://db/app?user=app&sslpassword=hunter2&ssl=true",
        "jdbc:mysql://db/app?trustCertificateKeyStorePassword=hunter2&useSSL=true",
        "dynamodb:?region=eu-west-1&cursor.secret=hunter2&table=app",
        "jdbc:sqlserver://db:1433;databaseName=app;password=hunter2;encrypt=true",
        "jdbc:h2:mem:app;USER=sa;PASSWORD=hunter2",
        "influxdb://host:8086?authToken=hunter2&db=x",
        "dynamodb:?aws.credentials.profile=hunter2&table=app",
        "jdbc:postgresql://db/app?sslkey=hunter2",
        "jdbc:mysql://app:hunter2@db:3306/app?useSSL=true",
        "jdbc:postgresql://db/app?password=hunter2#frag"};
    for (String url : urls) {
      StoreConfig config = StoreConfig.of(url);
      assertAll(url,
          () -> assertFalse(config.toString().contains("hunter2"), config.toString()),
          () -> assertFalse(StoreConfig.mask(url).contains("hunter2"), StoreConfig.mask(url)),
          () -> assertFalse(config.maskedUrl().contains("hunter2"), config.maskedUrl()),
          () -> assertTrue(StoreConfig.mask(url).contains("****"), StoreConfig.mask(url)));
      StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
          () -> Stores.openUserStore(url.replaceFirst("^[a-z]+:", "nosuch:")));
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
    assertEquals("jdbc:sqlserver://db:1433;databaseName=app;password=****;encrypt=true",
        StoreConfig.mask(urls[3]), "only the secret's value is masked");
    assertEquals("jdbc:postgresql://db:5432/app?user=ann@example.com&ssl=true",
        StoreConfig.mask("jdbc:postgresql://db:5432/app?user=ann@example.com&ssl=true"), "nothing to mask");

    StoreConfig properties = StoreConfig.builder("jdbc:sqlite:x.db").property("sslpassword", "hunter2")
        .property("trustCertificateKeyStorePassword", "hunter2").property("aws.credentials", "hunter2")
        .property("api.token.file", "hunter2").property("signing.key", "hunter2")
        .property("pool.max.size", "8").build();
    assertFalse(properties.toString().contains("hunter2"), properties.toString());
    assertTrue(properties.toString().contains("pool.max.size=8"), properties.toString());
    for (String key : List.of("sslpassword", "trustCertificateKeyStorePassword", "cursor.secret",
        "aws.credentials.profile", "authToken", "passwd", "signing.key", "Password")) {
      assertTrue(StoreConfig.isSecretKey(key), key);
    }
    for (String key : List.of("pool.max.size", "user", "table", "ssl", "keyspace", "region")) {
      assertFalse(StoreConfig.isSecretKey(key), key);
    }
  }

  @Test
  void readsRoleFromEnvironmentWithSystemPropertiesWinning() {
    Map<String, String> env = Map.of("POLYSTORE_USERS_URL", "jdbc:sqlite:env.db",
        "POLYSTORE_USERS_POOL_MAX_SIZE", "4", "POLYSTORE_EVENTS_URL", "influxdb://x");
    Map<String, String> sys = Map.of("polystore.users.url", "jdbc:sqlite:prop.db", "polystore.users.password", "pw");
    StoreConfig config = StoreConfig.fromSources("users", env, sys::get, sys.keySet());
    assertEquals("jdbc:sqlite:prop.db", config.url());
    assertEquals(Map.of("pool.max.size", "4", "password", "pw"), config.properties());
  }

  @Test
  void missingUrlNamesTheVariable() {
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
        () -> StoreConfig.fromSources("events", Map.of(), k -> null, List.of()));
    assertTrue(e.getMessage().contains("POLYSTORE_EVENTS_URL"), e.getMessage());
  }

  @Test
  void noProviderIsAConfigurationErrorThatMasksThePassword() {
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
        () -> Stores.openUserStore("nosuch://u:topsecret@host/db"));
    assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    assertTrue(e.getMessage().contains("Installed: none"), e.getMessage());
  }
}
