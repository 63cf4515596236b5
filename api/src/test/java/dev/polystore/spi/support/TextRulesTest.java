package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.InvalidQueryException;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.PostQuery;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TextRulesTest {

  @Test
  void wellFormedTextPassesWhateverItsScript() {
    for (String text : new String[] {"", " ", "pad ", "😀", "a😀b", "\uD83D\uDE00", "Zoe\u0308", "\t\n", "\uFFFF"}) {
      assertNull(TextRules.problem(text), text);
    }
    assertNull(TextRules.problem(null));
  }

  @Test
  void namesTheFirstNulOrUnpairedSurrogateWithoutQuotingTheText() {
    assertEquals("holds NUL (U+0000) at index 1", TextRules.problem("a\u0000b"));
    assertTrue(TextRules.problem("lone\uD800high").contains("U+D800) at index 4"));
    assertTrue(TextRules.problem("end\uDC00").contains("U+DC00) at index 3"));
    assertTrue(TextRules.problem("trail\uD83D").contains("U+D83D) at index 5"));
    assertTrue(TextRules.problem("\uDE00\uD83D").contains("U+DE00) at index 0"), "a reversed pair is not a pair");
    assertTrue(TextRules.problem("😀\uD800").contains("at index 2"));
  }

  @Test
  void storedValuesRefuseWithIllegalArgumentAndQueriesWithInvalidQuery() {
    assertThrows(IllegalArgumentException.class, () -> NewUser.builder().username("a\u0000").email("a@b.c").build());
    assertThrows(IllegalArgumentException.class, () -> NewPost.of("t", "x\uD800"));
    assertThrows(IllegalArgumentException.class, () -> Checks.tag("java\uDBFF"));
    assertThrows(IllegalArgumentException.class,
        () -> Event.builder("s").time(Instant.EPOCH).field("note", "\u0000").build());
    assertThrows(InvalidQueryException.class, () -> Lookups.username("a\uD800"));
    assertThrows(InvalidQueryException.class, () -> Lookups.email(null));
    assertThrows(InvalidQueryException.class, () -> PostQuery.builder().tag("t\u0000"));
    assertThrows(InvalidQueryException.class, () -> EventQuery.builder("s").tag("host", "\uDC00").build());
    InvalidQueryException e = assertThrows(InvalidQueryException.class,
        () -> Lookups.username("x".repeat(NewUser.MAX_USERNAME_LENGTH + 1)));
    assertEquals("username must be at most 100 characters, not 101", e.getMessage());
    assertEquals("😀".repeat(100), Lookups.username("😀".repeat(100)), "lengths count code points");
    assertEquals(" ", Lookups.username(" "), "a blank look-up is not refused: it finds nobody");
  }

  @Test
  void caseFoldingIsUnicodeLowercaseWithRootRules() {
    assertEquals("straße é ǆ", TextRules.foldCase("STRAßE É Ǆ"));
    assertEquals("i\u0307", TextRules.foldCase("\u0130"), "capital dotted I: i and a combining dot");
    assertEquals("i", TextRules.foldCase("I"), "no Turkish dotless i");
  }
}
