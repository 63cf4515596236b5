package dev.polystore;

/**
 * What a read may see: the latest committed writes, or a possibly older state that is cheaper to read and scales
 * further. One portable choice on every backend, made per store (the option {@code read.consistency}, default
 * {@link #STRONG}) and per call ({@link UserStore#reading(ReadConsistency)},
 * {@link EventStore#reading(ReadConsistency)}). Writes are never affected, and every read inside
 * {@link UserStore#inTransaction} is {@link #STRONG}.
 *
 * <p>What each choice costs and guarantees is the backend's, declared in its {@link Capabilities} and documentation:
 *
 * <ul>
 *   <li>Key look-ups ({@code get}, {@code findByUsername}, {@code findByEmail}, {@code getPost}, {@code tagsOf}) are
 *       strongly consistent under {@link #STRONG} on every backend.</li>
 *   <li>Finds, counts, aggregates and event queries are strongly consistent under {@link #STRONG} where the store
 *       declares {@link Capability#STRONG_QUERIES}; without it (DynamoDB's index-backed listings) they are eventually
 *       consistent whichever choice is made.</li>
 *   <li>{@link #EVENTUAL} reads may miss the latest writes for a while — on a SQL store with replicas, for at most
 *       the replica lag the store allows; on DynamoDB, usually for less than a second — and then see them. A store
 *       with one database and no replicas (SQLite, a SQL server without replicas, InfluxDB) answers both choices
 *       from that database.</li>
 * </ul>
 */
public enum ReadConsistency {
  /** Reads see every write committed before they started: the primary, DynamoDB's {@code ConsistentRead}. */
  STRONG,
  /**
   * Reads may see an older state for a while (a replica, DynamoDB's default reads), in exchange for lower cost and
   * load spread beyond one server.
   */
  EVENTUAL
}
