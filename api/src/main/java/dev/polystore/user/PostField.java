package dev.polystore.user;

import dev.polystore.query.Field;
import java.time.Instant;
import java.util.UUID;

/** The fields of a {@link Post} that filters and sorts may name. */
public enum PostField implements Field {
  ID(UUID.class, false),
  /** Filter values are {@code UUID} or {@link UserId}. */
  AUTHOR_ID(UUID.class, false),
  TITLE(String.class, false),
  CONTENT(String.class, false),
  CREATED_AT(Instant.class, false);

  private final Class<?> valueType;
  private final boolean nullable;

  PostField(Class<?> valueType, boolean nullable) {
    this.valueType = valueType;
    this.nullable = nullable;
  }

  @Override
  public Class<?> valueType() {
    return valueType;
  }

  @Override
  public boolean nullable() {
    return nullable;
  }
}
