package dev.polystore.tck;

/**
 * What a {@link RequestCounter} counted: requests that read or write data, and requests that only control a
 * transaction or session (SQL {@code BEGIN}, {@code START TRANSACTION}, {@code SET ...}, {@code PRAGMA},
 * {@code COMMIT}, {@code ROLLBACK}, savepoints, and the JDBC calls {@code commit()} and {@code rollback()}; none on
 * DynamoDB and InfluxDB). Immutable.
 *
 * @param data statements, statement batches (a batch of any size is one), SDK calls or HTTP requests that read
 *     or write data
 * @param control requests that only begin, end or configure a transaction or session
 */
public record RequestCount(long data, long control) {

  public RequestCount {
    if (data < 0 || control < 0) {
      throw new IllegalArgumentException("counts are never negative: " + data + ", " + control);
    }
  }

  /** Every request counted: data and control. */
  public long total() {
    return data + control;
  }

  @Override
  public String toString() {
    return data + " data + " + control + " control request(s)";
  }
}
