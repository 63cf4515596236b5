package dev.polystore.user;

import dev.polystore.query.Field;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.UUID;

/** The fields of a {@link User} that filters, sorts and groupings may name. */
public enum UserField implements Field {
  ID(UUID.class, false),
  USERNAME(String.class, false, NewUser.MAX_USERNAME_LENGTH),
  EMAIL(String.class, false, NewUser.MAX_EMAIL_LENGTH),
  FULL_NAME(String.class, true, NewUser.MAX_FULL_NAME_LENGTH),
  /** Filter values are {@code Long}; {@code Integer} values are widened. */
  AGE(Long.class, true),
  ACTIVE(Boolean.class, false),
  CREATED_AT(Instant.class, false),
  UPDATED_AT(Instant.class, false);

  private final Class<?> valueType;
  private final boolean nullable;
  private final OptionalInt maxLength;

  UserField(Class<?> valueType, boolean nullable) {
    this(valueType, nullable, -1);
  }

  UserField(Class<?> valueType, boolean nullable, int maxLength) {
    this.valueType = valueType;
    this.nullable = nullable;
    this.maxLength = maxLength < 0 ? OptionalInt.empty() : OptionalInt.of(maxLength);
  }

  @Override
  public Class<?> valueType() {
    return valueType;
  }

  @Override
  public boolean nullable() {
    return nullable;
  }

  /** For text fields, the longest value the field holds ({@code NewUser}/{@code NewPost} limits). */
  @Override
  public OptionalInt maxLength() {
    return maxLength;
  }
}
