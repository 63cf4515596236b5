package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.UserStore;
import dev.polystore.jdbi.internal.JdbiDatabase;
import dev.polystore.jdbi.internal.JdbiEventStore;
import dev.polystore.jdbi.internal.JdbiUserStore;
import dev.polystore.jdbi.internal.SqlDialect;
import dev.polystore.spi.StoreProvider;
import java.util.List;

/**
 * The JDBI adapter's {@link StoreProvider}, found by {@link java.util.ServiceLoader}: accepts
 * {@code jdbc:sqlite:}, {@code jdbc:postgresql:}, {@code jdbc:mysql:} and {@code jdbc:mariadb:} URLs. Each
 * opened store owns a HikariCP pool, closed with the store, and migrates the schema on open unless the option
 * {@code migrate} is false. Options are read from the config's properties, see {@link JdbiStoreOptions}.
 *
 * <pre>{@code
 * try (UserStore users = Stores.openUserStore(StoreConfig.builder("jdbc:postgresql://db/app")
 *     .property("username", "app").property("password", System.getenv("DB_PASSWORD")).build())) { ... }
 * }</pre>
 *
 * <p>Retries: a unit of work (one operation, or one {@code inTransaction} callback) that hits a deadlock, a
 * serialization failure or a busy SQLite database is run again, up to {@code retry.max.attempts} times with
 * growing pauses, then fails with {@code ConcurrentUpdateException}; one whose connection broke while in use
 * (for example killed by the server) is run once more on a fresh connection; one whose statement outlasted
 * {@code socket.timeout} is not, since it may have taken effect. An {@code inTransaction} callback
 * may therefore run more than once: keep effects outside the database out of it. Inside the callback, use the
 * store it is handed: a write through another store waits for the transaction's locks (on SQLite, for the
 * database's one write lock; an in-memory SQLite database has a single connection) and fails.
 *
 * <p>Thread-safe and stateless.
 */
public final class JdbiStoreProvider implements StoreProvider {

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public JdbiStoreProvider() {
  }

  @Override
  public String name() {
    return "jdbi";
  }

  @Override
  public List<String> schemes() {
    return SqlDialect.allSchemes();
  }

  /**
   * Opens a user store.
   *
   * @throws dev.polystore.StoreConfigurationException on an unknown option or a bad value
   * @throws dev.polystore.StoreUnavailableException when the database cannot be reached for migrating
   */
  @Override
  public UserStore openUserStore(StoreConfig config) {
    return JdbiStores.open(JdbiDatabase.open(config, JdbiStoreOptions.fromConfig(config)), JdbiUserStore::new);
  }

  /**
   * Opens an event store.
   *
   * @throws dev.polystore.StoreConfigurationException on an unknown option or a bad value
   * @throws dev.polystore.StoreUnavailableException when the database cannot be reached for migrating
   */
  @Override
  public EventStore openEventStore(StoreConfig config) {
    return JdbiStores.open(JdbiDatabase.open(config, JdbiStoreOptions.fromConfig(config)), JdbiEventStore::new);
  }
}
