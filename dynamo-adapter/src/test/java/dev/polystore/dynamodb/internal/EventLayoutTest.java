package dev.polystore.dynamodb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The keys of event items are stored layout: a table written by one version must read in the next. These values
 * were computed independently of the code (SHA-256 of the tags, Murmur3's finalizer, the 20-digit time key) and
 * must never change; a change here makes every existing sharded table unreadable.
 */
class EventLayoutTest {

  private static final long BASE = Instant.parse("2024-03-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
  private static final Map<String, String> HOST_A = Map.of("host", "a");

  @Test
  void oneShardKeepsTheKeysOfTablesMadeBeforeShards() {
    EventLayout layout = new EventLayout(Duration.ofDays(1), 1);
    assertEquals("EVENT#load#10932623236854775808", layout.partitionOf("load", BASE + 5, HOST_A));
    assertEquals("10932623236854775813#3b31ae7b402ff769", EventLayout.sortKey(BASE + 5, HOST_A));
    assertEquals("10932623236854775808#e3b0c44298fc1c14", EventLayout.sortKey(BASE, Map.of()));
    assertEquals(List.of("EVENT#load#10932623236854775808"), layout.partitions("load", BASE));
  }

  @Test
  void theShardOfAnEventIsFixedByItsTimeAndTags() {
    EventLayout four = new EventLayout(Duration.ofDays(1), 4);
    EventLayout sixteen = new EventLayout(Duration.ofDays(1), 16);
    String none = EventLayout.tagHash(Map.of());
    String hostA = EventLayout.tagHash(HOST_A);
    assertEquals(List.of(0, 1, 0, 1, 0, 0), List.of(four.shardOf(BASE, none), four.shardOf(BASE + 1, none),
        four.shardOf(BASE + 1_000_000_000L, none), four.shardOf(BASE, hostA), four.shardOf(BASE + 1, hostA),
        four.shardOf(BASE + 1_000_000_000L, hostA)));
    assertEquals(List.of(12, 5, 4, 1, 4, 8), List.of(sixteen.shardOf(BASE, none), sixteen.shardOf(BASE + 1, none),
        sixteen.shardOf(BASE + 1_000_000_000L, none), sixteen.shardOf(BASE, hostA),
        sixteen.shardOf(BASE + 1, hostA), sixteen.shardOf(BASE + 1_000_000_000L, hostA)));
    assertEquals("EVENT#load#10932623236854775808#1", four.partitionOf("load", BASE, HOST_A));
    assertEquals(List.of("EVENT#load#10932623236854775808#0", "EVENT#load#10932623236854775808#1",
        "EVENT#load#10932623236854775808#2", "EVENT#load#10932623236854775808#3"), four.partitions("load", BASE));
  }

  @Test
  void bucketsStepDownBeforeTheEpoch() {
    EventLayout minutes = new EventLayout(Duration.ofMinutes(1), 4);
    assertEquals(-60_000_000_000L, minutes.bucketOf(-1));
    assertEquals(0, minutes.bucketOf(59_999_999_999L));
    assertEquals(59_999_999_999L, minutes.lastOf(0));
  }
}
