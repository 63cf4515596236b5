package dev.polystore.jdbi;

import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.spi.support.OptionValues;
import dev.polystore.spi.CursorCodec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Options of the JDBI adapter: pool sizes and timeouts, credentials, the cursor secret, retries and whether to
 * migrate the schema on open. Immutable and thread-safe; build with {@link #builder()} or read from a
 * {@link StoreConfig} with {@link #fromConfig(StoreConfig)}.
 *
 * <p>Property keys read from a {@code StoreConfig} (durations are written {@code 250ms}, {@code 30s},
 * {@code 5m}, {@code 1h}, {@code 1d}, ISO-8601 such as {@code PT30S}, or {@code 0}); an unknown key or a bad value
 * is a {@link StoreConfigurationException} naming the key (values of secrets are never shown). The DynamoDB
 * adapter parses its options the same way.
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code username}</td><td>none</td><td>database user (may also be in the URL)</td></tr>
 *   <tr><td>{@code password}</td><td>none</td><td>database password; never shown in messages</td></tr>
 *   <tr><td>{@code pool.max.size}</td><td>10</td><td>most pooled connections (an in-memory SQLite database
 *       always uses one)</td></tr>
 *   <tr><td>{@code pool.min.idle}</td><td>1</td><td>idle connections kept open; the pool grows on demand</td></tr>
 *   <tr><td>{@code pool.connection.timeout}</td><td>30s</td><td>longest wait for a connection from the pool,
 *       including connecting to an unreachable server; then {@code StoreUnavailableException}</td></tr>
 *   <tr><td>{@code pool.idle.timeout}</td><td>10m</td><td>idle connections above {@code pool.min.idle} are
 *       closed after this</td></tr>
 *   <tr><td>{@code pool.max.lifetime}</td><td>30m</td><td>connections are replaced after this</td></tr>
 *   <tr><td>{@code pool.keepalive.time}</td><td>2m</td><td>idle connections are tested this often, so one
 *       the server or a firewall dropped is found and replaced before a caller gets it; 0 turns it off,
 *       otherwise at least 30s and below {@code pool.max.lifetime}</td></tr>
 *   <tr><td>{@code connect.timeout}</td><td>10s</td><td>driver timeout for opening one connection</td></tr>
 *   <tr><td>{@code socket.timeout}</td><td>60s</td><td>driver timeout for one network read, so a call
 *       on a dead connection fails instead of hanging; a statement waiting longer for the server's answer fails
 *       and is not run again (a write then fails with {@code OutcomeUnknownException}: it may have taken effect);
 *       0 means none</td></tr>
 *   <tr><td>{@code call.timeout}</td><td>2m</td><td>longest time one attempt of a call may hold its connection to a
 *       server database, reading or writing: then the store aborts the connection, which frees a driver blocked
 *       sending to a server that stopped reading (a frozen server, a full network buffer) where
 *       {@code socket.timeout} cannot, and the call fails with {@code StoreUnavailableException} (or
 *       {@code OutcomeUnknownException} when a write's effect may have reached the server). Streams returned by
 *       {@code EventStore.query} are not bounded by it. 0 means none</td></tr>
 *   <tr><td>{@code cursor.secret}</td><td>random per store</td><td>HMAC key of page cursors, at least 16
 *       bytes; set it so cursors stay valid across restarts and cluster nodes</td></tr>
 *   <tr><td>{@code migrate}</td><td>true</td><td>apply the schema migrations when the store opens</td></tr>
 *   <tr><td>{@code retry.max.attempts}</td><td>3</td><td>attempts of a unit of work that hit a deadlock, a
 *       serialization failure or a busy SQLite database, before {@code ConcurrentUpdateException}</td></tr>
 *   <tr><td>{@code retry.backoff}</td><td>20ms</td><td>first pause between attempts; doubles each time, with
 *       jitter</td></tr>
 *   <tr><td>{@code sqlite.busy.timeout}</td><td>5s</td><td>how long SQLite waits for another writer's lock
 *       before reporting busy</td></tr>
 *   <tr><td>{@code sqlite.synchronous}</td><td>FULL</td><td>how SQLite database files are synced (WAL journal):
 *       {@code FULL} syncs the log at every commit, so a committed transaction survives a power loss or an
 *       operating-system crash; {@code NORMAL} syncs only at checkpoints, which makes commits cheaper but may lose
 *       the last commits on a power loss (never corrupting the file; a crash of the application alone loses
 *       nothing). In-memory databases ignore it</td></tr>
 * </table>
 */
public final class JdbiStoreOptions {

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
  public static final String RETRY_MAX_ATTEMPTS = "retry.max.attempts";
  public static final String RETRY_BACKOFF = "retry.backoff";
  public static final String SQLITE_BUSY_TIMEOUT = "sqlite.busy.timeout";
  public static final String SQLITE_SYNCHRONOUS = "sqlite.synchronous";

  /** Every key {@link #fromConfig} accepts. */
  public static final Set<String> KEYS = Set.of(USERNAME, PASSWORD, POOL_MAX_SIZE, POOL_MIN_IDLE,
      POOL_CONNECTION_TIMEOUT, POOL_IDLE_TIMEOUT, POOL_MAX_LIFETIME, POOL_KEEPALIVE_TIME, CONNECT_TIMEOUT, SOCKET_TIMEOUT, CALL_TIMEOUT,
      CURSOR_SECRET, MIGRATE, RETRY_MAX_ATTEMPTS, RETRY_BACKOFF, SQLITE_BUSY_TIMEOUT, SQLITE_SYNCHRONOUS);

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
  private final Optional<String> cursorSecret;
  private final boolean migrate;
  private final int retryMaxAttempts;
  private final Duration retryBackoff;
  private final Duration sqliteBusyTimeout;
  private final SqliteSynchronous sqliteSynchronous;

  private JdbiStoreOptions(Builder b) {
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
    this.cursorSecret = Optional.ofNullable(b.cursorSecret);
    this.migrate = b.migrate;
    this.retryMaxAttempts = b.retryMaxAttempts;
    this.retryBackoff = b.retryBackoff;
    this.sqliteBusyTimeout = b.sqliteBusyTimeout;
    this.sqliteSynchronous = b.sqliteSynchronous;
  }

  /** The defaults listed in the class documentation. */
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
    OptionValues.requireKnownKeys("JDBI", properties.keySet(), KEYS);
    Builder b = builder();
    properties.forEach((key, raw) -> {
      String value = raw == null ? "" : raw.strip();
      switch (key) {
        case USERNAME -> b.username(value.isEmpty() ? null : value);
        case PASSWORD -> b.password(raw);
        case POOL_MAX_SIZE -> b.poolMaxSize(OptionValues.intValue(key, value));
        case POOL_MIN_IDLE -> b.poolMinIdle(OptionValues.intValue(key, value));
        case POOL_CONNECTION_TIMEOUT -> b.poolConnectionTimeout(OptionValues.durationValue(key, value));
        case POOL_IDLE_TIMEOUT -> b.poolIdleTimeout(OptionValues.durationValue(key, value));
        case POOL_MAX_LIFETIME -> b.poolMaxLifetime(OptionValues.durationValue(key, value));
        case POOL_KEEPALIVE_TIME -> b.poolKeepaliveTime(OptionValues.durationValue(key, value));
        case CONNECT_TIMEOUT -> b.connectTimeout(OptionValues.durationValue(key, value));
        case SOCKET_TIMEOUT -> b.socketTimeout(OptionValues.durationValue(key, value));
        case CALL_TIMEOUT -> b.callTimeout(OptionValues.durationValue(key, value));
        case CURSOR_SECRET -> b.cursorSecret(raw);
        case MIGRATE -> b.migrate(OptionValues.booleanValue(key, value));
        case RETRY_MAX_ATTEMPTS -> b.retryMaxAttempts(OptionValues.intValue(key, value));
        case RETRY_BACKOFF -> b.retryBackoff(OptionValues.durationValue(key, value));
        case SQLITE_BUSY_TIMEOUT -> b.sqliteBusyTimeout(OptionValues.durationValue(key, value));
        case SQLITE_SYNCHRONOUS -> b.sqliteSynchronous(OptionValues.enumValue(key, value, SqliteSynchronous.class));
        default -> throw new IllegalStateException(key);
      }
    });
    return b.build();
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

  /** The cursor secret; never log it. Empty means a random secret per store. */
  public Optional<String> cursorSecret() {
    return cursorSecret;
  }

  public boolean migrate() {
    return migrate;
  }

  public int retryMaxAttempts() {
    return retryMaxAttempts;
  }

  public Duration retryBackoff() {
    return retryBackoff;
  }

  public Duration sqliteBusyTimeout() {
    return sqliteBusyTimeout;
  }

  /** How SQLite database files are synced; see {@link SqliteSynchronous}. */
  public SqliteSynchronous sqliteSynchronous() {
    return sqliteSynchronous;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
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
    b.cursorSecret = cursorSecret.orElse(null);
    b.migrate = migrate;
    b.retryMaxAttempts = retryMaxAttempts;
    b.retryBackoff = retryBackoff;
    b.sqliteBusyTimeout = sqliteBusyTimeout;
    b.sqliteSynchronous = sqliteSynchronous;
    return b;
  }

  /** Every option by its key, in the documented order; an absent value is null. */
  private Map<String, Object> byKey() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(USERNAME, username.orElse(null));
    values.put(PASSWORD, password.orElse(null));
    values.put(POOL_MAX_SIZE, poolMaxSize);
    values.put(POOL_MIN_IDLE, poolMinIdle);
    values.put(POOL_CONNECTION_TIMEOUT, poolConnectionTimeout);
    values.put(POOL_IDLE_TIMEOUT, poolIdleTimeout);
    values.put(POOL_MAX_LIFETIME, poolMaxLifetime);
    values.put(POOL_KEEPALIVE_TIME, poolKeepaliveTime);
    values.put(CONNECT_TIMEOUT, connectTimeout);
    values.put(SOCKET_TIMEOUT, socketTimeout);
    values.put(CALL_TIMEOUT, callTimeout);
    values.put(CURSOR_SECRET, cursorSecret.orElse(null));
    values.put(MIGRATE, migrate);
    values.put(RETRY_MAX_ATTEMPTS, retryMaxAttempts);
    values.put(RETRY_BACKOFF, retryBackoff);
    values.put(SQLITE_BUSY_TIMEOUT, sqliteBusyTimeout);
    values.put(SQLITE_SYNCHRONOUS, sqliteSynchronous);
    return values;
  }

  /**
   * Every option by its key; secrets (password, cursor secret) are masked. An absent value shows as {@code -}, an
   * absent cursor secret as {@code random}.
   */
  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(", ", "JdbiStoreOptions{", "}");
    byKey().forEach((key, value) -> {
      Object shown = value == null ? (key.equals(CURSOR_SECRET) ? "random" : "-")
          : StoreConfig.isSecretKey(key) ? "****" : value;
      out.add(key + "=" + shown);
    });
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JdbiStoreOptions other && byKey().equals(other.byKey());
  }

  @Override
  public int hashCode() {
    return byKey().hashCode();
  }

  /** Builder for {@link JdbiStoreOptions}; not thread-safe. Defaults as in the class documentation. */
  public static final class Builder {
    private String username;
    private String password;
    private int poolMaxSize = 10;
    private int poolMinIdle = 1;
    private Duration poolConnectionTimeout = Duration.ofSeconds(30);
    private Duration poolIdleTimeout = Duration.ofMinutes(10);
    private Duration poolMaxLifetime = Duration.ofMinutes(30);
    private Duration poolKeepaliveTime = Duration.ofMinutes(2);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration socketTimeout = Duration.ofSeconds(60);
    private Duration callTimeout = Duration.ofMinutes(2);
    private String cursorSecret;
    private boolean migrate = true;
    private int retryMaxAttempts = 3;
    private Duration retryBackoff = Duration.ofMillis(20);
    private Duration sqliteBusyTimeout = Duration.ofSeconds(5);
    private SqliteSynchronous sqliteSynchronous = SqliteSynchronous.FULL;

    private Builder() {
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

    public Builder cursorSecret(String secret) {
      this.cursorSecret = secret;
      return this;
    }

    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    public Builder retryMaxAttempts(int attempts) {
      this.retryMaxAttempts = attempts;
      return this;
    }

    public Builder retryBackoff(Duration backoff) {
      this.retryBackoff = backoff;
      return this;
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

    /** @throws StoreConfigurationException when a value is out of range */
    public JdbiStoreOptions build() {
      if (poolMaxSize < 1) {
        throw new StoreConfigurationException(POOL_MAX_SIZE + " must be at least 1, not " + poolMaxSize);
      }
      if (poolMinIdle < 0 || poolMinIdle > poolMaxSize) {
        throw new StoreConfigurationException(POOL_MIN_IDLE + " must be between 0 and " + POOL_MAX_SIZE + " ("
            + poolMaxSize + "), not " + poolMinIdle);
      }
      requireDuration(POOL_CONNECTION_TIMEOUT, poolConnectionTimeout, Duration.ofMillis(250));
      requireDuration(POOL_IDLE_TIMEOUT, poolIdleTimeout, Duration.ZERO);
      requireDuration(POOL_MAX_LIFETIME, poolMaxLifetime, Duration.ZERO);
      requireDuration(POOL_KEEPALIVE_TIME, poolKeepaliveTime, Duration.ZERO);
      if (!poolKeepaliveTime.isZero() && (poolKeepaliveTime.compareTo(Duration.ofSeconds(30)) < 0
          || (!poolMaxLifetime.isZero() && poolKeepaliveTime.compareTo(poolMaxLifetime) >= 0))) {
        throw new StoreConfigurationException(POOL_KEEPALIVE_TIME + " must be 0 or at least 30s and below "
            + POOL_MAX_LIFETIME + " (" + poolMaxLifetime + "), not " + poolKeepaliveTime);
      }
      requireDuration(CONNECT_TIMEOUT, connectTimeout, Duration.ZERO);
      requireDuration(SOCKET_TIMEOUT, socketTimeout, Duration.ZERO);
      requireDuration(CALL_TIMEOUT, callTimeout, Duration.ZERO);
      requireDuration(RETRY_BACKOFF, retryBackoff, Duration.ZERO);
      requireDuration(SQLITE_BUSY_TIMEOUT, sqliteBusyTimeout, Duration.ZERO);
      if (retryMaxAttempts < 1 || retryMaxAttempts > 20) {
        throw new StoreConfigurationException(RETRY_MAX_ATTEMPTS + " must be between 1 and 20, not "
            + retryMaxAttempts);
      }
      if (sqliteSynchronous == null) {
        throw new StoreConfigurationException(SQLITE_SYNCHRONOUS + " must be FULL or NORMAL, not null");
      }
      if (cursorSecret != null) {
        CursorCodec.withSecret(cursorSecret);  // refuses a secret too short, naming cursor.secret
      }
      return new JdbiStoreOptions(this);
    }

    private static void requireDuration(String key, Duration value, Duration min) {
      if (value == null) {
        throw new StoreConfigurationException(key + " must not be null");
      }
      if (value.compareTo(min) < 0) {
        throw new StoreConfigurationException(key + " must be at least " + min + ", not " + value);
      }
    }
  }
}
