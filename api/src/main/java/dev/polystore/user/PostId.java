package dev.polystore.user;

import dev.polystore.InvalidQueryException;
import dev.polystore.spi.support.Messages;
import java.util.Objects;
import java.util.UUID;

/** The id of a post. Immutable. */
public record PostId(UUID value) implements EntityId, Comparable<PostId> {

  public PostId {
    Objects.requireNonNull(value, "value");
  }

  public static PostId of(UUID value) {
    return new PostId(value);
  }

  /** Parses the canonical text form; throws {@link InvalidQueryException} when it is not a UUID. */
  public static PostId parse(String text) {
    try {
      return new PostId(UUID.fromString(Objects.requireNonNull(text, "text")));
    } catch (IllegalArgumentException e) {
      throw new InvalidQueryException("not a post id: " + Messages.quote(text), e);
    }
  }

  @Override
  public int compareTo(PostId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
