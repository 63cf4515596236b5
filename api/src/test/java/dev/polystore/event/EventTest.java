package dev.polystore.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
