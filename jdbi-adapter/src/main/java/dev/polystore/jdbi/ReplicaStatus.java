package dev.polystore.jdbi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a store knows of one of its read replicas ({@link JdbiStoreOptions#replicaUrls()}), as of its last check or
 * read: whether {@link dev.polystore.ReadConsistency#EVENTUAL} reads go to it, the lag it reported and how many reads
 * it answered. From {@link JdbiStores#replicaStatus}. Immutable and thread-safe.
 *
 * @param url the replica's JDBC URL, passwords masked
 * @param state whether it gets reads, and if not, why
 * @param lag how far behind its primary the replica reported itself at the last check; empty before the first
 *     check, and when it could not say (down, not replicating, or behind by an amount it does not report)
 * @param readsServed the reads it answered since the store opened
 * @param problem why it gets no reads, in words; empty while it does
 */
public record ReplicaStatus(String url, State state, Optional<Duration> lag, long readsServed,
                           Optional<String> problem) {

  /** Whether a replica gets reads, and if not, why. */
  public enum State {
    /** Not checked yet: reads go to the primary until the first check, which starts when the store opens. */
    UNCHECKED,
    /** Replicating within {@code replica.max.lag}: it gets eventual reads. */
    ONLINE,
    /** Replicating, but further behind than {@code replica.max.lag} (or by an amount it does not report). */
    LAGGING,
    /** It answers but does not follow a primary (replication stopped, or not a replica at all). */
    NOT_REPLICATING,
    /** It cannot be reached, or a check or a read failed on it. */
    DOWN
  }

  public ReplicaStatus {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(lag, "lag");
    Objects.requireNonNull(problem, "problem");
  }

  /** Whether eventual reads go to this replica. */
  public boolean online() {
    return state == State.ONLINE;
  }
}
