package dev.polystore.jdbi.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.spi.JdbiPlugin;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

/**
 * Internal: what every SQLite connection needs before a store uses it — foreign keys switched on (for a {@code Jdbi}
 * the application owns; the store's own pools ask by driver property) and the store's {@code polystore_lower}
 * function, as JDBI plugins.
 */
final class SqlitePlugins {

  private SqlitePlugins() {
  }

  /** SQLite enforces foreign keys only when asked, per connection; pools the adapter owns ask by driver property. */
  static final JdbiPlugin FOREIGN_KEYS = new JdbiPlugin.Singleton() {
    @Override
    public Handle customizeHandle(Handle handle) throws SQLException {
      try (var statement = handle.getConnection().createStatement()) {
        statement.execute("PRAGMA foreign_keys = ON");
      }
      return handle;
    }
  };

  /**
   * Registers {@link SqlDialect#SQLITE_LOWER_FUNCTION} on every SQLite connection a handle of the {@link Jdbi}
   * opens, once per physical connection (remembered weakly, so closed connections are forgotten). A singleton
   * plugin: installing another on the same {@code Jdbi} (a second store over an application's {@code Jdbi}) has
   * no effect. Thread-safe.
   */
  static final class Functions extends JdbiPlugin.Singleton {
    private final Map<SQLiteConnection, Boolean> registered = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public Connection customizeConnection(Connection connection) throws SQLException {
      SQLiteConnection sqlite = connection.unwrap(SQLiteConnection.class);
      if (!registered.containsKey(sqlite)) {
        // A Function object belongs to the connection it is created on: one per connection.
        Function.create(sqlite, SqlDialect.SQLITE_LOWER_FUNCTION, new SqliteLower(), 1, Function.FLAG_DETERMINISTIC);
        registered.put(sqlite, Boolean.TRUE);
      }
      return connection;
    }
  }

  /** {@code polystore_lower(text)}: Java's {@code toLowerCase(Locale.ROOT)}; NULL for NULL. */
  private static final class SqliteLower extends Function {
    @Override
    protected void xFunc() throws SQLException {
      String text = value_text(0);
      if (text == null) {
        result();
      } else {
        result(text.toLowerCase(Locale.ROOT));
      }
    }
  }
}
