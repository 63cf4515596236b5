package dev.polystore.user;

import dev.polystore.query.Field;
import java.time.Instant;
import java.util.UUID;

/** The fields of a {@link User} that filters, sorts and groupings may name. */
public enum UserField implements Field {
  ID(UUID.class, false),
  USERNAME(String.class, false),
  EMAIL(String.class, false),
  FULL_NAME(String.class, true),
  /** Filter values are {@code Long}; {@code Integer} values are widened. */
  AGE(Long.class, true),
  ACTIVE(Boolean.class, false),
  CREATED_AT(Instant.class, false),
  UPDATED_AT(Instant.class, false);

  private final Class<?> valueType;
  private final boolean nullable;

  UserField(Class<?> valueType, boolean nullable) {
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
