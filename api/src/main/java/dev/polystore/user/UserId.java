package dev.polystore.user;

import dev.polystore.InvalidQueryException;
import dev.polystore.spi.support.Messages;
import java.util.Objects;
import java.util.UUID;

/** The id of a user. Immutable. */
public record UserId(UUID value) implements EntityId, Comparable<UserId> {

  public UserId {
    Objects.requireNonNull(value, "value");
  }

  public static UserId of(UUID value) {
    return new UserId(value);
  }

  /** Parses the canonical text form; throws {@link InvalidQueryException} when it is not a UUID. */
  public static UserId parse(String text) {
    try {
      return new UserId(UUID.fromString(Objects.requireNonNull(text, "text")));
    } catch (IllegalArgumentException e) {
      throw new InvalidQueryException("not a user id: " + Messages.quote(text), e);
    }
  }

  @Override
  public int compareTo(UserId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
