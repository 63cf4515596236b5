package dev.polystore.jdbi.internal;

import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.jdbi.JdbiSchema;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Internal: applies the adapter's Flyway migrations ({@code classpath:db/migration/<sqlite|postgresql|mysql>}).
 * The history is kept in its own table, {@value #HISTORY_TABLE}, so an application's own Flyway history in the
 * same schema is left alone; a schema that already holds other tables is baselined at version 0, so every
 * Polystore migration still runs. Session settings a migration changes (MySQL's {@code innodb_ft_enable_stopword},
 * which must be off while the full-text index is created) are put back after each migration, so a connection
 * borrowed from an application's pool goes back as it came. Thread-safe (stateless); concurrent runs are
 * serialized by Flyway's lock.
 */
public final class Migrations {

  /** The table holding the adapter's migration history ({@link JdbiSchema#HISTORY_TABLE}, documented there). */
  public static final String HISTORY_TABLE = JdbiSchema.HISTORY_TABLE;

  private Migrations() {
  }

  /** Migrates the database behind {@code dataSource} to the latest version. */
  public static void migrate(DataSource dataSource, SqlDialect dialect) {
    try {
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(dataSource)
          .locations(dialect.migrationLocation())
          .table(HISTORY_TABLE)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .failOnMissingLocations(true)
          .callbacks(dialect.speaksMysql() ? new Callback[] {RESET_MYSQL_SESSION} : new Callback[0])
          .load()
          .migrate();
    } catch (FlywayException e) {
      java.sql.SQLException sql = SqlErrors.findSqlException(e);
      if (sql != null) {
        StoreException translated = SqlErrors.translate(sql, "migrate the " + dialect.backendName() + " schema");
        if (translated instanceof StoreUnavailableException) {
          throw new StoreUnavailableException(translated.getMessage(), e);
        }
      }
      throw new StoreException("Migrating the " + dialect.backendName() + " schema failed: "
          + SqlErrors.message(e), e);
    } catch (RuntimeException e) {
      RuntimeException translated = SqlErrors.translate(e, "migrate the " + dialect.backendName() + " schema");
      throw translated instanceof StoreException ? translated
          : new StoreException("Migrating the " + dialect.backendName() + " schema failed: "
              + SqlErrors.message(e), e);
    }
  }

  /** After each MySQL/MariaDB migration, on its connection: session settings back to the server's defaults. */
  private static final Callback RESET_MYSQL_SESSION = new Callback() {
    @Override
    public boolean supports(Event event, Context context) {
      return event == Event.AFTER_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE_ERROR;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
      return true;
    }

    @Override
    public void handle(Event event, Context context) {
      try (Statement statement = context.getConnection().createStatement()) {
        statement.execute("SET SESSION innodb_ft_enable_stopword = DEFAULT");
      } catch (SQLException e) {
        if (event == Event.AFTER_EACH_MIGRATE) {
          throw new FlywayException("Cannot restore the session's innodb_ft_enable_stopword: " + e.getMessage(), e);
        }
        // after a failed migration its own error is the one to report
      }
    }

    @Override
    public String getCallbackName() {
      return "polystore-reset-mysql-session";
    }
  };

  /** Migrates through a {@link Jdbi} whose data source is not known: each connection is a JDBI handle's. */
  public static void migrate(Jdbi jdbi, SqlDialect dialect) {
    migrate(dataSourceOf(jdbi), dialect);
  }

  /** A minimal {@link DataSource} whose connections are those of handles opened on {@code jdbi}. */
  static DataSource dataSourceOf(Jdbi jdbi) {
    InvocationHandler dataSourceHandler = (proxy, method, args) -> {
      switch (method.getName()) {
        case "getConnection":
          return connectionOf(jdbi.open());
        case "unwrap":
          throw new SQLException("not a wrapper");
        case "isWrapperFor":
          return false;
        case "getLoginTimeout":
          return 0;
        case "getLogWriter":
        case "getParentLogger":
          return null;
        case "setLoginTimeout":
        case "setLogWriter":
          return null;
        case "hashCode":
          return System.identityHashCode(proxy);
        case "equals":
          return proxy == args[0];
        case "toString":
          return "DataSource of " + jdbi;
        default:
          throw new UnsupportedOperationException(method.getName());
      }
    };
    return (DataSource) Proxy.newProxyInstance(Migrations.class.getClassLoader(), new Class<?>[] {DataSource.class},
        dataSourceHandler);
  }

  private static Connection connectionOf(Handle handle) {
    Connection connection = handle.getConnection();
    InvocationHandler h = (proxy, method, args) -> {
      if (method.getName().equals("close") && method.getParameterCount() == 0) {
        handle.close();
        return null;
      }
      try {
        return method.invoke(connection, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (Connection) Proxy.newProxyInstance(Migrations.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
  }
}
