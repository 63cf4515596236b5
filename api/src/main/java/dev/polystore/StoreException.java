package dev.polystore;

/**
 * Root of every exception Polystore throws. Unchecked: callers catch the specific subclasses they can
 * act on. Adapters translate driver and SDK errors at their boundary and keep the original as the cause;
 * messages never contain passwords or tokens.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
