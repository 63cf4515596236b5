package dev.polystore.dynamodb;

import dev.polystore.InvalidQueryException;
import dev.polystore.dynamodb.internal.EventLayout;
import dev.polystore.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The table a DynamoDB store keeps its items in, with the facts of its layout a native caller needs
 * ({@code docs/native-access.md} has the whole layout): the table's name, its key attributes {@value #PARTITION_KEY}
 * and {@value #SORT_KEY} (strings), its one global secondary index {@value #INDEX} ({@value #INDEX_PARTITION_KEY},
 * {@value #INDEX_SORT_KEY}), the keys of a user's profile and of a series' event partition, and the rule that keeps
 * the application's own items in the same table apart from Polystore's.
 *
 * <p><b>The rule for application items in the store's table:</b> a partition key that begins with none of
 * {@link #RESERVED_PARTITION_KEYS} (Polystore's item kinds: {@code USER#…}, {@code POST#…}, {@code USERNAME#…},
 * {@code EMAIL#…}, {@code EVENT#…}, {@code SERIES#…}, {@code META}), for example {@code APP#<id>}, and neither
 * {@value #INDEX_PARTITION_KEY} nor {@value #INDEX_SORT_KEY} (the store's listings read every item of the index).
 * {@link #requireApplicationItem(Map)} checks it; {@link DynamoTransaction#add} applies it to every write inside a
 * transaction. Writing Polystore's own items natively bypasses its uniqueness items, versions and tag links.
 *
 * <p>Immutable and thread-safe. Get it from a store: {@code store.unwrapOrThrow(DynamoTableRef.class)}.
 */
public final class DynamoTableRef {

  /** The partition key attribute (string). */
  public static final String PARTITION_KEY = "pk";
  /** The sort key attribute (string). */
  public static final String SORT_KEY = "sk";
  /** The one global secondary index, overloaded for the listings of users, posts and a tag's posts. */
  public static final String INDEX = "gsi1";
  /** The index's partition key attribute (string). */
  public static final String INDEX_PARTITION_KEY = "gsi1pk";
  /** The index's sort key attribute (string). */
  public static final String INDEX_SORT_KEY = "gsi1sk";
  /**
   * The partition keys of Polystore's items begin with one of these ({@code META} is a whole key): an application's
   * item in the same table must not.
   */
  public static final List<String> RESERVED_PARTITION_KEYS = List.of("USER#", "POST#", "USERNAME#", "EMAIL#",
      "EVENT#", "SERIES#", "META");

  private final String tableName;
  private final Duration eventBucket;
  private final EventLayout eventLayout;

  private DynamoTableRef(String tableName, Duration eventBucket, int eventShards) {
    this.tableName = Objects.requireNonNull(tableName, "tableName");
    this.eventBucket = Objects.requireNonNull(eventBucket, "eventBucket");
    this.eventLayout = new EventLayout(eventBucket, eventShards);
  }

  /** The table of stores opened with {@code options}: its name, event bucket and event shard count. */
  public static DynamoTableRef of(DynamoStoreOptions options) {
    Objects.requireNonNull(options, "options");
    return new DynamoTableRef(options.tableName(), options.eventBucket(), options.eventShards());
  }

  /** The table's name. */
  public String tableName() {
    return tableName;
  }

  /** The time span of one event partition ({@code event.bucket}), fixed per table. */
  public Duration eventBucket() {
    return eventBucket;
  }

  /** The number of partitions each bucket of a series is spread over ({@code event.shards}), fixed per table. */
  public int eventShards() {
    return eventLayout.shards();
  }

  /** The key of a user's profile item: {@code pk=USER#<id>}, {@code sk=PROFILE}. */
  public Map<String, AttributeValue> userKey(UserId id) {
    Objects.requireNonNull(id, "id");
    return Map.of(PARTITION_KEY, AttributeValue.fromS("USER#" + id.value()), SORT_KEY, AttributeValue.fromS("PROFILE"));
  }

  /**
   * The partition keys of the events of {@code series} in the bucket that holds {@code time}, one per shard (shard 0
   * first): {@code EVENT#<series>#<bucket start>} with one shard ({@link #eventShards()}), otherwise
   * {@code EVENT#<series>#<bucket start>#<shard>}; the start is {@link #timeKey(Instant)} of a multiple of
   * {@link #eventBucket()} since the epoch. Every partition's items sort by {@code sk = <time key>#<tag hash>}, so
   * a reader queries each and merges them by {@code sk} to read the bucket in time order.
   */
  public List<String> eventPartitionKeys(String series, Instant time) {
    Objects.requireNonNull(series, "series");
    return eventLayout.partitions(series, eventLayout.bucketOf(nanos(time)));
  }

  /**
   * An instant as it appears in sort keys: its epoch nanoseconds, with the sign bit flipped, as 20 unsigned decimal
   * digits, so that string order is time order (negative times included).
   */
  public static String timeKey(Instant time) {
    return timeKey(nanos(time));
  }

  private static String timeKey(long nanos) {
    return EventLayout.timeKey(nanos);
  }

  private static long nanos(Instant time) {
    Objects.requireNonNull(time, "time");
    long seconds = time.getEpochSecond();
    long nano = time.getNano();
    if (seconds < 0 && nano > 0) {
      seconds += 1;
      nano -= 1_000_000_000L;
    }
    try {
      return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nano);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("DynamoDB stores times between the years 1677 and 2262, not " + time, e);
    }
  }

  /** Whether a partition key value is one of Polystore's item kinds ({@link #RESERVED_PARTITION_KEYS}). */
  public static boolean isPolystorePartitionKey(String partitionKey) {
    Objects.requireNonNull(partitionKey, "partitionKey");
    for (String reserved : RESERVED_PARTITION_KEYS) {
      if (reserved.endsWith("#") ? partitionKey.startsWith(reserved) : partitionKey.equals(reserved)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks that an item (or the key of one) may be written to this table by the application: a string
   * {@value #PARTITION_KEY} outside Polystore's kinds, and no {@value #INDEX_PARTITION_KEY} or
   * {@value #INDEX_SORT_KEY}. Returns the item.
   *
   * @throws InvalidQueryException naming what breaks the rule
   */
  public Map<String, AttributeValue> requireApplicationItem(Map<String, AttributeValue> item) {
    Objects.requireNonNull(item, "item");
    AttributeValue pk = item.get(PARTITION_KEY);
    if (pk == null || pk.s() == null) {
      throw new InvalidQueryException("an item of table " + tableName + " needs a string " + PARTITION_KEY);
    }
    if (isPolystorePartitionKey(pk.s())) {
      throw new InvalidQueryException("the item " + PARTITION_KEY + "=" + pk.s() + " of table " + tableName
          + " is one of Polystore's (" + String.join(", ", RESERVED_PARTITION_KEYS) + "): write it through the store,"
          + " which keeps its uniqueness items, versions and tag links; an application's own items need another "
          + PARTITION_KEY + ", such as APP#<id>");
    }
    if (item.containsKey(INDEX_PARTITION_KEY) || item.containsKey(INDEX_SORT_KEY)) {
      throw new InvalidQueryException("the item " + PARTITION_KEY + "=" + pk.s() + " of table " + tableName
          + " has " + INDEX_PARTITION_KEY + " or " + INDEX_SORT_KEY + ", which would put it into the listings of"
          + " Polystore's index " + INDEX + "; an application's own items leave them out");
    }
    return item;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DynamoTableRef other && tableName.equals(other.tableName)
        && eventBucket.equals(other.eventBucket);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tableName, eventBucket);
  }

  @Override
  public String toString() {
    return "DynamoTableRef{table=" + tableName + ", eventBucket=" + eventBucket + '}';
  }
}
