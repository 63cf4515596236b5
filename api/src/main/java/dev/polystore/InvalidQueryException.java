package dev.polystore;

/**
 * A query or argument was rejected: a tampered cursor, a cursor used with a different query, a filter
 * value of the wrong type, a page size out of range, a scan forbidden by the store's policy — all found
 * before anything is read — or a numeric aggregate over a field that turns out to hold strings, found
 * while reading (nothing is returned then).
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
