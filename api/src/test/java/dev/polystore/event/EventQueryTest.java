package dev.polystore.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EventQueryTest {

  private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2024-01-02T00:00:00Z");

  private final EventQuery query = EventQuery.builder("cpu")
      .between(FROM, TO)
      .tag("host", "web-1")
      .tag("region", "eu")
      .newestFirst()
      .limit(10)
      .groupBy("host")
      .build();

  @Test
  void toBuilderCopiesEverySetting() {
    assertEquals(query, query.toBuilder().build());
    EventQuery plain = EventQuery.builder("cpu").build();
    assertEquals(plain, plain.toBuilder().build());
  }

  @Test
  void toBuilderChangesTheCopyOnly() {
    EventQuery changed = query.toBuilder().tag("host", "web-2").limit(5).build();
    assertEquals(Map.of("host", "web-2", "region", "eu"), changed.tags());
    assertEquals(OptionalInt.of(5), changed.limit());
    assertEquals(Optional.of(FROM), changed.from());
    assertEquals(EventQuery.Order.NEWEST_FIRST, changed.order());
    assertEquals(Map.of("host", "web-1", "region", "eu"), query.tags());
    assertEquals(OptionalInt.of(10), query.limit());
  }
}
