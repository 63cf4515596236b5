package dev.polystore.spi.support;

import dev.polystore.InvalidQueryException;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One call of {@code EventStore.aggregate}, following the rules every event store applies alike: the field name is
 * a valid key and the window a positive whole number of microseconds, both checked before anything is read; windows
 * are numbered by whole microseconds since the epoch ({@code floor(micros / width)}), so a window's start does not
 * depend on a backend's finer time precision; {@code COUNT} counts every event that has the field, whatever its
 * type, while {@code SUM}, {@code MEAN}, {@code MIN} and {@code MAX} take booleans as 1 and 0 and refuse a string
 * under the field with {@link InvalidQueryException}; with {@code groupBy}, events without the tag form their own
 * group (an empty {@link WindowValue#group()}); results come by window start, then group, the tagless group first
 * and the others in code-point order ({@link TextOrder}).
 *
 * <p>A store either hands over each selected event ({@link #add(Event)}: one accumulator per window and group, in
 * memory bounded by the number of windows and groups), or what its backend computed per window and group
 * ({@link #addWindow}, e.g. SQL's {@code GROUP BY}), and then takes the {@link #result()}. Not thread-safe: one
 * instance serves one call.
 */
public final class EventAggregation {

  /** Groups in code point order, the group of events without the grouping tag (null) first. */
  private static final Comparator<String> GROUP_ORDER = Comparator.nullsFirst(TextOrder.CODE_POINTS);

  private final String series;
  private final String field;
  private final Aggregate fn;
  private final Duration window;
  private final long width;
  private final String groupBy;
  /** Window number, then group value (null: events without the grouping tag), then what the window holds. */
  private final Map<Long, Map<String, Cell>> windows = new TreeMap<>();

  private EventAggregation(EventQuery query, String field, Aggregate fn, Duration window) {
    this.series = query.series();
    this.field = field;
    this.fn = fn;
    this.window = window;
    this.width = EventRules.windowMicros(window);
    this.groupBy = query.groupBy().orElse(null);
  }

  /**
   * An aggregation of {@code fn} over {@code field} of the events {@code query} selects (its order and limit do not
   * apply), in windows of {@code window}, grouped by the query's {@code groupBy} tag when it has one.
   *
   * @throws NullPointerException when an argument is null
   * @throws InvalidQueryException when the field is not a valid key or the window is not a positive whole number of
   *     microseconds
   */
  public static EventAggregation of(EventQuery query, String field, Aggregate fn, Duration window) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(window, "window");
    EventRules.requireKey("field", field);
    return new EventAggregation(query, field, fn, window);
  }

  /** The width of a window in microseconds, for a backend that numbers windows itself. */
  public long windowMicros() {
    return width;
  }

  /**
   * Counts one selected event into its window and group; an event without the field counts nowhere.
   *
   * @throws InvalidQueryException when the function is numeric and the event holds text under the field
   */
  public void add(Event event) {
    Object value = event.fields().get(field);
    if (value == null) {
      return;
    }
    boolean numeric = fn != Aggregate.COUNT;
    if (numeric && value instanceof String) {
      throw holdsText();
    }
    String group = groupBy == null ? null : event.tags().get(groupBy);
    Cell cell = windows.computeIfAbsent(windowNumber(event.time()), k -> new TreeMap<>(GROUP_ORDER))
        .computeIfAbsent(group, k -> new Accumulator());
    ((Accumulator) cell).add(numeric ? event.number(field) : 0);
  }

  /**
   * Takes what a backend computed for one window and group.
   *
   * @param number the window's number: {@code floor(micros since the epoch / windowMicros())}
   * @param group the grouping tag's value, or null for the events without it (and when not grouped)
   * @param count how many selected events in the window and group have the field
   * @param texts how many of them hold text under the field
   * @param value the function's value over them (for {@code COUNT}, {@code count} is taken instead)
   * @throws InvalidQueryException when the function is numeric and {@code texts} is not 0
   * @throws IllegalArgumentException when this window and group were already given
   */
  public void addWindow(long number, String group, long count, long texts, double value) {
    if (fn != Aggregate.COUNT && texts > 0) {
      throw holdsText();
    }
    Cell previous = windows.computeIfAbsent(number, k -> new TreeMap<>(GROUP_ORDER))
        .putIfAbsent(group, new Computed(count, fn == Aggregate.COUNT ? count : value));
    if (previous != null) {
      throw new IllegalArgumentException("window " + number + " and group " + Messages.quote(group)
          + " were already given");
    }
  }

  /**
   * One value per window and group that holds an event with the field, by window start, then group.
   *
   * @throws InvalidQueryException when a window's start is beyond what an {@link Instant} of microseconds holds
   */
  public List<WindowValue> result() {
    List<WindowValue> out = new ArrayList<>();
    for (Map.Entry<Long, Map<String, Cell>> w : windows.entrySet()) {
      Instant start = windowStart(w.getKey());
      for (Map.Entry<String, Cell> g : w.getValue().entrySet()) {
        Map<String, String> group = g.getKey() == null ? Map.of() : Map.of(groupBy, g.getKey());
        out.add(new WindowValue(start, group, g.getValue().value(fn), g.getValue().count()));
      }
    }
    return out;
  }

  private InvalidQueryException holdsText() {
    return new InvalidQueryException(fn + " needs a numeric field, but field '" + field + "' holds text in series "
        + series);
  }

  private long windowNumber(Instant time) {
    try {
      long micros = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
      return Math.floorDiv(micros, width);
    } catch (ArithmeticException e) {
      throw new InvalidQueryException("the event time " + time + " is beyond what an aggregate window counts", e);
    }
  }

  private Instant windowStart(long number) {
    long micros;
    try {
      micros = Math.multiplyExact(number, width);
    } catch (ArithmeticException e) {
      throw new InvalidQueryException("the aggregate window " + window + " is too long for these event times", e);
    }
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** What one window and group holds. */
  private interface Cell {
    long count();

    double value(Aggregate fn);
  }

  /** Count, sum, minimum and maximum of the events of one window and group. Not thread-safe. */
  private static final class Accumulator implements Cell {
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    void add(double v) {
      count++;
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }

    @Override
    public long count() {
      return count;
    }

    @Override
    public double value(Aggregate fn) {
      return switch (fn) {
        case COUNT -> count;
        case SUM -> sum;
        case MEAN -> sum / count;
        case MIN -> min;
        case MAX -> max;
      };
    }
  }

  /** What a backend computed for one window and group. */
  private record Computed(long count, double value) implements Cell {
    @Override
    public double value(Aggregate fn) {
      return value;
    }
  }
}
