package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.StoreConfigurationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OptionTableTest {

  enum Mode { FAST, SAFE }

  /** Options of a made-up adapter, the way an adapter declares them. */
  record Settings(String name, String apiToken, int attempts, Duration baseDelay, Duration maxDelay,
      Duration keepalive, Mode mode, boolean create) {
  }

  static final class Builder {
    String name;
    String apiToken;
    int attempts;
    Duration baseDelay;
    Duration maxDelay;
    Duration keepalive;
    Mode mode;
    boolean create;

    Builder() {
      TABLE.applyDefaults(this);
    }

    Builder name(String name) {
      this.name = name;
      return this;
    }

    Settings build() {
      Settings settings = new Settings(name, apiToken, attempts, baseDelay, maxDelay, keepalive, mode, create);
      TABLE.check(settings);
      return settings;
    }
  }

  static final OptionTable<Settings, Builder> TABLE = OptionTable.<Settings, Builder>forAdapter("Test")
      .option(Option.text("endpoint", null).meaning("read by the provider"))
      .option(Option.text("name", "main").matching(Pattern.compile("[a-z]{3,8}"), "3 to 8 of a-z")
          .meaning("the name"), "name", Builder::name, Settings::name)
      .option(Option.text("api.token", null).meaning("the token | or none"), "apiToken", (b, v) -> b.apiToken = v,
          Settings::apiToken)
      .option(Option.wholeNumber("retry.max.attempts", 3).between(1, 20).meaning("attempts in all"), "retryMaxAttempts",
          (b, v) -> b.attempts = v, Settings::attempts)
      .option(Option.duration("retry.base.delay", Duration.ofMillis(20)).atLeast(Duration.ZERO).alias("retry.backoff")
          .meaning("first pause"), "retryBaseDelay", (b, v) -> b.baseDelay = v, Settings::baseDelay)
      .option(Option.duration("retry.max.delay", Duration.ofSeconds(1)).atLeast(Duration.ZERO).meaning("longest pause"),
          "retryMaxDelay", (b, v) -> b.maxDelay = v, Settings::maxDelay)
      .option(Option.duration("keepalive", Duration.ofMinutes(2)).atLeast(Duration.ofSeconds(30)).or(Duration.ZERO)
          .meaning("test idle connections this often"), "keepalive", (b, v) -> b.keepalive = v, Settings::keepalive)
      .option(Option.choice("mode", Mode.class, Mode.SAFE).meaning("how"), "mode", (b, v) -> b.mode = v, Settings::mode)
      .option(Option.bool("create", true).defaultText("`true` (create it)").meaning("create it"), "create",
          (b, v) -> b.create = v, Settings::create)
      .notAbove("retry.base.delay", "retry.max.delay")
      .build();

  private static Settings parse(Map<String, String> properties) {
    return TABLE.parse(properties, new Builder()).build();
  }

  private static StoreConfigurationException refused(Map<String, String> properties) {
    return assertThrows(StoreConfigurationException.class, () -> parse(properties));
  }

  @Test
  void aNewBuilderHoldsTheDefaults() {
    assertEquals(new Settings("main", null, 3, Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofMinutes(2),
        Mode.SAFE, true), new Builder().build());
  }

  @Test
  void valuesAreParsedByTheirOptionsType() {
    Settings settings = parse(Map.of("name", " app ", "api.token", " t0k ", "retry.max.attempts", "20",
        "retry.base.delay", "PT0.5S", "retry.max.delay", "2s", "keepalive", "0", "mode", "fast", "create", "FALSE",
        "endpoint", "http://x"));
    assertEquals(new Settings("app", " t0k ", 20, Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ZERO,
        Mode.FAST, false), settings, "text is stripped, a secret kept as given");
  }

  @Test
  void aDeprecatedNameIsReadAsItsOptionButNotBoth() {
    assertEquals(Duration.ofMillis(50), parse(Map.of("retry.backoff", "50ms")).baseDelay());
    StoreConfigurationException both = refused(Map.of("retry.backoff", "50ms", "retry.base.delay", "60ms"));
    assertTrue(both.getMessage().contains("retry.base.delay and retry.backoff"), both.getMessage());
    StoreConfigurationException bad = refused(Map.of("retry.backoff", "soon"));
    assertTrue(bad.getMessage().startsWith("Option retry.backoff must be"), "names the key given: " + bad.getMessage());
  }

  @Test
  void unknownKeysAreListedWithTheCurrentKeys() {
    StoreConfigurationException e = refused(Map.of("retry.max", "3", "nmae", "x"));
    assertEquals("Unknown options nmae, retry.max for the Test adapter; known options: api.token, create, endpoint,"
        + " keepalive, mode, name, retry.base.delay, retry.max.attempts, retry.max.delay", e.getMessage());
    assertEquals(Set.of("endpoint", "name", "api.token", "retry.max.attempts", "retry.base.delay", "retry.backoff",
        "retry.max.delay", "keepalive", "mode", "create"), TABLE.acceptedKeys());
  }

  @Test
  void valuesOutsideTheirRangeAreRefusedNamingKeyAndValue() {
    assertEquals("Option retry.max.attempts must be between 1 and 20, not '21'",
        refused(Map.of("retry.max.attempts", "21")).getMessage());
    assertEquals("Option retry.base.delay must be at least 0, not 'PT-1S'",
        refused(Map.of("retry.base.delay", "PT-1S")).getMessage());
    assertEquals("Option keepalive must be at least 30s, not '10s'", refused(Map.of("keepalive", "10s")).getMessage());
    assertEquals("Option name must be 3 to 8 of a-z, not 'x'", refused(Map.of("name", "x")).getMessage());
    assertEquals("Option name must be text, 3 to 8 of a-z, not null", refused(Map.of("name", " ")).getMessage(),
        "an option with a default must have a value");
    assertEquals("Option retry.base.delay must be at most retry.max.delay (1s), not '2s'",
        refused(Map.of("retry.base.delay", "2s")).getMessage());
    parse(Map.of("retry.base.delay", "2s", "retry.max.delay", "2s"));
  }

  @Test
  void secretsAreNeverShown() {
    Option<String> token = Option.text("api.token", null).validatedBy("at least 4 characters", value -> {
      if (value.length() < 4) {
        throw OptionValues.invalid("api.token", value, "at least 4 characters");
      }
    });
    assertTrue(token.secret());
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class, () -> token.check("abc"));
    assertFalse(e.getMessage().contains("abc"), e.getMessage());
    Settings settings = TABLE.parse(Map.of("api.token", "hunter2"), new Builder()).build();
    String described = TABLE.describe("Settings", settings);
    assertEquals("Settings{name=main, api.token=****, retry.max.attempts=3, retry.base.delay=20ms,"
        + " retry.max.delay=1s, keepalive=2m, mode=SAFE, create=true}", described);
    assertEquals("-", token.shown(null));
  }

  @Test
  void valuesByKeyServeEquality() {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("name", "main");
    expected.put("api.token", null);
    expected.put("retry.max.attempts", 3);
    expected.put("retry.base.delay", Duration.ofMillis(20));
    expected.put("retry.max.delay", Duration.ofSeconds(1));
    expected.put("keepalive", Duration.ofMinutes(2));
    expected.put("mode", Mode.SAFE);
    expected.put("create", true);
    assertEquals(expected, TABLE.values(new Builder().build()));
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(TABLE.values(new Builder().build()).keySet()));
  }

  @Test
  void theMarkdownTableShowsEveryOption() {
    assertEquals("""
        | Key | Default | Values | Meaning | Builder method |
        |---|---|---|---|---|
        | `endpoint` | none | text | read by the provider | — (URL or property only) |
        | `name` | `main` | text, 3 to 8 of a-z | the name | `name` |
        | `api.token` | none | text; secret: never shown | the token \\| or none | `apiToken` |
        | `retry.max.attempts` | `3` | whole number, between 1 and 20 | attempts in all | `retryMaxAttempts` |
        | `retry.base.delay`, `retry.backoff` (deprecated) | `20ms` | duration, at least 0, at most `retry.max.delay` \
        | first pause | `retryBaseDelay` |
        | `retry.max.delay` | `1s` | duration, at least 0 | longest pause | `retryMaxDelay` |
        | `keepalive` | `2m` | duration, 0 or at least 30s | test idle connections this often | `keepalive` |
        | `mode` | `SAFE` | FAST or SAFE | how | `mode` |
        | `create` | `true` (create it) | true or false | create it | `create` |
        """, TABLE.markdown());
    assertEquals("retryMaxAttempts", TABLE.builderMethod("retry.max.attempts"));
    assertEquals("", TABLE.builderMethod("endpoint"));
  }

  @Test
  void aDocumentKeepsTheTableBetweenItsMarkers() {
    String document = "# Options\n\nIntro.\n\n" + OptionTable.BEGIN + "\n| old | table |\n" + OptionTable.END
        + "\n\nMore text.\n";
    String updated = TABLE.withTable(document);
    assertEquals(TABLE.markdown(), OptionTable.tableIn(updated));
    assertTrue(updated.startsWith("# Options\n\nIntro.\n\n" + OptionTable.BEGIN + "\n| Key |"), updated);
    assertTrue(updated.endsWith("|\n" + OptionTable.END + "\n\nMore text.\n"), updated);
    assertEquals(updated, TABLE.withTable(updated), "rewriting an up-to-date document changes nothing");
    assertEquals("| old | table |\n", OptionTable.tableIn(document));
    assertThrows(IllegalArgumentException.class, () -> TABLE.withTable("# no markers"));
    assertThrows(IllegalArgumentException.class, () -> OptionTable.tableIn(OptionTable.END + OptionTable.BEGIN));
  }

  @Test
  void aTableRefusesANameDeclaredTwiceAndAnOrderOverUnknownOptions() {
    assertThrows(IllegalArgumentException.class, () -> OptionTable.<Settings, Builder>forAdapter("Test")
        .option(Option.text("endpoint", null)).option(Option.text("x", null).alias("endpoint")).build());
    assertThrows(IllegalArgumentException.class, () -> OptionTable.<Settings, Builder>forAdapter("Test")
        .option(Option.text("endpoint", null)).notAbove("endpoint", "other").build());
    assertNull(Option.text("x", null).parse("x", "  "), "blank text is not set");
  }
}
