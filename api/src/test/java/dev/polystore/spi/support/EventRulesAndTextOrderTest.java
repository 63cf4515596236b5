package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.InvalidQueryException;
import dev.polystore.event.EventQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRulesAndTextOrderTest {

  @Test
  void windowsArePositiveWholeMicroseconds() {
    assertEquals(1L, EventRules.windowMicros(Duration.ofNanos(1_000)));
    assertEquals(60_000_000L, EventRules.windowMicros(Duration.ofMinutes(1)));
    assertThrows(InvalidQueryException.class, () -> EventRules.windowMicros(Duration.ZERO));
    assertThrows(InvalidQueryException.class, () -> EventRules.windowMicros(Duration.ofSeconds(-1)));
    assertThrows(InvalidQueryException.class, () -> EventRules.windowMicros(Duration.ofNanos(1_500)));
    assertThrows(InvalidQueryException.class, () -> EventRules.windowMicros(Duration.ofSeconds(Long.MAX_VALUE)));
  }

  @Test
  void keysAreCheckedWhereQueriesAreBuilt() {
    assertTrue(EventRules.isKey("cpu.user-1_x"));
    String key = "host";
    assertTrue(EventRules.isKey(key) && EventRules.isKey(key) && EventRules.isKey(new String(key)),
        "a key is valid when checked again, and as another string object");
    for (int i = 0; i < 1000; i++) {
      assertTrue(EventRules.isKey("k" + i));
      assertFalse(EventRules.isKey("k " + i), "never known for valid: k " + i);
    }
    assertThrows(InvalidQueryException.class, () -> EventRules.requireKey("field", null));
    for (String bad : new String[] {"", "a b", "host\") OR 1=1 --", "$.host", "host'", "ü", "x".repeat(129)}) {
      assertThrows(InvalidQueryException.class, () -> EventRules.requireKey("field", bad), bad);
      assertThrows(InvalidQueryException.class, () -> EventQuery.builder("cpu").tag(bad, "a").build(), "tag " + bad);
      assertThrows(InvalidQueryException.class, () -> EventQuery.builder("cpu").groupBy(bad).build(), "groupBy " + bad);
    }
    assertEquals("x".repeat(128), EventQuery.builder("cpu").tag("x".repeat(128), "a").groupBy("x".repeat(128))
        .build().groupBy().orElseThrow());
  }

  @Test
  void codePointOrderPutsEmojiAfterTheBasicPlane() {
    List<String> values = new ArrayList<>(List.of("😀", "\uFF5A", "é", "z", "a", "B", "ab"));
    values.sort(TextOrder.CODE_POINTS);
    assertEquals(List.of("B", "a", "ab", "z", "é", "\uFF5A", "😀"), values);
    assertEquals(0, TextOrder.compare("a😀", "a😀"));
    assertTrue(TextOrder.compare("a😀", "a") > 0 && TextOrder.compare("a", "a😀") < 0, "a prefix comes first");
    assertTrue("😀".compareTo("\uFF5A") < 0, "String.compareTo orders UTF-16 units, which is why this exists");
  }
}
