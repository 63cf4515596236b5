package dev.polystore.jdbi.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.polystore.ConcurrentUpdateException;
import dev.polystore.OutcomeUnknownException;
import dev.polystore.ReadConsistency;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.jdbi.JdbiStoreOptions;
import dev.polystore.jdbi.ReplicaStatus;
import dev.polystore.spi.CursorCodec;
import dev.polystore.spi.support.NativeHandles;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

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
 * <p>Reads are {@link ReadConsistency#STRONG} (on the primary) unless asked otherwise: an
 * {@link ReadConsistency#EVENTUAL} read goes to a read replica ({@code replica.urls}) that is fit, in turn, and to
 * the primary when none is; a read that fails on a replica runs again on the primary ({@link ReadReplicas}).
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
  /** Where eventual reads go; {@link ReadReplicas#NONE} without replicas. */
  private final ReadReplicas replicas;
  private final AutoCloseable owned;
  /** The data source {@link #jdbi} takes its connections from, when the store knows it (native access). */
  private final DataSource dataSource;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param ownsJdbi whether the store created {@code jdbi}, so the dialect's bindings and column mappers are
   *     registered on it once; an application's {@code Jdbi} keeps its own, and each handle gets them instead
   * @param ownsPool whether the store owns the pool, so that nothing but the store changes its connections'
   *     sessions
   * @param dataSource the data source behind {@code jdbi}, or null when the store does not know it (an
   *     application's {@code Jdbi})
   * @param primaryUrl the primary's URL, whose credentials replicas may take; null for an application's pool
   * @param view what the replicas' data sources are seen through (the seam of
   *     {@link #open(StoreConfig, JdbiStoreOptions, UnaryOperator)})
   */
  private JdbiDatabase(Jdbi jdbi, SqlDialect dialect, String backendName, JdbiStoreOptions options,
                       AutoCloseable owned, boolean ownsJdbi, boolean ownsPool, DataSource dataSource,
                       String primaryUrl, UnaryOperator<DataSource> view) {
    this.jdbi = jdbi;
    // Native access: the application attaches its own SqlObject interfaces to the store's Jdbi. A singleton
    // plugin, so a Jdbi that has it already (an application's) is left as it is.
    jdbi.installPlugin(new SqlObjectPlugin());
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
    this.dataSource = dataSource;
    this.replicas = ReadReplicas.open(dialect, primaryUrl, options, this::replicaJdbi, view,
        replica -> new UnitRunner(replica, UnaryOperator.identity(), options, new CallDeadline(options.callTimeout()),
            h -> { }));
  }

  /** A {@link Jdbi} over a replica's pool, set up as the store's own. */
  private Jdbi replicaJdbi(DataSource dataSource) {
    Jdbi replica = ownJdbi(Jdbi.create(dataSource), dialect);
    values.registerOn(replica);
    return replica;
  }

  /** A {@link Jdbi} the store created, given the store's settings for the dialect. */
  private static Jdbi ownJdbi(Jdbi jdbi, SqlDialect dialect) {
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
    return jdbi;
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
    JdbiDatabase db = null;
    try {
      // callers beyond the pool's size wait their turn in order (ConnectionGate)
      DataSource seen = Objects.requireNonNull(view.apply(pool.dataSource()), "view");
      Jdbi jdbi = ownJdbi(Jdbi.create(pool.gated(seen)), dialect);
      db = new JdbiDatabase(jdbi, dialect, dialect.fixedBackendName().orElse(null), options, pool, true, true, seen,
          url, view);
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
      if (db != null) {
        db.close();
      } else {
        pool.close();
      }
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
    return ofApplication(Jdbi.create(dataSource), dataSource, options, dialect -> {
      requireMigrationConnections(dataSource, dialect);
      Migrations.migrate(dataSource, dialect);
    });
  }

  /** A database behind an application's {@link Jdbi}, which the store will not close. */
  public static JdbiDatabase of(Jdbi jdbi, JdbiStoreOptions options) {
    Objects.requireNonNull(jdbi, "jdbi");
    Objects.requireNonNull(options, "options");
    return ofApplication(jdbi, null, options, dialect -> Migrations.migrate(jdbi, dialect));
  }

  /**
   * A database the application owns: dialect and backend name from its metadata, migrated by {@code migrate}.
   *
   * @param dataSource the application's data source when the store created {@code jdbi} over it, so its statement
   *     building may be set; null for an application's own {@code Jdbi}, which keeps its own
   */
  private static JdbiDatabase ofApplication(Jdbi jdbi, DataSource dataSource, JdbiStoreOptions options,
                                            Consumer<SqlDialect> migrate) {
    boolean ownJdbi = dataSource != null;
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
    return new JdbiDatabase(jdbi, dialect, product.backendName(), options, () -> { }, ownJdbi, false, dataSource,
        null, UnaryOperator.identity());
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

  /**
   * The native handles of a store over this database ({@code UserStore.unwrap}): the store's {@link Jdbi}, with the
   * SqlObject plugin, and the {@link DataSource} behind it when the store knows it (not over an application's
   * {@code Jdbi}).
   *
   * @param store what the store is, for messages: {@code "user store"}
   */
  public NativeHandles.Builder nativeHandles(String store) {
    NativeHandles.Builder handles = NativeHandles.builder("the " + knownBackendName() + " " + store)
        .add(Jdbi.class, jdbi);
    if (dataSource != null) {
      handles.add(DataSource.class, dataSource);
    } else {
      handles.elsewhere(DataSource.class, "the store was opened over the application's Jdbi, whose data source"
          + " the application has");
    }
    return handles;
  }

  public CursorCodec cursorCodec() {
    return cursorCodec;
  }

  /**
   * Runs a strong read on a handle of the primary in auto-commit mode; a read whose connection broke is run once
   * more.
   */
  public <T> T read(String operation, HandleCallback<T, RuntimeException> work) {
    return read(operation, ReadConsistency.STRONG, work);
  }

  /**
   * Runs a read of the given consistency in auto-commit mode: an eventual one on a replica in turn when one is fit,
   * else (and when it fails there) on the primary; a read whose connection broke is run once more.
   */
  public <T> T read(String operation, ReadConsistency consistency, HandleCallback<T, RuntimeException> work) {
    ensureOpen();
    Replica replica = replicaFor(consistency);
    if (replica != null) {
      try {
        return replica.read(operation, work);
      } catch (StoreException e) {
        replicas.failed(replica, operation, e);
      } catch (Exception e) {
        // JDBI may pass a driver's SQLException on unwrapped (closing a result set after a failure)
        if (!(e instanceof SQLException sql)) {
          throw (RuntimeException) e;
        }
        replicas.failed(replica, operation, SqlErrors.translate(sql, operation));
      }
    }
    return units.run(operation, UnitRunner.Unit.READ, work, LostReply.unknown());
  }

  /** The replica an eventual read that holds its handle goes to (a query's stream); null for the primary. */
  Replica replicaFor(ReadConsistency consistency) {
    return consistency == ReadConsistency.EVENTUAL ? replicas.pick() : null;
  }

  /** Notes that a read failed on {@code replica} and runs on the primary instead ({@link ReadReplicas#failed}). */
  void replicaFailed(Replica replica, String operation, StoreException e) {
    replicas.failed(replica, operation, e);
  }

  /** The state of every read replica, in the order of {@code replica.urls}; empty without replicas. */
  public List<ReplicaStatus> replicaStatus() {
    return replicas.status();
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
    return inSnapshot(operation, ReadConsistency.STRONG, work);
  }

  /**
   * As {@link #inSnapshot(String, HandleCallback)}, on the primary or a replica as
   * {@link #read(String, ReadConsistency, HandleCallback)} says.
   */
  public <T> T inSnapshot(String operation, ReadConsistency consistency, HandleCallback<T, RuntimeException> work) {
    return read(operation, consistency, h -> snapshots.read(h, work));
  }

  /** @throws IllegalStateException after {@link #close()} */
  public void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the store is closed");
    }
  }

  /** Stops checking the replicas and closes their pools, then the primary's pool if the store owns it. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        replicas.close();
      } catch (RuntimeException e) {
        // best effort
      }
      try {
        owned.close();
      } catch (Exception e) {
        // best effort
      }
    }
  }
}
