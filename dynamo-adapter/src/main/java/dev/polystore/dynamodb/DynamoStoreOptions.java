package dev.polystore.dynamodb;

import dev.polystore.StoreConfigurationException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a DynamoDB store uses its table. Immutable and thread-safe; build with {@link #builder()}. As URL parameters
 * or {@link dev.polystore.StoreConfig} properties ({@link DynamoStoreProvider}), values are parsed like the JDBI
 * adapter's: durations as {@code 25ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601
 * ({@code PT0.025S}, {@code P1D}); an unknown key or a bad value is a {@link StoreConfigurationException} naming
 * the key.
 *
 * <table>
 *   <caption>Options, their URL/property keys and defaults</caption>
 *   <tr><th>option</th><th>key</th><th>default</th></tr>
 *   <tr><td>{@link #tableName()}</td><td>{@code table}</td><td>{@value #DEFAULT_TABLE_NAME}</td></tr>
 *   <tr><td>{@link #createTable()}</td><td>{@code create.table}</td><td>{@code true}</td></tr>
 *   <tr><td>{@link #scanPolicy()}</td><td>{@code scan.policy}</td><td>{@code ALLOW}</td></tr>
 *   <tr><td>{@link #retryMaxAttempts()}</td><td>{@code retry.max.attempts}</td>
 *       <td>{@value #DEFAULT_RETRY_MAX_ATTEMPTS}</td></tr>
 *   <tr><td>{@link #retryBaseDelay()}</td><td>{@code retry.base.delay}</td><td>{@code 25ms}</td></tr>
 *   <tr><td>{@link #retryMaxDelay()}</td><td>{@code retry.max.delay}</td><td>{@code 2s}</td></tr>
 *   <tr><td>{@link #maxInMemoryItems()}</td><td>{@code memory.max.items}</td>
 *       <td>{@value #DEFAULT_MAX_IN_MEMORY_ITEMS}</td></tr>
 *   <tr><td>{@link #readParallelism()}</td><td>{@code read.parallelism}</td>
 *       <td>{@value #DEFAULT_READ_PARALLELISM}</td></tr>
 *   <tr><td>{@link #eventBucket()}</td><td>{@code event.bucket}</td><td>{@code 1d}</td></tr>
 *   <tr><td>{@link #cursorSecret()}</td><td>{@code cursor.secret}</td><td>none: a random key per store</td></tr>
 *   <tr><td>{@link #callTimeout()}</td><td>{@code call.timeout}</td><td>{@code 60s}</td></tr>
 *   <tr><td>{@link #callAttemptTimeout()}</td><td>{@code call.attempt.timeout}</td><td>{@code 10s}</td></tr>
 * </table>
 */
public final class DynamoStoreOptions {

  /** The table both stores use unless told otherwise. */
  public static final String DEFAULT_TABLE_NAME = "polystore";
  /** Attempts in all (the first and up to 8 retries) of a request DynamoDB throttled or left unprocessed. */
  public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 9;
  public static final int DEFAULT_MAX_IN_MEMORY_ITEMS = 10_000;
  /** Reads of one user store in flight at once when an operation needs one read per partition. */
  public static final int DEFAULT_READ_PARALLELISM = 8;
  /** The longest a request to DynamoDB may take, the SDK's retries included. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
  /** The longest one attempt of a request to DynamoDB may take. */
  public static final Duration DEFAULT_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{3,255}");

  /** What a store does with a read that DynamoDB can only answer by reading every user or post. */
  public enum ScanPolicy {
    /** Run it (and log it at debug level). */
    ALLOW,
    /** Refuse it with {@link dev.polystore.InvalidQueryException} before anything is read. */
    FORBID
  }

  private final String tableName;
  private final boolean createTable;
  private final ScanPolicy scanPolicy;
  private final int retryMaxAttempts;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;
  private final int maxInMemoryItems;
  private final int readParallelism;
  private final Duration eventBucket;
  private final String cursorSecret;
  private final Duration callTimeout;
  private final Duration callAttemptTimeout;

  private DynamoStoreOptions(Builder b) {
    this.tableName = b.tableName;
    this.createTable = b.createTable;
    this.scanPolicy = b.scanPolicy;
    this.retryMaxAttempts = b.retryMaxAttempts;
    this.retryBaseDelay = b.retryBaseDelay;
    this.retryMaxDelay = b.retryMaxDelay;
    this.maxInMemoryItems = b.maxInMemoryItems;
    this.readParallelism = b.readParallelism;
    this.eventBucket = b.eventBucket;
    this.cursorSecret = b.cursorSecret;
    this.callTimeout = b.callTimeout;
    this.callAttemptTimeout = b.callAttemptTimeout;
  }

  /** The defaults. */
  public static DynamoStoreOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.tableName = tableName;
    b.createTable = createTable;
    b.scanPolicy = scanPolicy;
    b.retryMaxAttempts = retryMaxAttempts;
    b.retryBaseDelay = retryBaseDelay;
    b.retryMaxDelay = retryMaxDelay;
    b.maxInMemoryItems = maxInMemoryItems;
    b.readParallelism = readParallelism;
    b.eventBucket = eventBucket;
    b.cursorSecret = cursorSecret;
    b.callTimeout = callTimeout;
    b.callAttemptTimeout = callAttemptTimeout;
    return b;
  }

  /** The table holding users, posts, tags and events (single-table design). */
  public String tableName() {
    return tableName;
  }

  /** Whether opening a store creates the table and its index when missing (and waits until active). */
  public boolean createTable() {
    return createTable;
  }

  /** Whether reads that must read every user or post run ({@code ALLOW}) or are refused ({@code FORBID}). */
  public ScanPolicy scanPolicy() {
    return scanPolicy;
  }

  /**
   * How many times in all (the first attempt included, as the JDBI adapter's {@code retry.max.attempts}) a batch
   * with unprocessed items, a throttled request or a transaction that lost a conflict is sent before the store
   * gives up with an error; 1 means no retry.
   */
  public int retryMaxAttempts() {
    return retryMaxAttempts;
  }

  /** The first retry delay; each retry doubles it, up to {@link #retryMaxDelay()}, with full jitter. */
  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  public Duration retryMaxDelay() {
    return retryMaxDelay;
  }

  /**
   * The most items a store holds in memory to emulate what DynamoDB cannot do natively: sorting by a field
   * other than the id, and skipping rows for offset pages. A query that needs more fails with
   * {@link dev.polystore.InvalidQueryException}.
   */
  public int maxInMemoryItems() {
    return maxInMemoryItems;
  }

  /**
   * How many reads a user store sends at once when one operation needs a read per partition, as DynamoDB has
   * no read across partitions: the Query of each user's item collection for {@code include(POSTS)}, the Query
   * of each post's items when a user is deleted, and the {@code BatchGetItem} calls (100 keys each) of one
   * operation. The store runs these reads on this many threads of its own (daemon threads, stopped by
   * {@code close()}), shared by every thread calling it, so no more than this many run at once; an operation
   * with a single such read runs it on the calling thread. With 1, the reads run one after another on the
   * calling thread and the store starts no threads. A client the application builds should allow this many
   * connections on top of what its other threads use.
   */
  public int readParallelism() {
    return readParallelism;
  }

  /**
   * The time span of one event partition ({@code EVENT#series#bucket}). Fixed per table: the event store
   * records it in the table and refuses to open with another value.
   */
  public Duration eventBucket() {
    return eventBucket;
  }

  /** The key that signs cursors; without one each store instance signs with a random key. */
  public Optional<String> cursorSecret() {
    return Optional.ofNullable(cursorSecret);
  }

  /**
   * The longest one request to DynamoDB may take, the SDK's own retries of it included, whether the client is
   * connecting, sending or waiting for the reply; then it fails: a read with
   * {@link dev.polystore.StoreUnavailableException}, a write with {@link dev.polystore.OutcomeUnknownException}
   * (it may have been applied). It bounds every call of a store opened by URL ({@link DynamoStoreProvider}),
   * which sets it as the client's {@code apiCallTimeout}; a client the application builds keeps its own settings.
   * A store operation that sends several requests, or retries throttled ones, may take a multiple of it.
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  /**
   * The longest one attempt of a request may take before the SDK gives it up (and, where its retry strategy
   * allows, sends it again); at most {@link #callTimeout()}. Set as the client's {@code apiCallAttemptTimeout} by
   * {@link DynamoStoreProvider}, like {@link #callTimeout()}.
   */
  public Duration callAttemptTimeout() {
    return callAttemptTimeout;
  }

  @Override
  public String toString() {
    return "DynamoStoreOptions{table=" + tableName + ", createTable=" + createTable + ", scanPolicy=" + scanPolicy
        + ", retryMaxAttempts=" + retryMaxAttempts + ", retryBaseDelay=" + retryBaseDelay + ", retryMaxDelay=" + retryMaxDelay
        + ", maxInMemoryItems=" + maxInMemoryItems + ", readParallelism=" + readParallelism
        + ", eventBucket=" + eventBucket
        + ", cursorSecret=" + (cursorSecret == null ? "none" : "****") + ", callTimeout=" + callTimeout
        + ", callAttemptTimeout=" + callAttemptTimeout + '}';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DynamoStoreOptions other && tableName.equals(other.tableName)
        && createTable == other.createTable && scanPolicy == other.scanPolicy
        && retryMaxAttempts == other.retryMaxAttempts
        && retryBaseDelay.equals(other.retryBaseDelay) && retryMaxDelay.equals(other.retryMaxDelay)
        && maxInMemoryItems == other.maxInMemoryItems && readParallelism == other.readParallelism
        && eventBucket.equals(other.eventBucket)
        && Objects.equals(cursorSecret, other.cursorSecret)
        && callTimeout.equals(other.callTimeout) && callAttemptTimeout.equals(other.callAttemptTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tableName, createTable, scanPolicy, retryMaxAttempts, retryBaseDelay, retryMaxDelay,
        maxInMemoryItems, readParallelism, eventBucket, cursorSecret, callTimeout, callAttemptTimeout);
  }

  /** Builder for {@link DynamoStoreOptions}; not thread-safe. Values are checked in {@link #build()}. */
  public static final class Builder {
    private String tableName = DEFAULT_TABLE_NAME;
    private boolean createTable = true;
    private ScanPolicy scanPolicy = ScanPolicy.ALLOW;
    private int retryMaxAttempts = DEFAULT_RETRY_MAX_ATTEMPTS;
    private Duration retryBaseDelay = Duration.ofMillis(25);
    private Duration retryMaxDelay = Duration.ofSeconds(2);
    private int maxInMemoryItems = DEFAULT_MAX_IN_MEMORY_ITEMS;
    private int readParallelism = DEFAULT_READ_PARALLELISM;
    private Duration eventBucket = Duration.ofDays(1);
    private String cursorSecret;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private Duration callAttemptTimeout = DEFAULT_CALL_ATTEMPT_TIMEOUT;

    private Builder() {
    }

    public Builder tableName(String tableName) {
      this.tableName = tableName;
      return this;
    }

    public Builder createTable(boolean createTable) {
      this.createTable = createTable;
      return this;
    }

    public Builder scanPolicy(ScanPolicy scanPolicy) {
      this.scanPolicy = scanPolicy;
      return this;
    }

    /** Attempts in all, 1 (no retry) to 51. */
    public Builder retryMaxAttempts(int attempts) {
      this.retryMaxAttempts = attempts;
      return this;
    }

    public Builder retryBaseDelay(Duration retryBaseDelay) {
      this.retryBaseDelay = retryBaseDelay;
      return this;
    }

    public Builder retryMaxDelay(Duration retryMaxDelay) {
      this.retryMaxDelay = retryMaxDelay;
      return this;
    }

    public Builder maxInMemoryItems(int maxInMemoryItems) {
      this.maxInMemoryItems = maxInMemoryItems;
      return this;
    }

    /** 1 (one read after another) to 64. */
    public Builder readParallelism(int readParallelism) {
      this.readParallelism = readParallelism;
      return this;
    }

    public Builder eventBucket(Duration eventBucket) {
      this.eventBucket = eventBucket;
      return this;
    }

    /** At least 16 bytes; {@code null} for a random key per store instance. */
    public Builder cursorSecret(String cursorSecret) {
      this.cursorSecret = cursorSecret;
      return this;
    }

    /** Positive; see {@link DynamoStoreOptions#callTimeout()}. */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    /** Positive and at most {@link #callTimeout(Duration)}. */
    public Builder callAttemptTimeout(Duration callAttemptTimeout) {
      this.callAttemptTimeout = callAttemptTimeout;
      return this;
    }

    /** @throws StoreConfigurationException when a value is out of range */
    public DynamoStoreOptions build() {
      if (tableName == null || !TABLE_NAME.matcher(tableName).matches()) {
        throw new StoreConfigurationException("table must be 3 to 255 of [A-Za-z0-9_.-], not " + tableName);
      }
      if (scanPolicy == null) {
        throw new StoreConfigurationException("scan.policy must be ALLOW or FORBID");
      }
      if (retryMaxAttempts < 1 || retryMaxAttempts > 51) {
        throw new StoreConfigurationException("retry.max.attempts must be between 1 and 51, not " + retryMaxAttempts);
      }
      if (retryBaseDelay == null || retryBaseDelay.isNegative() || retryMaxDelay == null
          || retryMaxDelay.compareTo(retryBaseDelay) < 0) {
        throw new StoreConfigurationException("retry delays must satisfy 0 <= retry.base.delay <= retry.max.delay, not "
            + retryBaseDelay + " and " + retryMaxDelay);
      }
      if (maxInMemoryItems < 1) {
        throw new StoreConfigurationException("memory.max.items must be at least 1, not " + maxInMemoryItems);
      }
      if (readParallelism < 1 || readParallelism > 64) {
        throw new StoreConfigurationException("read.parallelism must be between 1 and 64, not " + readParallelism);
      }
      if (eventBucket == null || eventBucket.compareTo(Duration.ofMinutes(1)) < 0
          || eventBucket.compareTo(Duration.ofDays(366)) > 0) {
        throw new StoreConfigurationException("event.bucket must be between PT1M and P366D, not " + eventBucket);
      }
      if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
        throw new StoreConfigurationException("call.timeout must be positive, not " + callTimeout);
      }
      if (callAttemptTimeout == null || callAttemptTimeout.isNegative() || callAttemptTimeout.isZero()
          || callAttemptTimeout.compareTo(callTimeout) > 0) {
        throw new StoreConfigurationException("call.attempt.timeout must be positive and at most call.timeout ("
            + callTimeout + "), not " + callAttemptTimeout);
      }
      if (cursorSecret != null) {
        // validates the length now, so a short secret is a configuration error at start-up
        dev.polystore.spi.CursorCodec.withSecret(cursorSecret);
      }
      return new DynamoStoreOptions(this);
    }
  }
}
