package dev.polystore;

/**
 * The row changed under the caller: an update or delete carried a stale version, or the backend gave up on
 * a transaction after a bounded number of retries for deadlock or serialization failure. Re-read and retry.
 */
public class ConcurrentUpdateException extends StoreException {
  private static final long serialVersionUID = 1L;

  public ConcurrentUpdateException(String message) {
    super(message);
  }

  public ConcurrentUpdateException(String message, Throwable cause) {
    super(message, cause);
  }
}
