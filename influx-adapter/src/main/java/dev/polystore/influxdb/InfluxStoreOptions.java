package dev.polystore.influxdb;

import dev.polystore.StoreConfigurationException;
import dev.polystore.spi.support.AdapterOptions;
import dev.polystore.spi.support.Backoff;
import dev.polystore.spi.support.Option;
import dev.polystore.spi.support.OptionTable;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How an InfluxDB event store reaches its server and buffers its writes. Immutable and thread-safe; build with
 * {@link #builder()}.
 *
 * <p>Every option, with its URL/property key, default, allowed values, meaning and builder method, is listed in the
 * option table of {@code docs/influxdb.md}, which is generated from the declarations in this class and checked
 * against them by the adapter's tests. As URL parameters or {@link dev.polystore.StoreConfig} properties
 * ({@link InfluxStoreProvider}) values are written as every adapter writes them (durations {@code 250ms},
 * {@code 2s}, {@code 5m}); an unknown key or a bad value is a {@link StoreConfigurationException} naming the key
 * (values of secrets — {@code token}, {@code password} — are never shown).
 *
 * <p>The retry options, {@code toString}, {@code equals} and {@code hashCode} are those every adapter shares, in
 * {@link AdapterOptions}.
 */
public final class InfluxStoreOptions extends AdapterOptions<InfluxStoreOptions> {

  /** The database (1.x, 3.x) or bucket (2.x) unless told otherwise. */
  public static final String DEFAULT_DATABASE = "polystore";
  /** Events sent in one write request at most. */
  public static final int DEFAULT_BATCH_SIZE = 5_000;
  /** Events held in the buffer at most, waiting to be sent. */
  public static final int DEFAULT_BUFFER_CAPACITY = 50_000;
  /** The longest an appended event waits in the buffer before its batch is sent. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
  /** Attempts in all of a write or read the server refused for a reason that may pass. */
  public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 5;
  /** The longest one request may take, from connecting to the last byte of its reply (streamed reads excepted). */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
  /** The longest a streamed read may wait for its next bytes. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
  /** Rows per chunk of a streamed read. */
  public static final int DEFAULT_CHUNK_SIZE = 5_000;
  /** The longest the JVM's shutdown waits for a store that was not closed to send its buffer. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,255}");
  private static final String NAME_RULE = "1 to 255 characters, each A-Z, a-z, 0-9, _, . or -";

  static final OptionTable<InfluxStoreOptions, Builder> OPTIONS =
      OptionTable.<InfluxStoreOptions, Builder>forAdapter("InfluxDB")
      .option(Option.text("url", null).defaultText("none: required")
          .meaning("the server, e.g. `http://127.0.0.1:8086` (1.x, 2.x) or `http://127.0.0.1:8181` (3.x)"))
      .option(Option.text("token", null).defaultText("none")
          .meaning("API token (2.x, 3.x, Cloud), sent as `Authorization: Token …`"))
      .option(Option.text("username", null).defaultText("none")
          .meaning("user name (1.x with authentication), sent with `password` as HTTP Basic authentication"))
      .option(Option.text("password", null).defaultText("none").meaning("the password of `username`"))
      .option(Option.text("database", DEFAULT_DATABASE).matching(NAME, NAME_RULE)
              .meaning("the database (1.x, 3.x) or bucket (2.x) that holds the events, one measurement per series"),
          "database", Builder::database, InfluxStoreOptions::database)
      .option(Option.text("retention.policy", null).defaultText("the database's default")
              .matching(NAME, NAME_RULE).meaning("1.x: the retention policy written to and read from"),
          "retentionPolicy", Builder::retentionPolicy, o -> o.retentionPolicy().orElse(null))
      .option(Option.text("org", null).defaultText("none")
              .meaning("2.x: the organisation of the bucket, for its write endpoint"),
          "org", Builder::org, o -> o.org().orElse(null))
      .option(Option.text("server.version", null).defaultText("read from the server's `/ping`")
              .matching(Pattern.compile("[1-9][0-9]*(\\.[0-9]+){0,2}"), "a version such as 1.8, 2.7 or 3")
              .meaning("the server's version, for servers whose `/ping` does not say it (3.x with authentication"
                  + " on `/ping`); decides the write endpoint and the capabilities"),
          "serverVersion", Builder::serverVersion, o -> o.serverVersion().orElse(null))
      .option(Option.bool("create.database", true)
              .meaning("1.x: create the database when missing (`CREATE DATABASE`); 2.x buckets must exist,"
                  + " 3.x creates databases on the first write"),
          "createDatabase", Builder::createDatabase, InfluxStoreOptions::createDatabase)
      .option(Option.wholeNumber("batch.size", DEFAULT_BATCH_SIZE).between(1, 100_000)
              .meaning("events sent in one write request at most (a request also stays under 8 MiB)"),
          "batchSize", Builder::batchSize, InfluxStoreOptions::batchSize)
      .option(Option.wholeNumber("buffer.capacity", DEFAULT_BUFFER_CAPACITY).between(1, 10_000_000)
              .meaning("events waiting to be sent at most; when it is full `append` waits or fails"
                  + " (`buffer.full`)"),
          "bufferCapacity", Builder::bufferCapacity, InfluxStoreOptions::bufferCapacity)
      .option(Option.choice("buffer.full", BufferFull.class, BufferFull.BLOCK)
              .meaning("`BLOCK`: `append` waits until the buffer has room; `FAIL`: it throws"
                  + " `StoreUnavailableException` at once. Never drops events"),
          "bufferFull", Builder::bufferFull, InfluxStoreOptions::bufferFull)
      .option(Option.duration("flush.interval", DEFAULT_FLUSH_INTERVAL).between(Duration.ofMillis(1),
                  Duration.ofHours(1))
              .meaning("the longest an appended event waits in the buffer before the store sends it"),
          "flushInterval", Builder::flushInterval, InfluxStoreOptions::flushInterval)
      .option(Option.wholeNumber(Backoff.MAX_ATTEMPTS, DEFAULT_RETRY_MAX_ATTEMPTS).between(1, 51)
              .defaultText("`" + DEFAULT_RETRY_MAX_ATTEMPTS + "` (the first and up to "
                  + (DEFAULT_RETRY_MAX_ATTEMPTS - 1) + " retries)")
              .meaning("attempts in all, the first included, of a request that failed with HTTP 429 or 5xx or"
                  + " lost its connection; a `Retry-After` the server sends is waited out up to `retry.max.delay`, a"
                  + " longer one ends the retries"),
          "retryMaxAttempts", Builder::retryMaxAttempts, InfluxStoreOptions::retryMaxAttempts)
      .option(AdapterOptions.readConsistencyOption("the same read: InfluxDB answers both from its one database"
              + " ([Read consistency](#read-consistency))"),
          "readConsistency", Builder::readConsistency, InfluxStoreOptions::readConsistency)
      .option(Backoff.baseDelayOption(Duration.ofMillis(200)),
          "retryBaseDelay", Builder::retryBaseDelay, InfluxStoreOptions::retryBaseDelay)
      .option(Backoff.maxDelayOption(Duration.ofSeconds(10)),
          "retryMaxDelay", Builder::retryMaxDelay, InfluxStoreOptions::retryMaxDelay)
      .option(Option.duration("call.timeout", DEFAULT_CALL_TIMEOUT).above(Duration.ZERO)
              .meaning("longest one request may take, connecting, sending and reading the whole reply (a streamed"
                  + " read is bounded by `read.timeout` instead)"),
          "callTimeout", Builder::callTimeout, InfluxStoreOptions::callTimeout)
      .option(Option.duration("read.timeout", DEFAULT_READ_TIMEOUT).above(Duration.ZERO)
              .meaning("longest a streamed read waits for the server's next bytes"),
          "readTimeout", Builder::readTimeout, InfluxStoreOptions::readTimeout)
      .option(Option.wholeNumber("read.chunk.size", DEFAULT_CHUNK_SIZE).between(1, 100_000)
              .meaning("rows per chunk of a streamed read"),
          "readChunkSize", Builder::readChunkSize, InfluxStoreOptions::readChunkSize)
      .option(Option.duration("shutdown.timeout", DEFAULT_SHUTDOWN_TIMEOUT).atLeast(Duration.ZERO)
              .meaning("when the JVM exits with the store still open, the longest it waits for the buffer to be"
                  + " sent; what is not stored by then is logged as lost ([The writer](#the-writer))"),
          "shutdownTimeout", Builder::shutdownTimeout, InfluxStoreOptions::shutdownTimeout)
      .notAbove(Backoff.BASE_DELAY, Backoff.MAX_DELAY)
      .notAbove("batch.size", "buffer.capacity")
      .build();

  /** What {@code append} does when the buffer holds {@link #bufferCapacity()} events. */
  public enum BufferFull {
    /** Wait until the store has sent enough to make room (or given up on it). */
    BLOCK,
    /** Throw {@link dev.polystore.StoreUnavailableException} at once; the call appends nothing. */
    FAIL
  }

  private final String database;
  private final Optional<String> retentionPolicy;
  private final Optional<String> org;
  private final Optional<String> serverVersion;
  private final boolean createDatabase;
  private final int batchSize;
  private final int bufferCapacity;
  private final BufferFull bufferFull;
  private final Duration flushInterval;
  private final Duration callTimeout;
  private final Duration readTimeout;
  private final int readChunkSize;
  private final Duration shutdownTimeout;

  private InfluxStoreOptions(Builder b) {
    super(OPTIONS, b);
    this.database = b.database;
    this.retentionPolicy = Optional.ofNullable(b.retentionPolicy);
    this.org = Optional.ofNullable(b.org);
    this.serverVersion = Optional.ofNullable(b.serverVersion);
    this.createDatabase = b.createDatabase;
    this.batchSize = b.batchSize;
    this.bufferCapacity = b.bufferCapacity;
    this.bufferFull = b.bufferFull;
    this.flushInterval = b.flushInterval;
    this.callTimeout = b.callTimeout;
    this.readTimeout = b.readTimeout;
    this.readChunkSize = b.readChunkSize;
    this.shutdownTimeout = b.shutdownTimeout;
  }

  /** The defaults, as the option table in {@code docs/influxdb.md} lists them. */
  public static InfluxStoreOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = copyInto(new Builder());
    b.database = database;
    b.retentionPolicy = retentionPolicy.orElse(null);
    b.org = org.orElse(null);
    b.serverVersion = serverVersion.orElse(null);
    b.createDatabase = createDatabase;
    b.batchSize = batchSize;
    b.bufferCapacity = bufferCapacity;
    b.bufferFull = bufferFull;
    b.flushInterval = flushInterval;
    b.callTimeout = callTimeout;
    b.readTimeout = readTimeout;
    b.readChunkSize = readChunkSize;
    b.shutdownTimeout = shutdownTimeout;
    return b;
  }

  /** The database (1.x, 3.x) or bucket (2.x): one measurement per series. */
  public String database() {
    return database;
  }

  /** 1.x: the retention policy written to and read from; empty for the database's default. */
  public Optional<String> retentionPolicy() {
    return retentionPolicy;
  }

  /** 2.x: the organisation of the bucket, for the write endpoint {@code /api/v2/write}. */
  public Optional<String> org() {
    return org;
  }

  /** The server's version when given; empty to read it from the server's {@code /ping} when the store opens. */
  public Optional<String> serverVersion() {
    return serverVersion;
  }

  /** 1.x: whether opening a store creates its database when missing. */
  public boolean createDatabase() {
    return createDatabase;
  }

  /** Events sent in one write request at most. */
  public int batchSize() {
    return batchSize;
  }

  /** Events held in the buffer at most; see {@link #bufferFull()}. */
  public int bufferCapacity() {
    return bufferCapacity;
  }

  /** What {@code append} does when the buffer is full. */
  public BufferFull bufferFull() {
    return bufferFull;
  }

  /** The longest an appended event waits in the buffer before the store sends it. */
  public Duration flushInterval() {
    return flushInterval;
  }

  /** The longest one request may take, from connecting to the end of its reply (streamed reads excepted). */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** The longest a streamed read waits for the server's next bytes. */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** Rows per chunk of a streamed read. */
  public int readChunkSize() {
    return readChunkSize;
  }

  /** When the JVM exits with the store still open, the longest it waits for the buffer to be sent. */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** Builder for {@link InfluxStoreOptions}; not thread-safe. Starts from the defaults; checks in {@link #build()}. */
  public static final class Builder extends AdapterOptions.Builder<Builder> {
    private String database;
    private String retentionPolicy;
    private String org;
    private String serverVersion;
    private boolean createDatabase;
    private int batchSize;
    private int bufferCapacity;
    private BufferFull bufferFull;
    private Duration flushInterval;
    private Duration callTimeout;
    private Duration readTimeout;
    private int readChunkSize;
    private Duration shutdownTimeout;

    private Builder() {
      OPTIONS.applyDefaults(this);
    }

    public Builder database(String database) {
      this.database = database;
      return this;
    }

    /** {@code null} for the database's default. */
    public Builder retentionPolicy(String retentionPolicy) {
      this.retentionPolicy = retentionPolicy;
      return this;
    }

    public Builder org(String org) {
      this.org = org;
      return this;
    }

    /** A version such as {@code "1.8"}, {@code "2.7"} or {@code "3"}; {@code null} to ask the server. */
    public Builder serverVersion(String serverVersion) {
      this.serverVersion = serverVersion;
      return this;
    }

    public Builder createDatabase(boolean createDatabase) {
      this.createDatabase = createDatabase;
      return this;
    }

    /** 1 to 100,000, at most {@link #bufferCapacity(int)}. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder bufferCapacity(int bufferCapacity) {
      this.bufferCapacity = bufferCapacity;
      return this;
    }

    public Builder bufferFull(BufferFull bufferFull) {
      this.bufferFull = bufferFull;
      return this;
    }

    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
      return this;
    }

    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    public Builder readChunkSize(int readChunkSize) {
      this.readChunkSize = readChunkSize;
      return this;
    }

    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    /** @throws StoreConfigurationException when a value is out of range, naming its key */
    public InfluxStoreOptions build() {
      InfluxStoreOptions options = new InfluxStoreOptions(this);
      OPTIONS.check(options);
      return options;
    }
  }
}
