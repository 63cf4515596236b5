package dev.polystore.dynamodb.internal;

import dev.polystore.ReadConsistency;
import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.dynamodb.DynamoTableRef;
import dev.polystore.spi.support.NativeHandles;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Internal: one DynamoDB table as a store sees it — the client, the options, the retry policy, the reads, writes and
 * transactions over the table, the read pool, the clock that stamps writes — with the table ensured once, when
 * the store opens, and one lifecycle: {@link #close()} stops the read pool and closes the client when the store
 * owns it. Thread-safe.
 */
final class DynamoDatabase implements AutoCloseable {

  private final DynamoDbClient client;
  private final DynamoStoreOptions options;
  private final boolean ownsClient;
  private final DynamoRetry retry;
  private final DynamoTransactions transactions;
  private final DynamoWrites writes;
  private final DynamoReadPool pool;
  private final DynamoReads reads;
  private final Clock clock;
  /** The table as native callers see it ({@code unwrap}). */
  private final DynamoTableRef tableRef;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Opens the options' table; creates it when missing (unless the options say not to).
   *
   * @param readParallelism the threads of the read pool (1: reads run on the calling thread)
   * @param ownsClient whether {@link #close()} closes the client
   */
  DynamoDatabase(DynamoDbClient client, DynamoStoreOptions options, int readParallelism, boolean ownsClient,
                 Clock clock) {
    this.client = client;
    this.options = options;
    this.ownsClient = ownsClient;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retry = new DynamoRetry(options);
    this.transactions = new DynamoTransactions(client, retry);
    this.writes = new DynamoWrites(options.tableName());
    this.tableRef = DynamoTableRef.of(options);
    DynamoTable.ensure(client, options.tableName(), options.createTable());
    this.pool = new DynamoReadPool(readParallelism);
    this.reads = new DynamoReads(client, options, retry, pool);
  }

  DynamoDbClient client() {
    return client;
  }

  DynamoStoreOptions options() {
    return options;
  }

  String table() {
    return options.tableName();
  }

  DynamoRetry retry() {
    return retry;
  }

  DynamoTransactions transactions() {
    return transactions;
  }

  DynamoWrites writes() {
    return writes;
  }

  /** Strong reads of the table. */
  DynamoReads reads() {
    return reads;
  }

  /** Reads of the table of the given consistency. */
  DynamoReads reads(ReadConsistency consistency) {
    return reads.withConsistency(consistency);
  }

  DynamoReadPool pool() {
    return pool;
  }

  Clock clock() {
    return clock;
  }

  DynamoTableRef tableRef() {
    return tableRef;
  }

  /**
   * The native handles of a store over this table ({@code unwrap}): the client and the {@link DynamoTableRef}.
   *
   * @param store what the store is, for messages: {@code "user store"}
   */
  NativeHandles.Builder nativeHandles(String store) {
    return NativeHandles.builder("the DynamoDB " + store + " of table " + table())
        .add(DynamoDbClient.class, client)
        .add(DynamoTableRef.class, tableRef);
  }

  /** One item by its key, strongly consistent; empty when there is none. */
  Optional<Map<String, AttributeValue>> getItem(Map<String, AttributeValue> key, String what) {
    return getItem(key, ReadConsistency.STRONG, what);
  }

  /**
   * One item by its key, strongly consistent ({@code ConsistentRead}) or with DynamoDB's default eventually
   * consistent read; empty when there is none.
   */
  Optional<Map<String, AttributeValue>> getItem(Map<String, AttributeValue> key, ReadConsistency consistency,
                                                String what) {
    Boolean consistent = consistency == ReadConsistency.STRONG ? Boolean.TRUE : null;
    try {
      var response = client.getItem(r -> r.tableName(table()).key(key).consistentRead(consistent));
      return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    } catch (SdkException e) {
      throw DynamoErrors.translate(e, what);
    }
  }

  /** @throws IllegalStateException after {@link #close()} */
  void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the store is closed");
    }
  }

  /** Stops the read pool and closes the client when the store owns it; only the first call does. */
  @Override
  public void close() {
    close(() -> { });
  }

  /**
   * As {@link #close()}, then runs {@code afterwards} (also when closing the client failed); only the first call
   * does either.
   */
  void close(Runnable afterwards) {
    if (closed.compareAndSet(false, true)) {
      try {
        pool.close();
        if (ownsClient) {
          client.close();
        }
      } finally {
        afterwards.run();
      }
    }
  }
}
