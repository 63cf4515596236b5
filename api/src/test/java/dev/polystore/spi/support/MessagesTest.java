package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessagesTest {

  @Test
  void quotesShortValuesWhole() {
    assertEquals("'java'", Messages.quote("java"));
    assertEquals("null", Messages.quote(null));
    assertEquals("''", Messages.quote(""));
  }

  @Test
  void capsLongValuesAtSixtyFourCodePointsAndSaysHowLongTheyWere() {
    String tenMegabytes = "x".repeat(10 * 1024 * 1024);
    String quoted = Messages.quote(tenMegabytes);
    assertEquals("'" + "x".repeat(64) + "\u2026' (10485760 characters)", quoted);
    assertEquals("'" + "y".repeat(64) + "'", Messages.quote("y".repeat(64)), "64 code points are shown whole");
  }

  @Test
  void countsCodePointsAndNeverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDE00".repeat(70);
    String quoted = Messages.quote(emoji);
    assertEquals("'" + "\uD83D\uDE00".repeat(64) + "\u2026' (70 characters)", quoted);
    String bounded = Messages.bounded("a" + emoji, 2);
    assertEquals("a\uD83D\uDE00\u2026 (71 characters)", bounded);
  }

  @Test
  void escapesControlCharactersSoAValueCannotForgeALogLine() {
    assertEquals("'a\\u000aERROR fake\\u0000'", Messages.quote("a\nERROR fake\u0000"));
  }

  @Test
  void boundsForeignText() {
    assertEquals("short\nkept as is", Messages.bounded("short\nkept as is"));
    String driver = "Batch entry 0 INSERT INTO users VALUES " + "('someone', 'someone@example.com'),".repeat(200);
    String bounded = Messages.bounded(driver);
    assertTrue(bounded.length() < 520, bounded);
    assertTrue(bounded.endsWith("\u2026 (" + driver.length() + " characters)"), bounded);
  }
}
