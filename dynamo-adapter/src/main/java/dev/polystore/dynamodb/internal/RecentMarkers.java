package dev.polystore.dynamodb.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal: the bucket markers ({@code SERIES#<series>/BUCKET#<start>}) one event store wrote lately, so that it
 * writes the marker of a series' bucket at most once per {@link #REFRESH} instead of with every append call. All
 * markers of a series are items of one partition key, {@code SERIES#<series>}, which takes about 1,000 writes per
 * second like any other: without this, a series appended to by more than that many calls per second would be
 * throttled there, whatever its shard count. A store forgets a series' markers when it deletes from the series,
 * since deleting drops the markers of emptied buckets. Thread-safe; bounded ({@value #MAX_ENTRIES} markers, then it
 * starts again empty).
 */
final class RecentMarkers {

  /** How long a marker this store wrote counts as written; then the next append to the bucket writes it again. */
  static final Duration REFRESH = Duration.ofSeconds(1);
  private static final int MAX_ENTRIES = 10_000;

  /** A series' bucket. */
  record Marker(String series, long bucket) {
  }

  private final ConcurrentHashMap<Marker, Long> written = new ConcurrentHashMap<>();

  /** Whether an append into the marker's bucket at {@code now} ({@link System#nanoTime()}) must write it. */
  boolean due(Marker marker, long now) {
    Long at = written.get(marker);
    return at == null || now - at >= REFRESH.toNanos();
  }

  /** Records markers that a write begun at {@code now} stored. */
  void written(Collection<Marker> markers, long now) {
    if (written.size() + markers.size() > MAX_ENTRIES) {
      written.clear();
    }
    for (Marker marker : markers) {
      written.put(marker, now);
    }
  }

  /** Forgets every marker of the series, so that the next append to any of its buckets writes the marker. */
  void forget(String series) {
    written.keySet().removeIf(marker -> marker.series().equals(series));
  }
}
