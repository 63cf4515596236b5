package dev.polystore.dynamodb.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Internal: where the events of a table live — the keys of event items and bucket markers, from the table's two
 * fixed settings, the bucket size ({@code event.bucket}) and the shard count ({@code event.shards}). Immutable and
 * thread-safe.
 *
 * <p>An event is one item: {@code pk=EVENT#<series>#<bucket start>} with one shard, or
 * {@code pk=EVENT#<series>#<bucket start>#<shard>} with several; {@code sk=<time>#<tag hash>}. The sort key is
 * the event's identity within its series (the duplicate rule keys on series, tags and time), and its shard is
 * computed from that identity alone ({@link #shardOf}), so a duplicate lands on the same item whatever the shard
 * count. The sort key has the same form in every shard, so the items of all shards of a bucket merge into the
 * order one shard would have by comparing sort keys. Every formula here is part of the stored layout: changing one
 * makes existing tables unreadable.
 *
 * <p>Public only for {@code DynamoTableRef}, which tells native callers the same keys; not an API.
 */
public final class EventLayout {

  static final String EVENT = "EVENT#";
  static final String SERIES = "SERIES#";
  static final String BUCKET = "BUCKET#";

  private final long bucketNanos;
  private final int shards;

  public EventLayout(Duration bucket, int shards) {
    this.bucketNanos = bucket.toNanos();
    if (bucketNanos <= 0 || shards < 1) {
      throw new IllegalArgumentException("bucket " + bucket + " and shards " + shards + " must be positive");
    }
    this.shards = shards;
  }

  long bucketNanos() {
    return bucketNanos;
  }

  public int shards() {
    return shards;
  }

  /** The start of the bucket that holds {@code nanos}. */
  public long bucketOf(long nanos) {
    return Math.floorDiv(nanos, bucketNanos) * bucketNanos;
  }

  /** The last nanosecond of the bucket that starts at {@code bucket}. */
  long lastOf(long bucket) {
    return bucket + (bucketNanos - 1);
  }

  /** The partition key of one shard of a series' bucket; with one shard, the key has no shard suffix. */
  String partition(String series, long bucket, int shard) {
    String base = EVENT + series + "#" + timeKey(bucket);
    return shards == 1 ? base : base + "#" + shard;
  }

  /** The partition keys of every shard of a series' bucket, shard 0 first. */
  public List<String> partitions(String series, long bucket) {
    List<String> out = new ArrayList<>(shards);
    for (int shard = 0; shard < shards; shard++) {
      out.add(partition(series, bucket, shard));
    }
    return out;
  }

  /** The partition key of an event with this time and these tags. */
  String partitionOf(String series, long time, Map<String, String> tags) {
    return partition(series, bucketOf(time), shardOf(time, tagHash(tags)));
  }

  /** The sort key of an event: its time, then the hash of its tags. */
  static String sortKey(long time, Map<String, String> tags) {
    return timeKey(time) + "#" + tagHash(tags);
  }

  /** The key of the marker that says a series has events in the bucket that starts at {@code bucket}. */
  static String markerPartition(String series) {
    return SERIES + series;
  }

  static String markerSortKey(long bucket) {
    return BUCKET + timeKey(bucket);
  }

  /**
   * The shard of an event, from the identity its sort key holds: Murmur3's 64-bit finalizer over the time (epoch
   * nanoseconds) XOR the tag hash (the 16 hex digits as an unsigned number), modulo the shard count (unsigned).
   * Events of one series at successive times spread evenly over the shards whatever their tags.
   */
  int shardOf(long time, String tagHash) {
    if (shards == 1) {
      return 0;
    }
    return (int) Long.remainderUnsigned(mix(time ^ Long.parseUnsignedLong(tagHash, 16)), shards);
  }

  /** Murmur3's {@code fmix64}: every input bit moves every output bit. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** Epoch nanoseconds as 20 digits that sort like the numbers, negative ones included. */
  public static String timeKey(long nanos) {
    String digits = Long.toUnsignedString(nanos ^ Long.MIN_VALUE);
    return "0".repeat(20 - digits.length()) + digits;
  }

  /** A short hash of the tags (16 hex digits), so events that differ only by tags get different keys. */
  static String tagHash(Map<String, String> tags) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> tag : new TreeMap<>(tags).entrySet()) {
        digest.update(tag.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(tag.getValue().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The settings as options spell them, for messages: {@code event.bucket=PT24H, event.shards=4}. */
  @Override
  public String toString() {
    return "event.bucket=" + Duration.ofNanos(bucketNanos) + ", event.shards=" + shards;
  }
}
