package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.UserStore;
import dev.polystore.jdbi.internal.JdbiDatabase;
import dev.polystore.jdbi.internal.JdbiEventStore;
import dev.polystore.jdbi.internal.JdbiUserStore;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Stores over a {@link DataSource} or {@link Jdbi} that the application owns (and closes): closing such a store
 * does not close the data source. The names match {@link dev.polystore.Stores#openUserStore} and the DynamoDB
 * adapter's {@code DynamoStores}.
 *
 * <ul>
 *   <li>The dialect and the backend name (MySQL or MariaDB) are read from the connection's metadata when the
 *       store opens.</li>
 *   <li>Unless {@link JdbiStoreOptions#migrate()} is false, the schema is migrated through the application's data
 *       source when the store opens. A migration holds two connections at once on PostgreSQL (one for Flyway's
 *       lock) and one on SQLite and MySQL/MariaDB, so the pool must be able to lend them then: a HikariCP pool
 *       whose maximum size is smaller fails at once with {@code StoreConfigurationException}; any other pool that
 *       cannot lend them makes the open wait for the pool's own timeout. Session settings a migration changes
 *       (MySQL's {@code innodb_ft_enable_stopword}) are put back before its connection returns to the pool.</li>
 *   <li>Pool, credential, timeout and {@code sqlite.*} options do not apply: the application configures its own
 *       pool and connections. The {@code replica.*} options do: the store opens a pool of its own per replica,
 *       logging in with the {@code username} and {@code password} options unless a replica's URL names a user
 *       ({@link #replicaStatus(UserStore)}).</li>
 *   <li>SQLite: the store switches foreign-key enforcement on ({@code PRAGMA foreign_keys = ON}) for every
 *       connection it takes from the data source, so deletes cascade (over an application's {@code Jdbi} it does
 *       so with a plugin installed on that {@code Jdbi}, so the application's own handles get it too). The rest of what the adapter's own pools
 *       set is the application's to configure: WAL journal, {@code synchronous}, a busy timeout and
 *       {@code IMMEDIATE} write transactions (with {@code org.sqlite.SQLiteConfig}, for example); without a busy
 *       timeout, concurrent writers fail at once instead of waiting their turn.</li>
 *   <li>Native access ({@code store.unwrap(Jdbi.class)}, see {@link dev.polystore.UserStore#unwrap}): over an
 *       application's {@code Jdbi} the store answers that {@code Jdbi}, and installs JDBI's {@code SqlObjectPlugin}
 *       on it when it opens, as it does on a {@code Jdbi} of its own (JDBI installs a plugin of one class once, so a
 *       {@code Jdbi} that has it is left as it is; handles opened before get nothing new); it offers no
 *       {@code DataSource} then. Over an application's data source it answers that data source and a {@code Jdbi}
 *       of its own over it.</li>
 * </ul>
 *
 * <pre>{@code
 * UserStore users = JdbiStores.openUserStore(dataSource, JdbiStoreOptions.builder().cursorSecret(secret).build());
 * }</pre>
 *
 * <p>Thread-safe and stateless.
 */
public final class JdbiStores {

  private JdbiStores() {
  }

  /**
   * A user store over the application's data source.
   *
   * @throws dev.polystore.StoreConfigurationException when the database is not one the adapter supports, or a
   *     HikariCP pool is too small to migrate
   * @throws dev.polystore.StoreUnavailableException when the database cannot be reached
   */
  public static UserStore openUserStore(DataSource dataSource, JdbiStoreOptions options) {
    return open(JdbiDatabase.of(dataSource, options), JdbiUserStore::new);
  }

  /** A user store over the application's {@link Jdbi}; see {@link #openUserStore(DataSource, JdbiStoreOptions)}. */
  public static UserStore openUserStore(Jdbi jdbi, JdbiStoreOptions options) {
    return open(JdbiDatabase.of(jdbi, options), JdbiUserStore::new);
  }

  /** An event store over the application's data source; see {@link #openUserStore(DataSource, JdbiStoreOptions)}. */
  public static EventStore openEventStore(DataSource dataSource, JdbiStoreOptions options) {
    return open(JdbiDatabase.of(dataSource, options), JdbiEventStore::new);
  }

  /** An event store over the application's {@link Jdbi}; see {@link #openUserStore(DataSource, JdbiStoreOptions)}. */
  public static EventStore openEventStore(Jdbi jdbi, JdbiStoreOptions options) {
    return open(JdbiDatabase.of(jdbi, options), JdbiEventStore::new);
  }

  /**
   * What the store knows of its read replicas ({@link JdbiStoreOptions#replicaUrls()}), one status per replica in the
   * order given: whether eventual reads go to it, the lag it last reported, the reads it answered. The same for the
   * store and its {@code reading(...)} views; empty without replicas. Answers after the store is closed too (the
   * states then stay as they were).
   *
   * @throws IllegalArgumentException when {@code store} is not one of this adapter's
   */
  public static List<ReplicaStatus> replicaStatus(UserStore store) {
    Objects.requireNonNull(store, "store");
    if (store instanceof JdbiUserStore jdbi) {
      return jdbi.replicaStatus();
    }
    throw new IllegalArgumentException("not a store of the JDBI adapter: " + store);
  }

  /** As {@link #replicaStatus(UserStore)}, for an event store. */
  public static List<ReplicaStatus> replicaStatus(EventStore store) {
    Objects.requireNonNull(store, "store");
    if (store instanceof JdbiEventStore jdbi) {
      return jdbi.replicaStatus();
    }
    throw new IllegalArgumentException("not a store of the JDBI adapter: " + store);
  }

  /** The store {@code newStore} makes over {@code database}; the database is closed if that fails. */
  static <S> S open(JdbiDatabase database, Function<JdbiDatabase, S> newStore) {
    try {
      return newStore.apply(database);
    } catch (RuntimeException | Error e) {
      database.close();
      throw e;
    }
  }
}
