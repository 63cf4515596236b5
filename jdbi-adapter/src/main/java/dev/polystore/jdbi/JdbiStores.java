package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.UserStore;
import dev.polystore.jdbi.internal.JdbiDatabase;
import dev.polystore.jdbi.internal.JdbiEventStore;
import dev.polystore.jdbi.internal.JdbiUserStore;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Stores over a {@link DataSource} or {@link Jdbi} that the application owns (and closes): closing such a store
 * does not close the data source. The dialect is detected from the connection's metadata; the schema is
 * migrated unless {@link JdbiStoreOptions#migrate()} is false. Pool options do not apply (the application
 * configures its own pool); for SQLite, configure the pool with WAL, a busy timeout and foreign keys, as the
 * adapter does for its own pools.
 *
 * <pre>{@code
 * UserStore users = JdbiStores.userStore(dataSource, JdbiStoreOptions.builder().cursorSecret(secret).build());
 * }</pre>
 *
 * <p>Thread-safe and stateless.
 */
public final class JdbiStores {

  private JdbiStores() {
  }

  public static UserStore userStore(DataSource dataSource, JdbiStoreOptions options) {
    return userStore(JdbiDatabase.of(Objects.requireNonNull(dataSource, "dataSource"), options));
  }

  public static UserStore userStore(Jdbi jdbi, JdbiStoreOptions options) {
    return userStore(JdbiDatabase.of(Objects.requireNonNull(jdbi, "jdbi"), options));
  }

  public static EventStore eventStore(DataSource dataSource, JdbiStoreOptions options) {
    return eventStore(JdbiDatabase.of(Objects.requireNonNull(dataSource, "dataSource"), options));
  }

  public static EventStore eventStore(Jdbi jdbi, JdbiStoreOptions options) {
    return eventStore(JdbiDatabase.of(Objects.requireNonNull(jdbi, "jdbi"), options));
  }

  static UserStore userStore(JdbiDatabase database) {
    try {
      return new JdbiUserStore(database);
    } catch (RuntimeException | Error e) {
      database.close();
      throw e;
    }
  }

  static EventStore eventStore(JdbiDatabase database) {
    try {
      return new JdbiEventStore(database);
    } catch (RuntimeException | Error e) {
      database.close();
      throw e;
    }
  }
}
