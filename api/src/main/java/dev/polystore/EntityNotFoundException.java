package dev.polystore;

/**
 * An operation referred to an entity that does not exist: a post for an unknown author, tags on an unknown
 * post, an update of a deleted user. Plain look-ups never throw this; they return {@code Optional.empty()}.
 */
public class EntityNotFoundException extends StoreException {
  private static final long serialVersionUID = 1L;

  public EntityNotFoundException(String message) {
    super(message);
  }
}
