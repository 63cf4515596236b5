package dev.polystore;

import dev.polystore.spi.StoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Entry point: opens stores by URL, choosing the adapter with {@link ServiceLoader}. Exactly one installed
 * {@link StoreProvider} must accept the URL. Thread-safe.
 *
 * <pre>{@code
 * try (UserStore users = Stores.openUserStore("jdbc:sqlite:app.db")) { ... }
 * try (EventStore events = Stores.openEventStore(StoreConfig.fromEnvironment("events"))) { ... }
 * }</pre>
 */
public final class Stores {

  private Stores() {
  }

  public static UserStore openUserStore(String url) {
    return openUserStore(StoreConfig.of(url));
  }

  public static UserStore openUserStore(StoreConfig config) {
    return providerFor(config).openUserStore(config);
  }

  /** Opens the user store named by {@code POLYSTORE_USERS_URL} (or {@code -Dpolystore.users.url}). */
  public static UserStore openUserStore() {
    return openUserStore(StoreConfig.fromEnvironment("users"));
  }

  public static EventStore openEventStore(String url) {
    return openEventStore(StoreConfig.of(url));
  }

  public static EventStore openEventStore(StoreConfig config) {
    return providerFor(config).openEventStore(config);
  }

  /** Opens the event store named by {@code POLYSTORE_EVENTS_URL} (or {@code -Dpolystore.events.url}). */
  public static EventStore openEventStore() {
    return openEventStore(StoreConfig.fromEnvironment("events"));
  }

  /** The providers on the class path, in ServiceLoader order. */
  public static List<StoreProvider> providers() {
    List<StoreProvider> providers = new ArrayList<>();
    ServiceLoader.load(StoreProvider.class, classLoader()).forEach(providers::add);
    return providers;
  }

  /**
   * The one provider accepting the config's URL.
   *
   * @throws StoreConfigurationException when none or several accept it, listing the installed providers
   */
  public static StoreProvider providerFor(StoreConfig config) {
    List<StoreProvider> installed = providers();
    List<StoreProvider> matching = installed.stream().filter(p -> p.accepts(config.url())).toList();
    if (matching.size() == 1) {
      return matching.get(0);
    }
    String what = matching.isEmpty() ? "No installed Polystore adapter accepts "
        : "Several Polystore adapters accept ";
    throw new StoreConfigurationException(what + config.maskedUrl() + ". Installed: "
        + describe(matching.isEmpty() ? installed : matching)
        + (installed.isEmpty() ? " (add an adapter module such as polystore-jdbi to the class path)" : ""));
  }

  private static String describe(List<StoreProvider> providers) {
    if (providers.isEmpty()) {
      return "none";
    }
    return providers.stream().map(p -> p.name() + " " + p.schemes()).collect(Collectors.joining(", "));
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : Stores.class.getClassLoader();
  }
}
