package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.ReadConsistency;
import dev.polystore.StoreConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The read consistency every adapter's options share: key, default, parsing, refusal, copying and the docs. */
class AdapterOptionsReadConsistencyTest {

  /** The options of a made-up adapter that declares only the shared read consistency. */
  static final class Options extends AdapterOptions<Options> {
    static final OptionTable<Options, Builder> TABLE = OptionTable.<Options, Builder>forAdapter("Test")
        .option(AdapterOptions.readConsistencyOption("a read from a replica"), "readConsistency",
            Builder::readConsistency, Options::readConsistency)
        .build();

    private Options(Builder builder) {
      super(TABLE, builder);
    }

    Builder toBuilder() {
      return copyInto(new Builder());
    }

    static final class Builder extends AdapterOptions.Builder<Builder> {
      Builder() {
        TABLE.applyDefaults(this);
      }

      Options build() {
        Options options = new Options(this);
        TABLE.check(options);
        return options;
      }
    }
  }

  private static Options parse(Map<String, String> properties) {
    return Options.TABLE.parse(properties, new Options.Builder()).build();
  }

  @Test
  void strongUnlessSet() {
    assertEquals(ReadConsistency.STRONG, new Options.Builder().build().readConsistency());
    assertEquals(ReadConsistency.STRONG, parse(Map.of()).readConsistency());
  }

  @Test
  void readInAnyCase() {
    assertEquals(ReadConsistency.EVENTUAL, parse(Map.of("read.consistency", "eventual")).readConsistency());
    assertEquals(ReadConsistency.EVENTUAL, parse(Map.of("read.consistency", " Eventual ")).readConsistency());
    assertEquals(ReadConsistency.STRONG, parse(Map.of("read.consistency", "STRONG")).readConsistency());
  }

  @Test
  void otherValuesAreRefusedNamingTheKeyAndTheChoices() {
    StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
        () -> parse(Map.of("read.consistency", "sometimes")));
    assertEquals("Option read.consistency must be STRONG or EVENTUAL, not 'sometimes'", e.getMessage());
    StoreConfigurationException empty = assertThrows(StoreConfigurationException.class,
        () -> parse(Map.of("read.consistency", "")));
    assertTrue(empty.getMessage().startsWith("Option read.consistency must be STRONG or EVENTUAL"), empty.getMessage());
    assertThrows(StoreConfigurationException.class, () -> new Options.Builder().readConsistency(null).build(),
        "a null default is refused when built");
  }

  @Test
  void copiedWithTheOtherSharedValuesAndShown() {
    Options eventual = parse(Map.of("read.consistency", "eventual"));
    assertEquals(eventual, eventual.toBuilder().build());
    assertEquals("Options{read.consistency=EVENTUAL}", eventual.toString());
  }

  @Test
  void documentedWithWhatEventualMeansOnTheBackend() {
    assertEquals("""
        | Key | Default | Values | Meaning | Builder method |
        |---|---|---|---|---|
        | `read.consistency` | `STRONG` | STRONG or EVENTUAL | the consistency of the stores' reads unless\
         `reading(...)` says otherwise: `STRONG` reads the latest committed writes, `EVENTUAL` is a read from a\
         replica | `readConsistency` |
        """, Options.TABLE.markdown());
  }
}
