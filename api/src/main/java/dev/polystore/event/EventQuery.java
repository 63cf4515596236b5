package dev.polystore.event;

import dev.polystore.InvalidQueryException;
import dev.polystore.spi.support.EventRules;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A query over one series: time range {@code [from, to)}, tag equality, order and limit; for aggregates an
 * optional tag to group by. Immutable; build with {@link #builder(String)}, copy with changes through
 * {@link #toBuilder()}. The series, tag keys and the
 * {@code groupBy} tag must be valid event keys (1 to 128 of {@code [A-Za-z0-9_.-]}), and tag values 1 to
 * {@value Event#MAX_TAG_VALUE_LENGTH} characters of well-formed text without NUL, else
 * {@link InvalidQueryException}: no event could hold any other. Defaults: all time, no tag
 * filter, oldest first, no limit.
 */
public record EventQuery(String series, Optional<Instant> from, Optional<Instant> to, Map<String, String> tags,
                         Order order, OptionalInt limit, Optional<String> groupBy) {

  /** Time order of results. */
  public enum Order { OLDEST_FIRST, NEWEST_FIRST }

  public EventQuery {
    EventRules.requireKey("series", series);
    from = from == null ? Optional.empty() : from;
    to = to == null ? Optional.empty() : to;
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      throw new InvalidQueryException("from must be before to: [" + from.get() + ", " + to.get() + ")");
    }
    tags.forEach((key, value) -> {
      EventRules.requireKey("tag key", key);
      EventRules.requireTagValue(key, value);
    });
    tags = Map.copyOf(new TreeMap<>(tags));
    Objects.requireNonNull(order, "order");
    limit = limit == null ? OptionalInt.empty() : limit;
    if (limit.isPresent() && limit.getAsInt() < 1) {
      throw new InvalidQueryException("limit must be at least 1, not " + limit.getAsInt());
    }
    groupBy = groupBy == null ? Optional.empty() : groupBy;
    groupBy.ifPresent(tag -> EventRules.requireKey("groupBy tag", tag));
  }

  public static Builder builder(String series) {
    return new Builder(series);
  }

  /** A builder holding this query's settings, to build a changed copy; the query itself is unchanged. */
  public Builder toBuilder() {
    Builder b = new Builder(series);
    b.from = from.orElse(null);
    b.to = to.orElse(null);
    b.tags.putAll(tags);
    b.order = order;
    b.limit = limit.isPresent() ? limit.getAsInt() : null;
    b.groupBy = groupBy.orElse(null);
    return b;
  }

  /** Builder for {@link EventQuery}; not thread-safe. */
  public static final class Builder {
    private final String series;
    private Instant from;
    private Instant to;
    private final Map<String, String> tags = new TreeMap<>();
    private Order order = Order.OLDEST_FIRST;
    private Integer limit;
    private String groupBy;

    private Builder(String series) {
      this.series = series;
    }

    /** Inclusive lower bound. */
    public Builder from(Instant from) {
      this.from = from;
      return this;
    }

    /** Exclusive upper bound. */
    public Builder to(Instant to) {
      this.to = to;
      return this;
    }

    public Builder between(Instant from, Instant to) {
      return from(from).to(to);
    }

    public Builder tag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder order(Order order) {
      this.order = order;
      return this;
    }

    public Builder newestFirst() {
      return order(Order.NEWEST_FIRST);
    }

    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    /** For aggregates: one result per window and value of this tag. */
    public Builder groupBy(String tag) {
      this.groupBy = tag;
      return this;
    }

    public EventQuery build() {
      return new EventQuery(series, Optional.ofNullable(from), Optional.ofNullable(to), tags, order,
          limit == null ? OptionalInt.empty() : OptionalInt.of(limit), Optional.ofNullable(groupBy));
    }
  }
}
