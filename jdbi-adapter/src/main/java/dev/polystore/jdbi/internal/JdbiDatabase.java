package dev.polystore.jdbi.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.polystore.ConcurrentUpdateException;
import dev.polystore.OutcomeUnknownException;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.jdbi.JdbiStoreOptions;
import dev.polystore.spi.CursorCodec;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.spi.JdbiPlugin;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

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
  /** Applied to every handle the database opens. */
  private final SqlValues values;
  /** {@link SqlDialect#snapshotBegin()}. */
  private final List<String> snapshotBegin;
  /** Null until read from the server (see {@link #backendName()}). */
  private volatile String backendName;
  private final JdbiStoreOptions options;
  private final CursorCodec cursorCodec;
  /** {@code call.timeout} for server databases; none for SQLite, whose waits are bounded by its busy timeout. */
  private final CallDeadline deadline;
  private final AutoCloseable owned;
  private final AtomicBoolean closed = new AtomicBoolean();

  private JdbiDatabase(Jdbi jdbi, SqlDialect dialect, String backendName, JdbiStoreOptions options,
                       AutoCloseable owned) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.values = new SqlValues(dialect);
    this.snapshotBegin = dialect.snapshotBegin();
    this.backendName = backendName;
    this.options = options;
    this.cursorCodec = options.cursorSecret().map(CursorCodec::withSecret).orElseGet(CursorCodec::withRandomSecret);
    this.deadline = new CallDeadline(dialect == SqlDialect.SQLITE ? Duration.ZERO : options.callTimeout());
    this.owned = owned;
  }

  /**
   * Opens a pool for the config's URL, and migrates the schema when the options say so.
   *
   * @throws dev.polystore.StoreConfigurationException on a bad URL or option
   * @throws StoreUnavailableException when the database cannot be reached for migrating
   */
  public static JdbiDatabase open(StoreConfig config, JdbiStoreOptions options) {
    String url = config.url();
    SqlDialect dialect = SqlDialect.forUrl(url);
    JdbiDataSources.OwnedDataSource pool = JdbiDataSources.open(url, dialect, options);
    try {
      Jdbi jdbi = Jdbi.create(pool.dataSource());
      // JDBI's exception messages list every bound value (other rows' usernames and e-mails in a batch): the
      // store's own jdbi keeps the statement only. An application's Jdbi keeps its own setting.
      jdbi.getConfig(StatementExceptions.class)
          .setMessageRendering(StatementExceptions.MessageRendering.SHORT_STATEMENT);
      if (dialect == SqlDialect.SQLITE) {
        jdbi.installPlugin(new SqliteFunctions());
      }
      JdbiDatabase db = new JdbiDatabase(jdbi, dialect, dialect.fixedBackendName().orElse(null), options, pool);
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
    return ofApplication(Jdbi.create(dataSource), options, dialect -> {
      requireMigrationConnections(dataSource, dialect);
      Migrations.migrate(dataSource, dialect);
    });
  }

  /** A database behind an application's {@link Jdbi}, which the store will not close. */
  public static JdbiDatabase of(Jdbi jdbi, JdbiStoreOptions options) {
    Objects.requireNonNull(jdbi, "jdbi");
    Objects.requireNonNull(options, "options");
    return ofApplication(jdbi, options, dialect -> Migrations.migrate(jdbi, dialect));
  }

  /** A database the application owns: dialect and backend name from its metadata, migrated by {@code migrate}. */
  private static JdbiDatabase ofApplication(Jdbi jdbi, JdbiStoreOptions options, Consumer<SqlDialect> migrate) {
    Product product;
    try {
      product = jdbi.withHandle(Product::of);
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, "detect the database");
    }
    SqlDialect dialect = product.dialect();
    if (dialect == SqlDialect.SQLITE) {
      jdbi.installPlugin(SQLITE_FOREIGN_KEYS);
      jdbi.installPlugin(new SqliteFunctions());
    }
    if (options.migrate()) {
      migrate.accept(dialect);
    }
    return new JdbiDatabase(jdbi, dialect, product.backendName(), options, () -> { });
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

  /** SQLite enforces foreign keys only when asked, per connection; pools the adapter owns ask by driver property. */
  private static final JdbiPlugin SQLITE_FOREIGN_KEYS = new JdbiPlugin.Singleton() {
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
  static final class SqliteFunctions extends JdbiPlugin.Singleton {
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

  /** The database product behind a connection: its dialect and backend name. */
  record Product(SqlDialect dialect, String backendName) {

    /** From {@code DatabaseMetaData}: MySQL Connector/J calls MariaDB "MySQL", but its version says MariaDB. */
    static Product of(Handle handle) {
      try {
        DatabaseMetaData meta = handle.getConnection().getMetaData();
        String name = meta.getDatabaseProductName();
        SqlDialect dialect = SqlDialect.forDatabase(name, meta.getDriverName());
        return new Product(dialect, dialect.backendName(name, meta.getDatabaseProductVersion()));
      } catch (SQLException e) {
        throw SqlErrors.translate(e, "detect the database");
      }
    }
  }

  /**
   * Opens a handle that binds and reads values as the dialect stores them ({@link SqlValues}); the caller closes
   * it. Not retried: for work that holds its handle beyond one unit, such as a query's stream.
   */
  public Handle open() {
    Handle handle = jdbi.open();
    try {
      return values.customizeHandle(handle);
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  /**
   * Runs {@code work} as {@link Jdbi#withHandle} does (on the handle the thread already works with, if any), with
   * the handle binding and reading values as the dialect stores them.
   */
  private <T> T withHandle(HandleCallback<T, RuntimeException> work) {
    return jdbi.withHandle(h -> work.withHandle(values.customizeHandle(h)));
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
      backendName = Product.of(handle).backendName();
    }
  }

  public JdbiStoreOptions options() {
    return options;
  }

  public CursorCodec cursorCodec() {
    return cursorCodec;
  }

  /**
   * What a write does when its connection broke, or its statement timed out, after its effect may have reached the
   * database: for a unit in auto-commit mode, once its statement may have been sent; for a transaction, once its
   * {@code COMMIT} may have been sent. It runs in a fresh transaction on another connection and establishes the
   * outcome: it returns the write's true result (typically after recognising the write's own effect by its
   * client-generated id or version, or by running an idempotent write again), or throws — the
   * {@link OutcomeUnknownException} it is given when it cannot tell. {@link #unknown()} throws at once, without
   * connecting.
   */
  @FunctionalInterface
  public interface LostReply<T> {
    T resolve(Handle handle, OutcomeUnknownException unknown);

    /** Runs {@code work} again: for writes whose second run answers truthfully whether or not the first applied. */
    static <T> LostReply<T> runAgain(HandleCallback<T, RuntimeException> work) {
      return (handle, unknown) -> work.withHandle(handle);
    }

    /** The outcome cannot be established: the caller is told it is unknown. */
    @SuppressWarnings("unchecked")
    static <T> LostReply<T> unknown() {
      return (LostReply<T>) UNKNOWN;
    }
  }

  /** {@link LostReply#unknown()}. */
  private static final LostReply<Object> UNKNOWN = (handle, unknown) -> {
    throw unknown;
  };

  /** Runs a read on a handle in auto-commit mode; a read whose connection broke is run once more. */
  public <T> T read(String operation, HandleCallback<T, RuntimeException> work) {
    return run(operation, Unit.READ, work, LostReply.unknown());
  }

  /**
   * Runs a write of one statement on a handle in auto-commit mode. A conflict is retried as the class
   * documentation says; a broken connection or a timeout leaves the outcome to {@code afterLostReply}.
   */
  public <T> T write(String operation, HandleCallback<T, RuntimeException> work, LostReply<T> afterLostReply) {
    return run(operation, Unit.AUTO_COMMIT_WRITE, work, afterLostReply);
  }

  /**
   * Runs {@code work} in one transaction. A conflict, or a connection that broke before the commit was sent, runs
   * it again as the class documentation says; a connection that broke, or a timeout, once the commit may have been
   * sent leaves the outcome to {@code afterLostReply} — {@code work} itself never runs again then.
   */
  public <T> T inTransaction(String operation, HandleCallback<T, RuntimeException> work,
                             LostReply<T> afterLostReply) {
    return run(operation, Unit.TRANSACTION, work, afterLostReply);
  }

  /**
   * Runs the reads of {@code work} in one read-only transaction that sees one snapshot of the database
   * ({@link SqlDialect#snapshotBegin()}), retrying as the class documentation says. The transaction is begun and
   * ended with SQL on a connection left in auto-commit mode, so neither the connection's isolation level nor its
   * read-only flag changes; it is rolled back when {@code work} fails.
   */
  public <T> T inSnapshot(String operation, HandleCallback<T, RuntimeException> work) {
    return read(operation, h -> {
      for (String sql : snapshotBegin) {
        h.execute(sql);
      }
      T result;
      try {
        result = work.withHandle(h);
      } catch (RuntimeException | Error e) {
        try {
          h.execute("ROLLBACK");
        } catch (RuntimeException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      }
      h.execute("COMMIT");
      return result;
    });
  }

  /** The kinds of unit {@link #run} runs. */
  private enum Unit {
    READ, AUTO_COMMIT_WRITE, TRANSACTION
  }

  /**
   * The loop behind every unit of work. Conflicts are run again with backoff. A broken connection or a timeout
   * is decided by whether the unit's effect may have reached the database: if not (a read, or a transaction
   * before its commit), a broken connection runs the unit once more on a fresh connection and a timeout fails
   * with a plain {@link StoreUnavailableException}; if it may have, {@code afterLostReply} establishes the outcome
   * in a fresh transaction, and a failure to reach the database while it does is an
   * {@link OutcomeUnknownException}.
   */
  private <T> T run(String operation, Unit kind, HandleCallback<T, RuntimeException> work,
                    LostReply<T> afterLostReply) {
    ensureOpen();
    int attempt = 1;
    boolean reconnected = false;
    OutcomeUnknownException resolving = null;
    while (true) {
      AtomicBoolean effectMaySurvive = new AtomicBoolean();
      AtomicBoolean expired = new AtomicBoolean();
      try {
        if (resolving != null) {
          OutcomeUnknownException unknown = resolving;
          return withHandle(handle -> handle.inTransaction(h -> withDeadline(h, expired,
              () -> afterLostReply.resolve(h, unknown))));
        }
        return execute(kind, work, effectMaySurvive, expired);
      } catch (RuntimeException e) {
        if (expired.get()) {
          throw outOfTime(operation, e, resolving != null || effectMaySurvive.get());
        }
        RuntimeException translated = SqlErrors.translate(e, operation);
        if (translated instanceof SqlErrors.Conflict conflict) {
          if (attempt < options.retryMaxAttempts()) {
            pause(attempt++);
            continue;
          }
          throw new ConcurrentUpdateException(conflict.getMessage() + " (gave up after " + attempt + " attempts)",
              conflict.getCause());
        }
        boolean timeout = SqlErrors.isTimeout(e);
        if (resolving != null) {
          if (translated instanceof StoreUnavailableException && !(translated instanceof OutcomeUnknownException)) {
            resolving.addSuppressed(translated);
            throw resolving;
          }
          throw translated;
        }
        if (effectMaySurvive.get() && (timeout || translated instanceof SqlErrors.ConnectionLost)) {
          resolving = new OutcomeUnknownException(operation + " failed: " + (timeout
              ? "the database did not answer in time (socket.timeout)"
              : "the connection to the database broke") + " after the write was sent, so it may or may not have"
              + " taken effect: " + SqlErrors.message(rootCause(e)), translated.getCause());
          if (afterLostReply == UNKNOWN || timeout) {
            throw resolving;
          }
          continue;
        }
        if (translated instanceof SqlErrors.ConnectionLost lost) {
          if (!reconnected) {
            reconnected = true;
            continue;
          }
          throw new StoreUnavailableException(lost.getMessage(), lost.getCause());
        }
        throw translated;
      }
    }
  }

  /**
   * Runs one attempt of a unit, setting {@code effectMaySurvive} once what it sends may take effect: when an
   * auto-commit write starts its statement, when a transaction's work has returned and the commit follows.
   */
  private <T> T execute(Unit kind, HandleCallback<T, RuntimeException> work, AtomicBoolean effectMaySurvive,
                        AtomicBoolean expired) {
    return switch (kind) {
      case READ -> withHandle(h -> withDeadline(h, expired, () -> {
        learnBackendName(h);
        return noticingBrokenConnection(h, work);
      }));
      case AUTO_COMMIT_WRITE -> withHandle(h -> withDeadline(h, expired, () -> {
        learnBackendName(h);
        effectMaySurvive.set(true);
        return noticingBrokenConnection(h, work);
      }));
      // The deadline covers the commit too: the transaction handler commits after the callback returns.
      case TRANSACTION -> withHandle(h -> withDeadline(h, expired, () -> h.inTransaction(inTx -> {
        learnBackendName(inTx);
        T result = noticingBrokenConnection(inTx, work);
        effectMaySurvive.set(true);
        return result;
      })));
    };
  }

  /** Runs {@code attempt} under {@code call.timeout}, recording in {@code expired} whether the time ran out. */
  private <T> T withDeadline(Handle h, AtomicBoolean expired, java.util.function.Supplier<T> attempt) {
    try (CallDeadline.Guard guard = deadline.arm(h.getConnection())) {
      try {
        return attempt.get();
      } finally {
        expired.set(guard.expired());
      }
    }
  }

  /**
   * The failure of an attempt whose {@code call.timeout} ran out: the connection was aborted, so the outcome is not
   * looked for again on another one (the server may be frozen).
   */
  private RuntimeException outOfTime(String operation, RuntimeException e, boolean effectMaySurvive) {
    String what = operation + " failed: it did not finish within call.timeout (" + deadline.timeout()
        + "), so the store aborted its connection";
    return effectMaySurvive
        ? new OutcomeUnknownException(what + "; the write may or may not have taken effect", e)
        : new StoreUnavailableException(what + "; nothing it sent took effect", e);
  }

  /**
   * Runs {@code work}, and reports a failure that the driver did not classify as a broken connection, but that left
   * the connection closed, as a lost connection: after a broken socket MySQL Connector/J may fail the next call
   * with "No operations allowed after statement closed" (SQLState S1009), which says nothing about the network.
   */
  private static <T> T noticingBrokenConnection(Handle h, HandleCallback<T, RuntimeException> work) {
    try {
      return work.withHandle(h);
    } catch (RuntimeException e) {
      java.sql.SQLException sql = SqlErrors.findSqlException(e);
      if (sql != null && !(SqlErrors.translate(e, "") instanceof StoreUnavailableException) && isClosed(h)) {
        throw SqlErrors.connectionLost("the connection to the database was closed under the operation: "
            + SqlErrors.message(sql), e);
      }
      throw e;
    }
  }

  /** Whether the driver's own connection behind the pool's is closed (it closes itself on a broken socket). */
  private static boolean isClosed(Handle h) {
    try {
      Connection connection = h.getConnection();
      return connection.isClosed() || connection.unwrap(Connection.class).isClosed();
    } catch (SQLException | RuntimeException e) {
      return true;
    }
  }

  /** The driver's exception when there is one (its message is the database's), else {@code e}. */
  private static Throwable rootCause(RuntimeException e) {
    java.sql.SQLException sql = SqlErrors.findSqlException(e);
    return sql == null ? e : sql;
  }

  /** Waits before attempt {@code attempt + 1} ({@code attempt} counts from 1), as the store's backoff says. */
  private void pause(int attempt) {
    options.backoff().pause(attempt - 1);
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
