package dev.polystore.jdbi;

import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.spi.CursorCodec;
import dev.polystore.spi.support.AdapterOptions;
import dev.polystore.spi.support.Backoff;
import dev.polystore.spi.support.Option;
import dev.polystore.spi.support.OptionTable;
import dev.polystore.spi.support.OptionValues;
import dev.polystore.ReadConsistency;
import dev.polystore.jdbi.internal.SqlDialect;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Options of the JDBI adapter: pool sizes and timeouts, credentials, the cursor secret, retries, whether to
 * migrate the schema on open, the default read consistency and the read replicas ({@code replica.*}) that
 * {@link ReadConsistency#EVENTUAL} reads go to. Immutable and thread-safe; build with {@link #builder()} or read from a
 * {@link StoreConfig} with {@link #fromConfig(StoreConfig)}.
 *
 * <p>Every option, with its property key, default, allowed values, meaning and builder method, is listed in the
 * option table of {@code docs/sql.md} ("Options"), which is generated from the declarations in this class and
 * checked against them by the adapter's tests. Values are written as every adapter writes them (durations
 * {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, ISO-8601 such as {@code PT30S}, or {@code 0}); an
 * unknown key or a bad value is a {@link StoreConfigurationException} naming the key (values of secrets are never
 * shown). {@code retry.backoff} is read as a deprecated name of {@code retry.base.delay}.
 *
 * <p>The retry options, the cursor secret, {@code toString}, {@code equals} and {@code hashCode} are those every
 * adapter shares, in {@link AdapterOptions}.
 */
public final class JdbiStoreOptions extends AdapterOptions<JdbiStoreOptions> {

  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String POOL_MAX_SIZE = "pool.max.size";
  public static final String POOL_MIN_IDLE = "pool.min.idle";
  public static final String POOL_CONNECTION_TIMEOUT = "pool.connection.timeout";
  public static final String POOL_IDLE_TIMEOUT = "pool.idle.timeout";
  public static final String POOL_MAX_LIFETIME = "pool.max.lifetime";
  public static final String POOL_KEEPALIVE_TIME = "pool.keepalive.time";
  public static final String CONNECT_TIMEOUT = "connect.timeout";
  public static final String SOCKET_TIMEOUT = "socket.timeout";
  public static final String CALL_TIMEOUT = "call.timeout";
  public static final String CURSOR_SECRET = "cursor.secret";
  public static final String MIGRATE = "migrate";
  public static final String RETRY_MAX_ATTEMPTS = Backoff.MAX_ATTEMPTS;
  public static final String RETRY_BASE_DELAY = Backoff.BASE_DELAY;
  public static final String RETRY_MAX_DELAY = Backoff.MAX_DELAY;
  /** @deprecated a name of {@link #RETRY_BASE_DELAY}, still read */
  @Deprecated
  public static final String RETRY_BACKOFF = "retry.backoff";
  public static final String SQLITE_BUSY_TIMEOUT = "sqlite.busy.timeout";
  public static final String SQLITE_SYNCHRONOUS = "sqlite.synchronous";
  public static final String READ_CONSISTENCY = AdapterOptions.READ_CONSISTENCY;
  public static final String REPLICA_URLS = "replica.urls";
  public static final String REPLICA_MAX_LAG = "replica.max.lag";
  public static final String REPLICA_CHECK_INTERVAL = "replica.check.interval";
  public static final String REPLICA_POOL_MAX_SIZE = "replica.pool.max.size";
  public static final String REPLICA_CONNECTION_TIMEOUT = "replica.connection.timeout";

  /** The options, declared once: they parse, check and describe the values, and make the table in the docs. */
  static final OptionTable<JdbiStoreOptions, Builder> OPTIONS = OptionTable.<JdbiStoreOptions, Builder>forAdapter("JDBI")
      .option(Option.text(USERNAME, null).meaning("database user (may also be in the URL)"),
          "username", Builder::username, o -> o.username.orElse(null))
      .option(Option.text(PASSWORD, null).meaning("database password (may also be in the URL)"),
          "password", Builder::password, o -> o.password.orElse(null))
      .option(Option.wholeNumber(POOL_MAX_SIZE, 10).atLeast(1)
              .meaning("most pooled connections (an in-memory SQLite database always uses one)"),
          "poolMaxSize", Builder::poolMaxSize, JdbiStoreOptions::poolMaxSize)
      .option(Option.wholeNumber(POOL_MIN_IDLE, 1).atLeast(0)
              .meaning("idle connections kept open; the pool grows on demand"),
          "poolMinIdle", Builder::poolMinIdle, JdbiStoreOptions::poolMinIdle)
      .option(Option.duration(POOL_CONNECTION_TIMEOUT, Duration.ofSeconds(30)).atLeast(Duration.ofMillis(250))
              .meaning("longest wait for a connection, including connecting to an unreachable server; then"
                  + " `StoreUnavailableException`, saying whether the pool was busy (with its counts) or the database"
                  + " unreachable"),
          "poolConnectionTimeout", Builder::poolConnectionTimeout, JdbiStoreOptions::poolConnectionTimeout)
      .option(Option.duration(POOL_IDLE_TIMEOUT, Duration.ofMinutes(10)).atLeast(Duration.ZERO)
              .meaning("idle connections above `pool.min.idle` are closed after this"),
          "poolIdleTimeout", Builder::poolIdleTimeout, JdbiStoreOptions::poolIdleTimeout)
      .option(Option.duration(POOL_MAX_LIFETIME, Duration.ofMinutes(30)).atLeast(Duration.ZERO)
              .meaning("connections are replaced after this"),
          "poolMaxLifetime", Builder::poolMaxLifetime, JdbiStoreOptions::poolMaxLifetime)
      .option(Option.duration(POOL_KEEPALIVE_TIME, Duration.ofMinutes(2)).atLeast(Duration.ofSeconds(30))
              .or(Duration.ZERO)
              .meaning("idle connections are tested this often, so one the server or a firewall dropped is replaced"
                  + " before a caller gets it; `0` turns it off; else below `pool.max.lifetime`"),
          "poolKeepaliveTime", Builder::poolKeepaliveTime, JdbiStoreOptions::poolKeepaliveTime)
      .option(Option.duration(CONNECT_TIMEOUT, Duration.ofSeconds(10)).atLeast(Duration.ZERO)
              .meaning("driver timeout for opening one connection (PostgreSQL, MySQL/MariaDB)"),
          "connectTimeout", Builder::connectTimeout, JdbiStoreOptions::connectTimeout)
      .option(Option.duration(SOCKET_TIMEOUT, Duration.ofSeconds(60)).atLeast(Duration.ZERO)
              .meaning("driver timeout for one network read (PostgreSQL, MySQL/MariaDB): a statement still unanswered"
                  + " then fails and is not run again (a write with `OutcomeUnknownException`: it may have taken"
                  + " effect); `0` means none"),
          "socketTimeout", Builder::socketTimeout, JdbiStoreOptions::socketTimeout)
      .option(Option.duration(CALL_TIMEOUT, Duration.ofMinutes(2)).atLeast(Duration.ZERO)
              .meaning("longest time one attempt of a call may hold its connection (PostgreSQL, MySQL/MariaDB),"
                  + " reading or writing: then the connection is aborted and the call fails with"
                  + " `StoreUnavailableException`, or `OutcomeUnknownException` when a write may have reached the"
                  + " server; not applied to `EventStore.query` streams; `0` means none"),
          "callTimeout", Builder::callTimeout, JdbiStoreOptions::callTimeout)
      .option(Option.text(CURSOR_SECRET, null).defaultText("random per store")
              .validatedBy("at least 16 bytes", CursorCodec::withSecret)
              .meaning("HMAC key of page cursors; set it so cursors stay valid across restarts and nodes"),
          "cursorSecret", Builder::cursorSecret, o -> o.cursorSecret().orElse(null))
      .option(Option.bool(MIGRATE, true).meaning("apply the schema migrations when the store opens"),
          "migrate", Builder::migrate, JdbiStoreOptions::migrate)
      .option(Option.wholeNumber(RETRY_MAX_ATTEMPTS, 3).between(1, 20)
              .meaning("attempts in all, the first included, of a unit of work that hit a deadlock, a serialization"
                  + " failure or a busy SQLite database; then `ConcurrentUpdateException`"),
          "retryMaxAttempts", Builder::retryMaxAttempts, JdbiStoreOptions::retryMaxAttempts)
      .option(Backoff.baseDelayOption(Duration.ofMillis(20)).alias(RETRY_BACKOFF),
          "retryBaseDelay", Builder::retryBaseDelay, JdbiStoreOptions::retryBaseDelay)
      .option(Backoff.maxDelayOption(Duration.ofSeconds(2)),
          "retryMaxDelay", Builder::retryMaxDelay, JdbiStoreOptions::retryMaxDelay)
      .option(Option.duration(SQLITE_BUSY_TIMEOUT, Duration.ofSeconds(5)).atLeast(Duration.ZERO)
              .meaning("how long SQLite waits for another writer's lock before reporting busy"),
          "sqliteBusyTimeout", Builder::sqliteBusyTimeout, JdbiStoreOptions::sqliteBusyTimeout)
      .option(Option.choice(SQLITE_SYNCHRONOUS, SqliteSynchronous.class, SqliteSynchronous.FULL)
              .meaning("how SQLite database files are synced: `FULL` at every commit, `NORMAL` at checkpoints only,"
                  + " see [SQLite durability](#sqlite-durability)"),
          "sqliteSynchronous", Builder::sqliteSynchronous, JdbiStoreOptions::sqliteSynchronous)
      .option(AdapterOptions.readConsistencyOption("a read from a replica (`replica.urls`) within `replica.max.lag`,"
              + " or from the primary when no replica is fit; see [Read replicas](#read-replicas)"),
          "readConsistency", Builder::readConsistency, JdbiStoreOptions::readConsistency)
      .option(Option.urls(REPLICA_URLS, null).validatedBy("of PostgreSQL or MySQL/MariaDB servers",
              JdbiStoreOptions::checkReplicaUrls)
              .meaning("JDBC URLs of replicas of the primary, with the primary's scheme: `EVENTUAL` reads go to them;"
                  + " each connects with `username` and `password`, or the primary URL's `user` and `password`,"
                  + " unless its URL names a `user` of its own"),
          "replicaUrls", Builder::replicaUrls, o -> o.replicaUrls.isEmpty() ? null : o.replicaUrls)
      .option(Option.duration(REPLICA_MAX_LAG, Duration.ofSeconds(10)).atLeast(Duration.ZERO)
              .meaning("a replica further behind its primary than this, as the replica reports it, gets no reads until"
                  + " it catches up; `0` admits only replicas that report no lag"),
          "replicaMaxLag", Builder::replicaMaxLag, JdbiStoreOptions::replicaMaxLag)
      .option(Option.duration(REPLICA_CHECK_INTERVAL, Duration.ofSeconds(1)).between(Duration.ofMillis(100),
              Duration.ofHours(1))
              .meaning("how often each replica's lag and health are checked, in the background"),
          "replicaCheckInterval", Builder::replicaCheckInterval, JdbiStoreOptions::replicaCheckInterval)
      .option(Option.wholeNumber(REPLICA_POOL_MAX_SIZE, 5).atLeast(1)
              .meaning("most pooled connections per replica (read-only connections)"),
          "replicaPoolMaxSize", Builder::replicaPoolMaxSize, JdbiStoreOptions::replicaPoolMaxSize)
      .option(Option.duration(REPLICA_CONNECTION_TIMEOUT, Duration.ofSeconds(1)).atLeast(Duration.ofMillis(250))
              .meaning("longest wait for a replica's connection, connecting included; then the read goes to the"
                  + " primary"),
          "replicaConnectionTimeout", Builder::replicaConnectionTimeout, JdbiStoreOptions::replicaConnectionTimeout)
      .notAbove(POOL_MIN_IDLE, POOL_MAX_SIZE)
      .notAbove(RETRY_BASE_DELAY, RETRY_MAX_DELAY)
      .build();

  /** Every key {@link #fromConfig} accepts, deprecated names included. */
  public static final Set<String> KEYS = OPTIONS.acceptedKeys();

  private static final JdbiStoreOptions DEFAULTS = builder().build();

  /**
   * SQLite's {@code synchronous} setting for database files (WAL journal), option {@code sqlite.synchronous}.
   */
  public enum SqliteSynchronous {
    /** Every commit is synced to disk before it returns: durable across power loss. The default. */
    FULL,
    /**
     * The log is synced at checkpoints only: cheaper commits, but the last commits before a power loss or an
     * operating-system crash may be lost (the database stays consistent).
     */
    NORMAL
  }

  private final Optional<String> username;
  private final Optional<String> password;
  private final int poolMaxSize;
  private final int poolMinIdle;
  private final Duration poolConnectionTimeout;
  private final Duration poolIdleTimeout;
  private final Duration poolMaxLifetime;
  private final Duration poolKeepaliveTime;
  private final Duration connectTimeout;
  private final Duration socketTimeout;
  private final Duration callTimeout;
  private final boolean migrate;
  private final Duration sqliteBusyTimeout;
  private final SqliteSynchronous sqliteSynchronous;
  private final List<String> replicaUrls;
  private final Duration replicaMaxLag;
  private final Duration replicaCheckInterval;
  private final int replicaPoolMaxSize;
  private final Duration replicaConnectionTimeout;

  private JdbiStoreOptions(Builder b) {
    super(OPTIONS, b);
    this.username = Optional.ofNullable(b.username);
    this.password = Optional.ofNullable(b.password);
    this.poolMaxSize = b.poolMaxSize;
    this.poolMinIdle = b.poolMinIdle;
    this.poolConnectionTimeout = b.poolConnectionTimeout;
    this.poolIdleTimeout = b.poolIdleTimeout;
    this.poolMaxLifetime = b.poolMaxLifetime;
    this.poolKeepaliveTime = b.poolKeepaliveTime;
    this.connectTimeout = b.connectTimeout;
    this.socketTimeout = b.socketTimeout;
    this.callTimeout = b.callTimeout;
    this.migrate = b.migrate;
    this.sqliteBusyTimeout = b.sqliteBusyTimeout;
    this.sqliteSynchronous = b.sqliteSynchronous;
    this.replicaUrls = b.replicaUrls == null ? List.of() : List.copyOf(b.replicaUrls);
    this.replicaMaxLag = b.replicaMaxLag;
    this.replicaCheckInterval = b.replicaCheckInterval;
    this.replicaPoolMaxSize = b.replicaPoolMaxSize;
    this.replicaConnectionTimeout = b.replicaConnectionTimeout;
  }

  /** Each replica URL must be one of a server the adapter reads: PostgreSQL or MySQL/MariaDB. */
  private static void checkReplicaUrls(List<String> urls) {
    for (String url : urls) {
      SqlDialect dialect = SqlDialect.forUrl(url);
      if (dialect == SqlDialect.SQLITE) {
        throw new StoreConfigurationException("Option " + REPLICA_URLS + " must name PostgreSQL or MySQL/MariaDB"
            + " servers, not " + StoreConfig.mask(url) + ": SQLite has no replicas");
      }
    }
  }

  /** The defaults, as the option table in {@code docs/sql.md} lists them. */
  public static JdbiStoreOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the options from a config's properties.
   *
   * @throws StoreConfigurationException on an unknown key or a value that does not parse or is out of range
   */
  public static JdbiStoreOptions fromConfig(StoreConfig config) {
    return fromProperties(config.properties());
  }

  /** Like {@link #fromConfig}, from a plain map of properties. */
  public static JdbiStoreOptions fromProperties(Map<String, String> properties) {
    return OPTIONS.parse(properties, builder()).build();
  }

  public Optional<String> username() {
    return username;
  }

  /** The password; never log it. */
  public Optional<String> password() {
    return password;
  }

  public int poolMaxSize() {
    return poolMaxSize;
  }

  public int poolMinIdle() {
    return poolMinIdle;
  }

  public Duration poolConnectionTimeout() {
    return poolConnectionTimeout;
  }

  public Duration poolIdleTimeout() {
    return poolIdleTimeout;
  }

  public Duration poolMaxLifetime() {
    return poolMaxLifetime;
  }

  /** {@link Duration#ZERO} means no keepalive. */
  public Duration poolKeepaliveTime() {
    return poolKeepaliveTime;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** {@link Duration#ZERO} means no socket timeout. */
  public Duration socketTimeout() {
    return socketTimeout;
  }

  /** The longest one attempt of a call may hold a server connection; {@link Duration#ZERO} means no limit. */
  public Duration callTimeout() {
    return callTimeout;
  }

  public boolean migrate() {
    return migrate;
  }

  /** @deprecated the same as {@link #retryBaseDelay()} */
  @Deprecated
  public Duration retryBackoff() {
    return retryBaseDelay();
  }

  public Duration sqliteBusyTimeout() {
    return sqliteBusyTimeout;
  }

  /** How SQLite database files are synced; see {@link SqliteSynchronous}. */
  public SqliteSynchronous sqliteSynchronous() {
    return sqliteSynchronous;
  }

  /**
   * The JDBC URLs of the replicas {@link ReadConsistency#EVENTUAL} reads go to, in the order given; empty when there
   * are none. Of the primary's scheme; passwords in them are secrets.
   */
  public List<String> replicaUrls() {
    return replicaUrls;
  }

  /** The largest lag, as a replica reports it, at which it still gets reads. */
  public Duration replicaMaxLag() {
    return replicaMaxLag;
  }

  /** How often the replicas' lag and health are checked. */
  public Duration replicaCheckInterval() {
    return replicaCheckInterval;
  }

  /** The most pooled connections per replica. */
  public int replicaPoolMaxSize() {
    return replicaPoolMaxSize;
  }

  /** The longest wait for a replica's connection before a read goes to the primary. */
  public Duration replicaConnectionTimeout() {
    return replicaConnectionTimeout;
  }

  public Builder toBuilder() {
    Builder b = copyInto(new Builder());
    b.username = username.orElse(null);
    b.password = password.orElse(null);
    b.poolMaxSize = poolMaxSize;
    b.poolMinIdle = poolMinIdle;
    b.poolConnectionTimeout = poolConnectionTimeout;
    b.poolIdleTimeout = poolIdleTimeout;
    b.poolMaxLifetime = poolMaxLifetime;
    b.poolKeepaliveTime = poolKeepaliveTime;
    b.connectTimeout = connectTimeout;
    b.socketTimeout = socketTimeout;
    b.callTimeout = callTimeout;
    b.migrate = migrate;
    b.sqliteBusyTimeout = sqliteBusyTimeout;
    b.sqliteSynchronous = sqliteSynchronous;
    b.replicaUrls = replicaUrls.isEmpty() ? null : replicaUrls;
    b.replicaMaxLag = replicaMaxLag;
    b.replicaCheckInterval = replicaCheckInterval;
    b.replicaPoolMaxSize = replicaPoolMaxSize;
    b.replicaConnectionTimeout = replicaConnectionTimeout;
    return b;
  }

  /** Builder for {@link JdbiStoreOptions}; not thread-safe. Starts from the defaults; checks in {@link #build()}. */
  public static final class Builder extends AdapterOptions.Builder<Builder> {
    private String username;
    private String password;
    private int poolMaxSize;
    private int poolMinIdle;
    private Duration poolConnectionTimeout;
    private Duration poolIdleTimeout;
    private Duration poolMaxLifetime;
    private Duration poolKeepaliveTime;
    private Duration connectTimeout;
    private Duration socketTimeout;
    private Duration callTimeout;
    private boolean migrate;
    private Duration sqliteBusyTimeout;
    private SqliteSynchronous sqliteSynchronous;
    private List<String> replicaUrls;
    private Duration replicaMaxLag;
    private Duration replicaCheckInterval;
    private int replicaPoolMaxSize;
    private Duration replicaConnectionTimeout;

    private Builder() {
      OPTIONS.applyDefaults(this);
    }

    public Builder username(String username) {
      this.username = username;
      return this;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    public Builder poolMaxSize(int poolMaxSize) {
      this.poolMaxSize = poolMaxSize;
      return this;
    }

    public Builder poolMinIdle(int poolMinIdle) {
      this.poolMinIdle = poolMinIdle;
      return this;
    }

    public Builder poolConnectionTimeout(Duration timeout) {
      this.poolConnectionTimeout = timeout;
      return this;
    }

    public Builder poolIdleTimeout(Duration timeout) {
      this.poolIdleTimeout = timeout;
      return this;
    }

    public Builder poolMaxLifetime(Duration lifetime) {
      this.poolMaxLifetime = lifetime;
      return this;
    }

    /** {@link Duration#ZERO} for none. */
    public Builder poolKeepaliveTime(Duration keepalive) {
      this.poolKeepaliveTime = keepalive;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** {@link Duration#ZERO} for none. */
    public Builder socketTimeout(Duration timeout) {
      this.socketTimeout = timeout;
      return this;
    }

    /** {@link Duration#ZERO} for none. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = timeout;
      return this;
    }

    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /** @deprecated the same as {@link #retryBaseDelay(Duration)} */
    @Deprecated
    public Builder retryBackoff(Duration backoff) {
      return retryBaseDelay(backoff);
    }

    public Builder sqliteBusyTimeout(Duration timeout) {
      this.sqliteBusyTimeout = timeout;
      return this;
    }

    /** {@link SqliteSynchronous#FULL} (the default) or {@link SqliteSynchronous#NORMAL}. */
    public Builder sqliteSynchronous(SqliteSynchronous synchronous) {
      this.sqliteSynchronous = synchronous;
      return this;
    }

    /**
     * JDBC URLs of replicas of the primary, of its scheme, that {@link ReadConsistency#EVENTUAL} reads go to; empty
     * or null for none.
     */
    public Builder replicaUrls(List<String> urls) {
      this.replicaUrls = urls == null || urls.isEmpty() ? null : List.copyOf(urls);
      return this;
    }

    public Builder replicaMaxLag(Duration lag) {
      this.replicaMaxLag = lag;
      return this;
    }

    public Builder replicaCheckInterval(Duration interval) {
      this.replicaCheckInterval = interval;
      return this;
    }

    public Builder replicaPoolMaxSize(int size) {
      this.replicaPoolMaxSize = size;
      return this;
    }

    public Builder replicaConnectionTimeout(Duration timeout) {
      this.replicaConnectionTimeout = timeout;
      return this;
    }

    /** @throws StoreConfigurationException when a value is out of range, naming its key */
    public JdbiStoreOptions build() {
      JdbiStoreOptions options = new JdbiStoreOptions(this);
      OPTIONS.check(options);
      if (!poolKeepaliveTime.isZero() && !poolMaxLifetime.isZero() && poolKeepaliveTime.compareTo(poolMaxLifetime) >= 0) {
        throw new StoreConfigurationException("Option " + POOL_KEEPALIVE_TIME + " must be 0 or below "
            + POOL_MAX_LIFETIME + " (" + OptionValues.durationText(poolMaxLifetime) + "), not "
            + OptionValues.durationText(poolKeepaliveTime));
      }
      return options;
    }
  }
}
