package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlQueryTest {

  private static Map<String, String> parameters(String url) {
    return UrlQuery.parameters(StoreConfig.of(url), "influxdb:");
  }

  @Test
  void theSchemeAloneHasNoParameters() {
    assertEquals(Map.of(), parameters("influxdb:"));
    assertEquals(Map.of(), parameters("influxdb:?"));
  }

  @Test
  void keysAndValuesAreUrlDecoded() {
    assertEquals(Map.of("endpoint", "http://127.0.0.1:8086/x?y=1", "org", "a b&c", "bucket", "m\u00e9trics",
        "empty", ""), parameters("influxdb:?endpoint=http%3A%2F%2F127.0.0.1%3A8086%2Fx%3Fy%3D1&org=a+b%26c"
        + "&bucket=m%C3%A9trics&empty="));
    assertEquals(Map.of("a.b", "1"), parameters("influxdb:?a%2Eb=1"));
  }

  @Test
  void emptyPairsAreSkippedAndTheLastOfARepeatedKeyWins() {
    assertEquals(Map.of("bucket", "two", "org", "o"), parameters("influxdb:?&bucket=one&&org=o&bucket=two&"));
  }

  @Test
  void propertiesWinOverTheUrl() {
    StoreConfig config = StoreConfig.builder("influxdb:?bucket=url&org=url").property("bucket", "property")
        .property("token", "t").build();
    assertEquals(Map.of("bucket", "property", "org", "url", "token", "t"), UrlQuery.settings(config, "influxdb:"));
    assertEquals(Map.of("bucket", "url", "org", "url"), UrlQuery.parameters(config, "influxdb:"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"influxdb:bucket=x", "influxdb:?bucket", "influxdb:?=x", "influxdb://host?bucket=x",
      "jdbc:sqlite:x.db", "influxdb:?bucket=%zz", "influxdb:?bucket=100%", "influxdb:?%zz=1"})
  void malformedUrlsAreConfigurationErrors(String url) {
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class, () -> parameters(url));
    assertTrue(e.getMessage().contains("influxdb:"), e.getMessage());
  }

  @Test
  void messagesMaskSecrets() {
    String secret = "s3cr3t-t0ken-value";
    for (String url : new String[] {"influxdb:?token=" + secret + "&bucket=%zz", "influxdb:?token=" + secret + "%zz",
        "influxdb:?token=" + secret + "&bucket", "influxdb:x?token=" + secret}) {
      StoreConfigurationException e = assertThrows(StoreConfigurationException.class, () -> parameters(url));
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertFalse(String.valueOf(t.getMessage()).contains(secret), t.getMessage());
      }
    }
  }
}
