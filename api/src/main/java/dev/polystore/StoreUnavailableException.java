package dev.polystore;

/**
 * The backend could not be reached or dropped the connection. The operation did not complete; retrying
 * later may succeed.
 */
public class StoreUnavailableException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
