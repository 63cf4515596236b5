package dev.polystore.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {

  private static final Instant TIME = Instant.parse("2024-01-01T00:00:00Z");

  private final Event event = Event.builder("cpu").time(TIME).tag("host", "web-1")
      .field("load", 0.5).field("cores", 8).field("label", "busy").build();

  @Test
  void toBuilderCopiesEverySetting() {
    assertEquals(event, event.toBuilder().build());
  }

  @Test
  void toBuilderChangesTheCopyOnly() {
    Event later = event.toBuilder().time(TIME.plusSeconds(60)).field("load", 0.75).build();
    assertEquals(TIME.plusSeconds(60), later.time());
    assertEquals(Map.of("cores", 8L, "label", "busy", "load", 0.75), later.fields());
    assertEquals(event.tags(), later.tags());
    assertEquals(TIME, event.time());
    assertEquals(0.5, event.number("load"));
  }

  @Test
  void aBuilderChangedAfterBuildingLeavesTheEventsItBuiltAsTheyWere() {
    Event.Builder builder = Event.builder("cpu").time(TIME).tag("host", "web-1").field("load", 0.5);
    Event first = builder.build();
    Event second = builder.tag("host", "web-2").tag("zone", "eu").field("load", 0.75).field("cores", 8).build();
    Event third = builder.field("load", 1.0).build();
    assertEquals(Map.of("host", "web-1"), first.tags());
    assertEquals(Map.of("load", 0.5), first.fields());
    assertEquals(Map.of("host", "web-2", "zone", "eu"), second.tags());
    assertEquals(Map.of("load", 0.75, "cores", 8L), second.fields());
    assertEquals(Map.of("load", 1.0, "cores", 8L), third.fields());
    assertEquals(second.tags(), third.tags());
  }

  @Test
  void aBuilderThatFailedToBuildStillChecksWhatItBuildsNext() {
    Event.Builder builder = Event.builder("cpu").time(TIME).tag("load", "x").field("load", 0.5);
    assertThrows(IllegalArgumentException.class, builder::build, "a key both a tag and a field");
    assertThrows(IllegalArgumentException.class, () -> builder.field("bad key", 1).build());
  }

  @Test
  void eventsKeepTheirMapsAsBuilt() {
    assertThrows(UnsupportedOperationException.class, () -> event.tags().put("zone", "eu"));
    assertThrows(UnsupportedOperationException.class, () -> event.fields().remove("load"));
  }
}
