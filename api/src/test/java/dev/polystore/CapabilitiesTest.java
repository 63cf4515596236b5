package dev.polystore;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

  @Test
  void aStoreDeclaresAtMostOneRuleForDuplicateEvents() {
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> Capabilities.of("Both", ChronoUnit.MICROS, Capability.EVENT_STORE, Capability.EVENT_LAST_WRITE_WINS,
            Capability.EVENT_MERGE_FIELDS));
    assertAll(
        () -> assertTrue(both.getMessage().contains("Both"), "names the backend: " + both.getMessage()),
        () -> assertTrue(both.getMessage().contains("EVENT_LAST_WRITE_WINS")
            && both.getMessage().contains("EVENT_MERGE_FIELDS"), "names both capabilities: " + both.getMessage()),
        () -> assertThrows(IllegalArgumentException.class, () -> new Capabilities("Both",
            EnumSet.of(Capability.EVENT_MERGE_FIELDS, Capability.EVENT_LAST_WRITE_WINS), ChronoUnit.NANOS),
            "the canonical constructor checks too"));
    assertAll("one rule, or none, is fine",
        () -> assertTrue(Capabilities.of("LWW", ChronoUnit.MICROS, Capability.EVENT_LAST_WRITE_WINS,
            Capability.EVENT_MIXED_FIELD_TYPES).has(Capability.EVENT_LAST_WRITE_WINS)),
        () -> assertTrue(Capabilities.of("Merge", ChronoUnit.NANOS, Capability.EVENT_MERGE_FIELDS)
            .has(Capability.EVENT_MERGE_FIELDS)),
        () -> assertFalse(Capabilities.of("Neither", ChronoUnit.NANOS, Capability.EVENT_STORE)
            .has(Capability.EVENT_MERGE_FIELDS)));
  }

  @Test
  void theDeclaredSetIsACopyThatCannotChange() {
    EnumSet<Capability> declared = EnumSet.of(Capability.EVENT_STORE);
    Capabilities capabilities = new Capabilities("Copy", declared, ChronoUnit.MILLIS);
    declared.add(Capability.EVENT_MERGE_FIELDS);
    assertAll(
        () -> assertEquals(EnumSet.of(Capability.EVENT_STORE), capabilities.supported()),
        () -> assertThrows(UnsupportedOperationException.class,
            () -> capabilities.supported().add(Capability.EVENT_DELETE)));
  }
}
