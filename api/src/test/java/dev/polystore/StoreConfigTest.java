package dev.polystore;

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
