package dev.polystore;

/**
 * A write would break a uniqueness rule, for example a second user with the same username or e-mail
 * (compared case-insensitively). {@link #field()} names the field, as the API spells it ({@code "username"},
 * {@code "email"}). Nothing of the failed operation is stored.
 */
public class DuplicateKeyException extends StoreException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public DuplicateKeyException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  public DuplicateKeyException(String field, String message) {
    this(field, message, null);
  }

  /** The field whose value is already taken, for example {@code "username"}. */
  public String field() {
    return field;
  }
}
