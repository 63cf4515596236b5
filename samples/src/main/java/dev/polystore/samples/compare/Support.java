package dev.polystore.samples.compare;

/** How a backend does an operation, as its store declares and reports it. */
public enum Support {
  /** The backend does it with its own index, operator or query. */
  NATIVE,
  /** The store does part of it in memory, e.g. a sort or offset DynamoDB has no index for. */
  EMULATED,
  /** The store reads every user or post to answer it: its cost grows with all the data, not the result. */
  SCAN,
  /** The store refuses it with {@code UnsupportedCapabilityException}: the capability is not declared. */
  REFUSED,
  /** The operation failed with another error. */
  FAILED;

  /** Lower case, for tables. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
