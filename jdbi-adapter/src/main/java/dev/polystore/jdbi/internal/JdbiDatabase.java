package dev.polystore.jdbi.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.polystore.ConcurrentUpdateException;
import dev.polystore.OutcomeUnknownException;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.jdbi.JdbiStoreOptions;
import dev.polystore.spi.CursorCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * Internal: one database as a store sees it — the {@link Jdbi}, its {@link SqlDialect}, the options, the cursor
 * codec and, when the store owns it, the pool to close. Runs units of work — reads, single auto-commit writes and
 * transactions — and decides what a failure means:
 *
 * <ul>
 *   <li>a deadlock, a serialization failure or a busy SQLite database runs the unit again, up to
 *       {@code retry.max.attempts} times with exponential backoff and jitter, then fails with
 *       {@link ConcurrentUpdateException} (the database rolled the unit back, so running it again is safe);
 *   <li>a connection that broke before anything the unit sent could take effect (a read; a transaction before its
 *       commit) runs the unit once more on a fresh connection; a timeout there is a plain
 *       {@link StoreUnavailableException};
 *   <li>a connection that broke, or a timeout ({@link SqlErrors#isTimeout}), once the unit's effect may have reached
 *       the database (an auto-commit write's statement or a transaction's {@code COMMIT} was sent) is a lost
 *       reply: the unit never runs again as such; the write's {@link LostReply} establishes the outcome on a fresh
 *       connection, or the caller gets an {@link OutcomeUnknownException}. A timeout is always the latter: the
 *       statement may still be running.
 * </ul>
 *
 * <p>A unit may therefore run more than once before its commit: it must not have effects outside the database.
 * {@link UnitRunner} carries these rules out; this class opens the database and holds what its stores share.
 *
 * <p>The backend name ({@code Capabilities.backend()}) comes from the server's metadata whenever the URL leaves
 * it open: a {@code jdbc:mysql:} URL may reach MySQL or MariaDB, as may an application's data source. It is read
 * once, when the store opens if it migrates (or is over an application's data source), otherwise on first use.
 *
 * <p>Thread-safe.
 */
public final class JdbiDatabase implements AutoCloseable {

  private final Jdbi jdbi;
  private final SqlDialect dialect;
  /** How values are bound and read in the dialect's stored forms. */
  private final SqlValues values;
  /** Applied to every handle the database opens: the values' bindings, unless the {@code Jdbi} has them. */
  private final UnaryOperator<Handle> handleSetup;
  /** How a read of several statements sees one snapshot. */
  private final SnapshotReads snapshots;
  /** Null until read from the server (see {@link #backendName()}). */
  private volatile String backendName;
  private final JdbiStoreOptions options;
  private final CursorCodec cursorCodec;
  /** {@code call.timeout} for server databases; none for SQLite, whose waits are bounded by its busy timeout. */
  private final UnitRunner units;
  private final AutoCloseable owned;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param ownsJdbi whether the store created {@code jdbi}, so the dialect's bindings and column mappers are
   *     registered on it once; an application's {@code Jdbi} keeps its own, and each handle gets them instead
   * @param ownsPool whether the store owns the pool, so that nothing but the store changes its connections'
   *     sessions
   */
  private JdbiDatabase(Jdbi jdbi, SqlDialect dialect, String backendName, JdbiStoreOptions options,
                       AutoCloseable owned, boolean ownsJdbi, boolean ownsPool) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.values = new SqlValues(dialect);
    if (ownsJdbi) {
      values.registerOn(jdbi);
    }
    this.handleSetup = ownsJdbi ? UnaryOperator.identity() : values::customizeHandle;
    this.snapshots = new SnapshotReads(dialect, ownsPool);
    this.backendName = backendName;
    this.options = options;
    this.cursorCodec = options.cursorSecret().map(CursorCodec::withSecret).orElseGet(CursorCodec::withRandomSecret);
    this.units = new UnitRunner(jdbi, handleSetup, options,
        new CallDeadline(dialect == SqlDialect.SQLITE ? Duration.ZERO : options.callTimeout()), this::learnBackendName);
    this.owned = owned;
  }

  /**
   * Opens a pool for the config's URL, and migrates the schema when the options say so.
   *
   * @throws dev.polystore.StoreConfigurationException on a bad URL or option
   * @throws StoreUnavailableException when the database cannot be reached for migrating
   */
  public static JdbiDatabase open(StoreConfig config, JdbiStoreOptions options) {
    return open(config, options, UnaryOperator.identity());
  }

  /**
   * As {@link #open(StoreConfig, JdbiStoreOptions)}, with the store's pool seen through {@code view}: the store's
   * statements go to the data source {@code view} returns for the pool (the pool's own housekeeping and the
   * migration's connections do not). A seam for tests that count what a store sends; the store is otherwise the
   * one a URL opens.
   */
  public static JdbiDatabase open(StoreConfig config, JdbiStoreOptions options, UnaryOperator<DataSource> view) {
    String url = config.url();
    SqlDialect dialect = SqlDialect.forUrl(url);
    JdbiDataSources.OwnedDataSource pool = JdbiDataSources.open(url, dialect, options);
    try {
      // callers beyond the pool's size wait their turn in order (ConnectionGate)
      Jdbi jdbi = Jdbi.create(pool.gated(Objects.requireNonNull(view.apply(pool.dataSource()), "view")));
      // JDBI's exception messages list every bound value (other rows' usernames and e-mails in a batch): the
      // store's own jdbi keeps the statement only. An application's Jdbi keeps its own setting.
      jdbi.getConfig(StatementExceptions.class)
          .setMessageRendering(StatementExceptions.MessageRendering.SHORT_STATEMENT);
      if (dialect == SqlDialect.SQLITE) {
        jdbi.installPlugin(new SqlitePlugins.Functions());
      }
      if (dialect == SqlDialect.MARIADB) {
        PlainStatements.installOn(jdbi);
      }
      JdbiDatabase db = new JdbiDatabase(jdbi, dialect, dialect.fixedBackendName().orElse(null), options, pool,
          true, true);
      if (options.migrate()) {
        if (dialect == SqlDialect.SQLITE) {
          // SQLite migrates on one connection; an in-memory database is reachable only through the pool's.
          Migrations.migrate(pool.dataSource(), dialect);
        } else {
          try (JdbiDataSources.OwnedDataSource migration = JdbiDataSources.openForMigration(url, dialect, options)) {
            Migrations.migrate(migration.dataSource(), dialect);
          }
        }
        db.backendName();
      }
      return db;
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * A database behind an application's data source, which the store will not close. Migrating borrows
   * {@link SqlDialect#migrationConnections()} connections from it at once.
   *
   * @throws dev.polystore.StoreConfigurationException when the data source is a HikariCP pool too small to migrate
   */
  public static JdbiDatabase of(DataSource dataSource, JdbiStoreOptions options) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(options, "options");
    return ofApplication(Jdbi.create(dataSource), true, options, dialect -> {
      requireMigrationConnections(dataSource, dialect);
      Migrations.migrate(dataSource, dialect);
    });
  }

  /** A database behind an application's {@link Jdbi}, which the store will not close. */
  public static JdbiDatabase of(Jdbi jdbi, JdbiStoreOptions options) {
    Objects.requireNonNull(jdbi, "jdbi");
    Objects.requireNonNull(options, "options");
    return ofApplication(jdbi, false, options, dialect -> Migrations.migrate(jdbi, dialect));
  }

  /**
   * A database the application owns: dialect and backend name from its metadata, migrated by {@code migrate}.
   *
   * @param ownJdbi whether the store created {@code jdbi} (over the application's data source), so its statement
   *     building may be set; an application's own {@code Jdbi} keeps its own
   */
  private static JdbiDatabase ofApplication(Jdbi jdbi, boolean ownJdbi, JdbiStoreOptions options,
                                            Consumer<SqlDialect> migrate) {
    DatabaseProduct product;
    try {
      product = jdbi.withHandle(DatabaseProduct::of);
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, "detect the database");
    }
    SqlDialect dialect = product.dialect();
    if (dialect == SqlDialect.SQLITE) {
      jdbi.installPlugin(SqlitePlugins.FOREIGN_KEYS);
      jdbi.installPlugin(new SqlitePlugins.Functions());
    }
    if (ownJdbi && dialect == SqlDialect.MARIADB) {
      PlainStatements.installOn(jdbi);
    }
    if (options.migrate()) {
      migrate.accept(dialect);
    }
    return new JdbiDatabase(jdbi, dialect, product.backendName(), options, () -> { }, ownJdbi, false);
  }

  /**
   * Fails fast when the application's pool is a HikariCP pool that cannot lend the connections a migration
   * holds at once, instead of waiting for its connection timeout. Other data sources cannot be asked.
   */
  static void requireMigrationConnections(DataSource dataSource, SqlDialect dialect) {
    int needed = dialect.migrationConnections();
    if (dataSource instanceof HikariDataSource hikari && hikari.getMaximumPoolSize() < needed) {
      throw new StoreConfigurationException("Migrating the " + dialect.backendName() + " schema takes " + needed
          + " connections at once, but the application's connection pool " + hikari.getPoolName()
          + " has at most " + hikari.getMaximumPoolSize() + ": raise its maximum pool size to " + needed
          + " or more, or open the store with the option migrate=false on a schema already migrated");
    }
  }

  /**
   * Opens a handle that binds and reads values as the dialect stores them ({@link SqlValues}); the caller closes
   * it. Not retried: for work that holds its handle beyond one unit, such as a query's stream.
   */
  public Handle open() {
    Handle handle = jdbi.open();
    try {
      return handleSetup.apply(handle);
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  /** How the database's values are bound and read, for statements a store prepares itself. */
  SqlValues values() {
    return values;
  }

  public SqlDialect dialect() {
    return dialect;
  }

  /**
   * A short human name: SQLite, PostgreSQL, MySQL or MariaDB. Read from the server on the first call when the URL
   * does not tell (see the class documentation).
   *
   * @throws StoreUnavailableException when it must be read and the server cannot be reached
   */
  public String backendName() {
    String name = backendName;
    if (name == null) {
      try {
        name = jdbi.withHandle(h -> {
          learnBackendName(h);
          return backendName;
        });
      } catch (RuntimeException e) {
        throw SqlErrors.translate(e, "detect the database");
      }
    }
    return name;
  }

  /** The backend name if known, else the dialect's; never connects (for {@code toString}). */
  public String knownBackendName() {
    String name = backendName;
    return name == null ? dialect.backendName() : name;
  }

  /** Reads the backend name on a handle a unit of work holds anyway, once. */
  private void learnBackendName(Handle handle) {
    if (backendName == null) {
      backendName = DatabaseProduct.of(handle).backendName();
    }
  }

  public JdbiStoreOptions options() {
    return options;
  }

  public CursorCodec cursorCodec() {
    return cursorCodec;
  }

  /** Runs a read on a handle in auto-commit mode; a read whose connection broke is run once more. */
  public <T> T read(String operation, HandleCallback<T, RuntimeException> work) {
    ensureOpen();
    return units.run(operation, UnitRunner.Unit.READ, work, LostReply.unknown());
  }

  /**
   * Runs a write of one statement on a handle in auto-commit mode. A conflict is retried as the class
   * documentation says; a broken connection or a timeout leaves the outcome to {@code afterLostReply}.
   */
  public <T> T write(String operation, HandleCallback<T, RuntimeException> work, LostReply<T> afterLostReply) {
    ensureOpen();
    return units.run(operation, UnitRunner.Unit.AUTO_COMMIT_WRITE, work, afterLostReply);
  }

  /**
   * Runs {@code work} in one transaction. A conflict, or a connection that broke before the commit was sent, runs
   * it again as the class documentation says; a connection that broke, or a timeout, once the commit may have been
   * sent leaves the outcome to {@code afterLostReply} — {@code work} itself never runs again then.
   */
  public <T> T inTransaction(String operation, HandleCallback<T, RuntimeException> work,
                             LostReply<T> afterLostReply) {
    ensureOpen();
    return units.run(operation, UnitRunner.Unit.TRANSACTION, work, afterLostReply);
  }

  /**
   * Runs the reads of {@code work} in one read-only transaction that sees one snapshot of the database
   * ({@link SnapshotReads}), retrying as the class documentation says. The transaction is begun and ended with SQL
   * on a connection left in auto-commit mode, so neither the connection's isolation level nor its read-only flag
   * changes; it is rolled back when {@code work} fails.
   */
  public <T> T inSnapshot(String operation, HandleCallback<T, RuntimeException> work) {
    return read(operation, h -> snapshots.read(h, work));
  }

  /** @throws IllegalStateException after {@link #close()} */
  public void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the store is closed");
    }
  }

  /** Closes the pool if the store owns it. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        owned.close();
      } catch (Exception e) {
        // best effort
      }
    }
  }
}
