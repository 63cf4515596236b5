package dev.polystore;

import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a store can do, and the precision it keeps timestamps at. Immutable and thread-safe.
 *
 * <p>The set is checked when built: it holds at most one rule for events with the same series, tags and time
 * ({@link Capability#EVENT_LAST_WRITE_WINS} or {@link Capability#EVENT_MERGE_FIELDS}, or neither), else
 * {@link IllegalArgumentException}.
 *
 * @param backend a short human name of the backend, used in messages ({@code "SQLite"}, {@code "PostgreSQL"})
 * @param supported the declared capabilities
 * @param timePrecision the finest unit an {@link java.time.Instant} survives a round-trip at
 */
public record Capabilities(String backend, Set<Capability> supported, ChronoUnit timePrecision) {

  public Capabilities {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(timePrecision, "timePrecision");
    Objects.requireNonNull(supported, "supported");
    if (supported.contains(Capability.EVENT_LAST_WRITE_WINS) && supported.contains(Capability.EVENT_MERGE_FIELDS)) {
      throw new IllegalArgumentException(backend + " declares both " + Capability.EVENT_LAST_WRITE_WINS + " and "
          + Capability.EVENT_MERGE_FIELDS + ": events with the same series, tags and time follow one rule");
    }
    supported = supported.isEmpty()
        ? Collections.unmodifiableSet(EnumSet.noneOf(Capability.class))
        : Collections.unmodifiableSet(EnumSet.copyOf(supported));
  }

  public static Capabilities of(String backend, ChronoUnit timePrecision, Capability... capabilities) {
    EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
    Collections.addAll(set, capabilities);
    return new Capabilities(backend, set, timePrecision);
  }

  public boolean has(Capability capability) {
    return supported.contains(capability);
  }

  /** Throws {@link UnsupportedCapabilityException} unless the capability is declared. */
  public void require(Capability capability) {
    if (!has(capability)) {
      throw new UnsupportedCapabilityException(capability, backend);
    }
  }

  /** Like {@link #require(Capability)}, with a detail saying which operation needed it. */
  public void require(Capability capability, String operation) {
    if (!has(capability)) {
      throw new UnsupportedCapabilityException(capability, backend, operation);
    }
  }
}
