package dev.polystore;

/**
 * A query or argument was rejected before it ran: a tampered cursor, a cursor used with a different query,
 * a filter value of the wrong type, a page size out of range, or a scan forbidden by the store's policy.
 */
public class InvalidQueryException extends StoreException {
  private static final long serialVersionUID = 1L;

  public InvalidQueryException(String message) {
    super(message);
  }

  public InvalidQueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
