package dev.polystore;

/** The configuration is wrong or incomplete: no provider for a URL, a bad option value, a missing setting. */
public class StoreConfigurationException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreConfigurationException(String message) {
    super(message);
  }

  public StoreConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
