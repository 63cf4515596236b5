package dev.polystore.influxdb.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.StoreConfigurationException;
import org.junit.jupiter.api.Test;

/** Versions as servers report them, and what each generation declares. */
class ServerVersionTest {

  @Test
  void versionsAsEachGenerationReportsThem() {
    assertAll(
        () -> assertEquals(new ServerVersion("1.6.7~rc0", 1, 6), ServerVersion.parse("1.6.7~rc0")),
        () -> assertEquals(new ServerVersion("v2.7.12", 2, 7), ServerVersion.parse("v2.7.12")),
        () -> assertEquals(3, ServerVersion.parse("3.10.1").generation()),
        () -> assertEquals(3, ServerVersion.parse("3").generation()),
        () -> assertFalse(ServerVersion.parse("1.7.11").hasV2Write(), "1.6 and 1.7 have only /write"),
        () -> assertTrue(ServerVersion.parse("1.8.10").hasV2Write()),
        () -> assertTrue(ServerVersion.parse("v2.7.12").hasV2Write()),
        () -> assertThrows(StoreConfigurationException.class, () -> ServerVersion.parse("unknown")));
  }

  @Test
  void capabilitiesPerGeneration() {
    Capabilities one = InfluxEventStore.capabilities(ServerVersion.parse("1.6.7~rc0"));
    Capabilities two = InfluxEventStore.capabilities(ServerVersion.parse("v2.7.12"));
    Capabilities three = InfluxEventStore.capabilities(ServerVersion.parse("3.10.1"));
    assertAll(
        () -> assertEquals("InfluxDB 1.6", one.backend()),
        () -> assertTrue(one.has(Capability.EVENT_DELETE) && two.has(Capability.EVENT_DELETE)),
        () -> assertTrue(one.has(Capability.EVENT_MERGE_FIELDS) && two.has(Capability.EVENT_MERGE_FIELDS)),
        () -> assertFalse(three.has(Capability.EVENT_DELETE), "3.x deletes no points"),
        () -> assertFalse(three.has(Capability.EVENT_MERGE_FIELDS) || three.has(Capability.EVENT_LAST_WRITE_WINS),
            "3.x keeps both"),
        () -> assertTrue(three.has(Capability.EVENT_AGGREGATES)),
        () -> assertTrue(one.has(Capability.STRONG_QUERIES) && two.has(Capability.STRONG_QUERIES)
            && three.has(Capability.STRONG_QUERIES), "a read sees what the server acknowledged: no replicas"),
        () -> assertFalse(one.has(Capability.EVENT_MIXED_FIELD_TYPES) || three.has(Capability.EVENT_MIXED_FIELD_TYPES)));
  }
}
