package dev.polystore.dynamodb;

import dev.polystore.StoreConfigurationException;
import dev.polystore.spi.CursorCodec;
import dev.polystore.spi.support.AdapterOptions;
import dev.polystore.spi.support.Backoff;
import dev.polystore.spi.support.Option;
import dev.polystore.spi.support.OptionTable;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How a DynamoDB store uses its table. Immutable and thread-safe; build with {@link #builder()}.
 *
 * <p>Every option, with its URL/property key, default, allowed values, meaning and builder method, is listed in the
 * option table of {@code docs/dynamodb.md} ("Opening a store"), which is generated from the declarations in this
 * class and checked against them by the adapter's tests. As URL parameters or {@link dev.polystore.StoreConfig}
 * properties ({@link DynamoStoreProvider}) values are written as every adapter writes them (durations {@code 25ms},
 * {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601 such as {@code PT0.025S}); an unknown key or a bad value
 * is a {@link StoreConfigurationException} naming the key (values of secrets are never shown).
 *
 * <p>The retry options, the cursor secret, {@code toString}, {@code equals} and {@code hashCode} are those every
 * adapter shares, in {@link AdapterOptions}.
 */
public final class DynamoStoreOptions extends AdapterOptions<DynamoStoreOptions> {

  /** The table both stores use unless told otherwise. */
  public static final String DEFAULT_TABLE_NAME = "polystore";
  /** Attempts in all (the first and up to 8 retries) of a request DynamoDB throttled or left unprocessed. */
  public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 9;
  public static final int DEFAULT_MAX_IN_MEMORY_ITEMS = 10_000;
  /**
   * Reads of one store in flight at once when an operation needs one read per partition (a user store's includes,
   * an event store's shards).
   */
  public static final int DEFAULT_READ_PARALLELISM = 8;
  /** Shards of each bucket of a series' events; 1 keeps a bucket in one partition. */
  public static final int DEFAULT_EVENT_SHARDS = 1;
  /** The most shards a table may spread a bucket over: a query sends one request per shard of each bucket. */
  public static final int MAX_EVENT_SHARDS = 64;
  /** The longest a request to DynamoDB may take, the SDK's retries included. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
  /** The longest one attempt of a request to DynamoDB may take. */
  public static final Duration DEFAULT_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The options, declared once: they parse, check and describe the values, and make the table in the docs.
   * {@code region} and {@code endpoint} configure the client {@link DynamoStoreProvider} builds, not these options.
   */
  static final OptionTable<DynamoStoreOptions, Builder> OPTIONS =
      OptionTable.<DynamoStoreOptions, Builder>forAdapter("DynamoDB")
      .option(Option.text("region", null).defaultText("the SDK's region chain; with `endpoint` only"
              + " `aws.region`/`AWS_REGION`, else `us-east-1`").meaning("AWS region"))
      .option(Option.text("endpoint", null).defaultText("the region's endpoint")
          .meaning("endpoint override, e.g. DynamoDB Local's `http://127.0.0.1:8000`"))
      .option(Option.text("table", DEFAULT_TABLE_NAME)
              .matching(Pattern.compile("[A-Za-z0-9_.\\-]{3,255}"), "3 to 255 characters, each A-Z, a-z, 0-9, _, . or -")
              .meaning("the one table both stores use"),
          "tableName", Builder::tableName, DynamoStoreOptions::tableName)
      .option(Option.bool("create.table", true)
              .meaning("create the table and its index when missing (on-demand capacity), and wait until active"),
          "createTable", Builder::createTable, DynamoStoreOptions::createTable)
      .option(Option.choice("scan.policy", ScanPolicy.class, ScanPolicy.ALLOW)
              .meaning("`FORBID` refuses reads that must read every user or post; `ALLOW` runs them"),
          "scanPolicy", Builder::scanPolicy, DynamoStoreOptions::scanPolicy)
      .option(AdapterOptions.readConsistencyOption("DynamoDB's default read, at half the read capacity, which may"
              + " miss the latest writes for a moment; index-backed listings are eventual either way"
              + " ([Read consistency](#read-consistency))"),
          "readConsistency", Builder::readConsistency, DynamoStoreOptions::readConsistency)
      .option(Option.wholeNumber(Backoff.MAX_ATTEMPTS, DEFAULT_RETRY_MAX_ATTEMPTS).between(1, 51)
              .defaultText("`" + DEFAULT_RETRY_MAX_ATTEMPTS + "` (the first and up to "
                  + (DEFAULT_RETRY_MAX_ATTEMPTS - 1) + " retries)")
              .meaning("attempts in all, the first included, of a batch with unprocessed items, a throttled request"
                  + " or a transaction that lost a conflict"),
          "retryMaxAttempts", Builder::retryMaxAttempts, DynamoStoreOptions::retryMaxAttempts)
      .option(Backoff.baseDelayOption(Duration.ofMillis(25)),
          "retryBaseDelay", Builder::retryBaseDelay, DynamoStoreOptions::retryBaseDelay)
      .option(Backoff.maxDelayOption(Duration.ofSeconds(2)),
          "retryMaxDelay", Builder::retryMaxDelay, DynamoStoreOptions::retryMaxDelay)
      .option(Option.wholeNumber("memory.max.items", DEFAULT_MAX_IN_MEMORY_ITEMS).atLeast(1)
              .meaning("most rows held in memory to emulate sorts and offsets"),
          "maxInMemoryItems", Builder::maxInMemoryItems, DynamoStoreOptions::maxInMemoryItems)
      .option(Option.wholeNumber("read.parallelism", DEFAULT_READ_PARALLELISM).between(1, 64)
              .meaning("reads of one store in flight at once when an operation needs one read per partition"
                  + " ([below](#reads-sent-concurrently)), such as the shards of an event bucket; 1 sends them one"
                  + " after another"),
          "readParallelism", Builder::readParallelism, DynamoStoreOptions::readParallelism)
      .option(Option.duration("event.bucket", Duration.ofDays(1)).between(Duration.ofMinutes(1), Duration.ofDays(366))
              .meaning("time span of one event partition; fixed per table"),
          "eventBucket", Builder::eventBucket, DynamoStoreOptions::eventBucket)
      .option(Option.wholeNumber("event.shards", DEFAULT_EVENT_SHARDS).between(1, MAX_EVENT_SHARDS)
              .meaning("partitions each bucket of a series' events is spread over, for more than one partition's"
                  + " writes per second ([Sharded events](#sharded-events)); a query reads every shard; fixed per"
                  + " table"),
          "eventShards", Builder::eventShards, DynamoStoreOptions::eventShards)
      .option(Option.text("cursor.secret", null).defaultText("random per store")
              .validatedBy("at least 16 bytes", CursorCodec::withSecret)
              .meaning("key that signs cursors; shared by all nodes, so cursors stay valid across them and restarts"),
          "cursorSecret", Builder::cursorSecret, o -> o.cursorSecret().orElse(null))
      .option(Option.duration("call.timeout", DEFAULT_CALL_TIMEOUT).above(Duration.ZERO)
              .meaning("longest one request may take, the SDK's own retries included, whether connecting, sending or"
                  + " waiting for the reply; then a write fails with `OutcomeUnknownException`, a read with"
                  + " `StoreUnavailableException` ([Failures](#failures))"),
          "callTimeout", Builder::callTimeout, DynamoStoreOptions::callTimeout)
      .option(Option.duration("call.attempt.timeout", DEFAULT_CALL_ATTEMPT_TIMEOUT).above(Duration.ZERO)
              .meaning("longest one attempt of a request may take before the SDK gives it up (and retries it where"
                  + " its retry strategy allows)"),
          "callAttemptTimeout", Builder::callAttemptTimeout, DynamoStoreOptions::callAttemptTimeout)
      .notAbove(Backoff.BASE_DELAY, Backoff.MAX_DELAY)
      .notAbove("call.attempt.timeout", "call.timeout")
      .build();

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
  private final int maxInMemoryItems;
  private final int readParallelism;
  private final Duration eventBucket;
  private final int eventShards;
  private final Duration callTimeout;
  private final Duration callAttemptTimeout;

  private DynamoStoreOptions(Builder b) {
    super(OPTIONS, b);
    this.tableName = b.tableName;
    this.createTable = b.createTable;
    this.scanPolicy = b.scanPolicy;
    this.maxInMemoryItems = b.maxInMemoryItems;
    this.readParallelism = b.readParallelism;
    this.eventBucket = b.eventBucket;
    this.eventShards = b.eventShards;
    this.callTimeout = b.callTimeout;
    this.callAttemptTimeout = b.callAttemptTimeout;
  }

  /** The defaults, as the option table in {@code docs/dynamodb.md} lists them. */
  public static DynamoStoreOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = copyInto(new Builder());
    b.tableName = tableName;
    b.createTable = createTable;
    b.scanPolicy = scanPolicy;
    b.maxInMemoryItems = maxInMemoryItems;
    b.readParallelism = readParallelism;
    b.eventBucket = eventBucket;
    b.eventShards = eventShards;
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
   * The most items a store holds in memory to emulate what DynamoDB cannot do natively: sorting by a field
   * other than the id, and skipping rows for offset pages. A query that needs more fails with
   * {@link dev.polystore.InvalidQueryException}.
   */
  public int maxInMemoryItems() {
    return maxInMemoryItems;
  }

  /**
   * How many reads a store sends at once when one operation needs a read per partition, as DynamoDB has
   * no read across partitions: the Query of each user's item collection for {@code include(POSTS)}, the Query
   * of each post's items when a user is deleted, the {@code BatchGetItem} calls (100 keys each) of one
   * operation, and the Queries of the shards of an event bucket ({@link #eventShards()}). The store runs these
   * reads on this many threads of its own (daemon threads, stopped by {@code close()}), shared by every thread
   * calling it, so no more than this many run at once; an operation with a single such read runs it on the
   * calling thread. With 1, the reads run one after another on the calling thread and the store starts no
   * threads. A client the application builds should allow this many connections on top of what its other threads
   * use.
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

  /**
   * How many partitions each bucket of a series' events is spread over ({@code EVENT#series#bucket#shard}), 1 to
   * {@value #MAX_EVENT_SHARDS}; default {@value #DEFAULT_EVENT_SHARDS}, which keeps a bucket in one partition
   * ({@code EVENT#series#bucket}, the layout of tables made before shards existed). DynamoDB takes about 1,000
   * writes per second into one partition key, so a series can take about this many times 1,000 events per second
   * (of items up to 1 KB). Each event's shard follows from its series, tags and time, so a duplicate overwrites
   * the same item. A query sends one Query per shard of each bucket it reads, at most {@link #readParallelism()}
   * at once, and merges them in time order. Fixed per table, like {@link #eventBucket()}: the event store records
   * it in the table and refuses to open with another value.
   */
  public int eventShards() {
    return eventShards;
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

  /** Builder for {@link DynamoStoreOptions}; not thread-safe. Starts from the defaults; checks in {@link #build()}. */
  public static final class Builder extends AdapterOptions.Builder<Builder> {
    private String tableName;
    private boolean createTable;
    private ScanPolicy scanPolicy;
    private int maxInMemoryItems;
    private int readParallelism;
    private Duration eventBucket;
    private int eventShards;
    private Duration callTimeout;
    private Duration callAttemptTimeout;

    private Builder() {
      OPTIONS.applyDefaults(this);
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

    /** 1 to {@value DynamoStoreOptions#MAX_EVENT_SHARDS}; see {@link DynamoStoreOptions#eventShards()}. */
    public Builder eventShards(int eventShards) {
      this.eventShards = eventShards;
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

    /** @throws StoreConfigurationException when a value is out of range, naming its key */
    public DynamoStoreOptions build() {
      DynamoStoreOptions options = new DynamoStoreOptions(this);
      OPTIONS.check(options);
      return options;
    }
  }
}
