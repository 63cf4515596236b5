package dev.polystore.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EventStore;
import dev.polystore.InvalidQueryException;
import dev.polystore.StoreException;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Tag values and string fields made of the characters line protocol treats specially ({@code \ , = "}, space,
 * quote, tab, a control character, line breaks) next to letters, {@code é} and an emoji, written through the store
 * to a real InfluxDB 1.x server and read back. Proves that every such value either reads back exactly — by series
 * and, for tags, through a query filtering on that very value, which matches no other value — or is refused at
 * append with {@link InvalidQueryException}, and then only for a reason the adapter documents (computed here
 * independently): a line break in a tag value, a backslash at the end of a tag value (however many: 1.x takes the
 * separator after it as escaped and refuses the line), or an odd run of backslashes before {@code ,}, {@code =} or
 * a space. String fields are never refused on 1.x. Nothing is ever stored altered.
 *
 * <p>The values are generated from a seeded random source: a failure names the value and the seed, and
 * {@code -Dpolystore.test.seed=<seed>} repeats the run. One store (one database) serves the whole class; every try
 * writes at a time of its own.
 */
class LineProtocolRoundTripTest {

  /** An odd run of backslashes right before {@code ,}, {@code =} or a space. */
  private static final Pattern ODD_BACKSLASHES_BEFORE_SEPARATOR =
      Pattern.compile("(?<!\\\\)(?:\\\\\\\\)*\\\\[,= ]");
  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
  private static final List<String> ALPHABET = List.of("\\", ",", "=", " ", "\"", "'", "\t", "\u0001", "é",
      "😀", "a", "b", "Z");

  private static final TestDatabases DATABASES = new TestDatabases("polystore_lineprotocol");
  private static final AtomicLong NEXT_TIME = new AtomicLong();
  private static EventStore store;

  /** The seed of this run's generated values: {@code -Dpolystore.test.seed}, else a new one. */
  private static final long SEED = Long.getLong("polystore.test.seed", new Random().nextLong());

  @Test
  void aTagValueIsStoredExactlyOrRefusedForADocumentedReason() {
    Random random = new Random(SEED);
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String value = text(random, 1);
      String rule = refusalRule(value);
      outcomes.add(rule == null ? "stored" : rule);
      checkTagValue(value);
    }
    assertTrue(outcomes.contains("stored") && outcomes.contains("line break")
        && outcomes.contains("backslash at the end") && outcomes.contains("odd backslash run before , = space"),
        "the generated values reach every outcome (seed " + SEED + ")");
  }

  @Test
  void aStringFieldAlwaysRoundTripsOn1x() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 500; i++) {
      String value = text(random, 0);
      Event event = Event.builder("texts").time(nextTime()).field("s", value).build();
      store().append(event);
      store().flush();
      assertEquals(List.of(event), at("texts", event.time(), Map.of()),
          () -> "string field " + visible(value) + " read back altered (seed " + SEED + ")");
    }
  }

  @Test
  void aBackslashAtTheEndIsRefusedHoweverManyThereAre() {
    assertRefused("a\\\\");
    assertRefused("\\\\\\\\");
    assertRefused("a\\\\\\");
  }

  @Test
  void anEvenRunOfBackslashesBeforeACommaIsStored() {
    assertStored("a\\\\,b");
    assertStored("a\\\\=b");
    assertStored("a\\\\ b");
  }

  @Test
  void anOddRunOfBackslashesBeforeACommaOrAtTheEndIsRefused() {
    assertRefused("a\\,b");
    assertRefused("a\\\\\\,b");
    assertRefused("a\\=b");
    assertRefused("a\\ b");
    assertRefused("a\\");
    assertRefused("\\");
    assertRefused("\\,");
  }

  @Test
  void aBackslashBeforeAnyOtherCharacterIsStored() {
    assertStored("a\\b");
    assertStored("\\\"\\'\\\t\\é");
  }

  @Test
  void tabsQuotesAndSeparatorsAreStored() {
    assertStored("a\tb");
    assertStored("\t");
    assertStored("\"quoted\"");
    assertStored("it's");
    assertStored("a,b=c d");
    assertStored(" ");
    assertStored("=");
    assertStored("é😀\u0001");
  }

  @Test
  void lineBreaksInATagValueAreRefused() {
    assertRefused("a\nb");
    assertRefused("a\rb");
    assertRefused("\n");
  }

  @Test
  void lineBreaksBackslashesAndQuotesInAStringFieldAreStored() {
    for (String value : List.of("a\nb", "a\r\nb", "\\", "a\\", "\"", "\\\"", "'", "", "x=1 y,z", "é😀\t\u0001")) {
      Event event = Event.builder("texts").time(nextTime()).field("s", value).build();
      store().append(event);
      store().flush();
      assertEquals(List.of(event), at("texts", event.time(), Map.of()), visible(value));
    }
  }

  /**
   * A text of {@code minLength} to 12 atoms: characters of the alphabet, backslashes (and runs of them) more often,
   * so that runs of every parity occur, and line breaks less often, as one is enough to refuse a tag value.
   */
  private static String text(Random random, int minLength) {
    int atoms = minLength + random.nextInt(13 - minLength);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < atoms; i++) {
      int pick = random.nextInt(19);
      if (pick < 12) {
        text.append(ALPHABET.get(random.nextInt(ALPHABET.size())));
      } else if (pick < 13) {
        text.append(random.nextBoolean() ? "\n" : "\r");
      } else if (pick < 17) {
        text.append('\\');
      } else {
        text.append(random.nextBoolean() ? "\\\\" : "\\\\\\");
      }
    }
    return text.toString();
  }

  /** Why the adapter must refuse the tag value, by the documented rules; null when it must store it. */
  static String refusalRule(String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      return "line break";
    }
    if (value.endsWith("\\")) {
      return "backslash at the end";
    }
    if (ODD_BACKSLASHES_BEFORE_SEPARATOR.matcher(value).find()) {
      return "odd backslash run before , = space";
    }
    return null;
  }

  private void checkTagValue(String value) {
    String rule = refusalRule(value);
    Event event = Event.builder("tags").time(nextTime()).tag("k", value).field("n", 1L).build();
    InvalidQueryException refused = null;
    try {
      store().append(event);
    } catch (InvalidQueryException e) {
      refused = e;
    }
    if (refused != null) {
      InvalidQueryException refusal = refused;
      assertNotNull(rule, () -> "refused " + visible(value) + " although no documented rule applies (seed " + SEED
          + "): " + refusal.getMessage());
      assertRefusalReportedOnce(refusal);
      assertEquals(List.of(), at("tags", event.time(), Map.of()), "a refused event is not stored");
      return;
    }
    assertEquals(null, rule, () -> "stored " + visible(value) + " although it falls under: " + rule + " (seed " + SEED
        + ")");
    store().flush();
    assertEquals(List.of(event), at("tags", event.time(), Map.of()),
        () -> "tag value " + visible(value) + " read back altered");
    List<Event> matching;
    try (Stream<Event> events = store().query(EventQuery.builder("tags").tag("k", value).build())) {
      matching = events.toList();
    }
    assertTrue(matching.contains(event), () -> "a query for tag " + visible(value) + " misses the event");
    List<String> others = matching.stream().map(e -> e.tags().get("k")).filter(v -> !v.equals(value))
        .distinct().map(LineProtocolRoundTripTest::visible).collect(Collectors.toList());
    assertEquals(List.of(), others, () -> "a query for tag " + visible(value) + " matched other values");
  }

  private void assertStored(String value) {
    assertEquals(null, refusalRule(value), "the test's own rule");
    checkTagValue(value);
  }

  private void assertRefused(String value) {
    assertNotNull(refusalRule(value), "the test's own rule");
    Event event = Event.builder("tags").time(nextTime()).tag("k", value).field("n", 1L).build();
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> store().append(event));
    assertTrue(e.getMessage().contains("tag k"), e.getMessage());
    assertRefusalReportedOnce(e);
    assertEquals(List.of(), at("tags", event.time(), Map.of()), "a refused event is not stored");
    try (Stream<Event> events = store().query(EventQuery.builder("tags").tag("k", value).build())) {
      assertFalse(events.findAny().isPresent(), "a query for a value no event can hold matches nothing");
    }
  }

  /** A refused append counts as one event not stored: the next flush says so, with the refusal as cause, once. */
  private static void assertRefusalReportedOnce(InvalidQueryException refusal) {
    StoreException reported = assertThrows(StoreException.class, store()::flush);
    assertSame(refusal, reported.getCause());
    assertTrue(reported.getMessage().contains("1 event"), reported.getMessage());
    store().flush();
  }

  private static List<Event> at(String series, Instant time, Map<String, String> tags) {
    EventQuery.Builder query = EventQuery.builder(series).between(time, time.plusNanos(1));
    tags.forEach(query::tag);
    try (Stream<Event> events = store().query(query.build())) {
      return events.toList();
    }
  }

  private static Instant nextTime() {
    return BASE.plusNanos(NEXT_TIME.incrementAndGet() * 1_000);
  }

  private static String visible(String value) {
    StringBuilder text = new StringBuilder("\"");
    value.codePoints().forEach(c -> {
      if (c == '\\') {
        text.append("\\\\");
      } else if (c == '"') {
        text.append("\\\"");
      } else if (c < 0x20) {
        text.append(String.format("\\u%04x", c));
      } else {
        text.appendCodePoint(c);
      }
    });
    return text.append('"').toString();
  }

  private static synchronized EventStore store() {
    if (store == null) {
      store = DATABASES.openEmpty(InfluxTestServer.resolve(), Map.of("flush.interval", "20ms"));
    }
    return store;
  }

  @AfterAll
  static synchronized void closeStore() {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      store = null;
      DATABASES.dropAll();
    }
  }
}
