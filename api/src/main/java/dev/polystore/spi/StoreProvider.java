package dev.polystore.spi;

import dev.polystore.Capability;
import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.UnsupportedCapabilityException;
import dev.polystore.UserStore;
import java.util.List;

/**
 * SPI: an adapter's entry point, found with {@link java.util.ServiceLoader}. An adapter lists its
 * implementation in {@code META-INF/services/dev.polystore.spi.StoreProvider}. Implementations must have a
 * public no-argument constructor, be thread-safe and cheap to construct; opening a store does the work.
 */
public interface StoreProvider {

  /** A short name, e.g. {@code "jdbi"}. */
  String name();

  /** The URL prefixes this provider accepts, e.g. {@code "jdbc:sqlite:"}. */
  List<String> schemes();

  /** Whether this provider handles the URL; by default, whether it starts with one of {@link #schemes()}. */
  default boolean accepts(String url) {
    return schemes().stream().anyMatch(url::startsWith);
  }

  /** Opens a user store; providers without one throw {@link UnsupportedCapabilityException}. */
  default UserStore openUserStore(dev.polystore.StoreConfig config) {
    throw new UnsupportedCapabilityException(Capability.USER_STORE, name());
  }

  /** Opens an event store; providers without one throw {@link UnsupportedCapabilityException}. */
  default EventStore openEventStore(StoreConfig config) {
    throw new UnsupportedCapabilityException(Capability.EVENT_STORE, name());
  }
}
