package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.StoreConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OptionValuesTest {

  enum Level { FULL, NORMAL }

  @ParameterizedTest
  @CsvSource({
      "250ms, PT0.25S",
      "30s, PT30S",
      "' 30 s ', PT30S",
      "30S, PT30S",
      "2m, PT2M",
      "1h, PT1H",
      "1d, PT24H",
      "0, PT0S",
      "PT0.025S, PT0.025S",
      "pt30s, PT30S",
      "P1D, PT24H",
  })
  void durationsInShortAndIsoForms(String text, String expected) {
    assertEquals(Duration.parse(expected), OptionValues.durationValue("retry.backoff", text));
  }

  @ParameterizedTest
  @CsvSource({
      "PT0S, 0",
      "PT0.25S, 250ms",
      "PT1.5S, 1500ms",
      "PT30S, 30s",
      "PT90S, 90s",
      "PT2M, 2m",
      "PT1H, 1h",
      "PT36H, 36h",
      "PT24H, 1d",
      "P366D, 366d",
      "PT0.0005S, PT0.0005S",
      "PT-1S, PT-1S",
  })
  void durationsAreWrittenInTheLargestExactUnit(String duration, String text) {
    assertEquals(text, OptionValues.durationText(Duration.parse(duration)));
    assertEquals(Duration.parse(duration), OptionValues.durationValue("d", text), "and read back");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "10", "30 sec", "1.5s", "-1s", "PT", "soon", "99999999999999999d"})
  void badDurationsNameTheKeyAndTheValue(String text) {
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
        () -> OptionValues.durationValue("socket.timeout", text));
    assertTrue(e.getMessage().contains("socket.timeout"), e.getMessage());
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
  }

  @Test
  void aLongBadValueIsQuotedBounded() {
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
        () -> OptionValues.durationValue("socket.timeout", "9".repeat(100_000) + "x"));
    assertTrue(e.getMessage().length() < 300, e.getMessage());
    assertTrue(e.getMessage().contains("(100001 characters)"), e.getMessage());
  }

  @Test
  void wholeNumbersAndBooleans() {
    assertEquals(3, OptionValues.intValue("retry.max.attempts", " 3 "));
    assertEquals(-1, OptionValues.intValue("pool.max.size", "-1"), "ranges are the builder's business");
    assertTrue(OptionValues.booleanValue("migrate", "TRUE"));
    assertFalse(OptionValues.booleanValue("migrate", "false"));
    StoreConfigurationException notNumber = assertThrows(StoreConfigurationException.class,
        () -> OptionValues.intValue("pool.max.size", "ten"));
    assertEquals("Option pool.max.size must be a whole number, not 'ten'", notNumber.getMessage());
    StoreConfigurationException notBoolean = assertThrows(StoreConfigurationException.class,
        () -> OptionValues.booleanValue("migrate", "yes"));
    assertEquals("Option migrate must be true or false, not 'yes'", notBoolean.getMessage());
    assertThrows(StoreConfigurationException.class, () -> OptionValues.intValue("pool.max.size", null));
  }

  @Test
  void enumConstantsInAnyCase() {
    assertEquals(Level.NORMAL, OptionValues.enumValue("sqlite.synchronous", "normal", Level.class));
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
        () -> OptionValues.enumValue("sqlite.synchronous", "OFF", Level.class));
    assertEquals("Option sqlite.synchronous must be FULL or NORMAL, not 'OFF'", e.getMessage());
  }

  @Test
  void valuesOfSecretKeysAreNeverShown() {
    for (String key : List.of("password", "cursor.secret", "api.token", "access.key")) {
      StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
          () -> OptionValues.durationValue(key, "hunter2"));
      assertTrue(e.getMessage().contains(key), e.getMessage());
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
      StoreConfigurationException n = assertThrows(StoreConfigurationException.class,
          () -> OptionValues.intValue(key, "hunter2"));
      assertFalse(n.getMessage().contains("hunter2"), n.getMessage());
    }
  }

  @Test
  void unknownKeysAreListedWithTheKnownOnes() {
    OptionValues.requireKnownKeys("JDBI", List.of("migrate"), Set.of("migrate", "retry.max.attempts"));
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
        () -> OptionValues.requireKnownKeys("JDBI", List.of("retry.max", "migrate", "pool.size"),
            Set.of("retry.max.attempts", "migrate")));
    assertEquals("Unknown options pool.size, retry.max for the JDBI adapter; known options: migrate,"
        + " retry.max.attempts", e.getMessage());
  }
}
