package dev.polystore.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One aggregated window. Windows are aligned to the Unix epoch ({@code start} is a multiple of the window
 * length), cover {@code [start, start + window)}, and are returned only when they hold at least one event.
 *
 * @param group the grouping tag and its value when the query grouped by a tag, else empty
 * @param value the aggregate; for {@code COUNT} the count
 * @param count how many events had the field in this window
 */
public record WindowValue(Instant start, Map<String, String> group, double value, long count) {

  public WindowValue {
    Objects.requireNonNull(start, "start");
    group = group == null ? Map.of() : Map.copyOf(group);
  }
}
