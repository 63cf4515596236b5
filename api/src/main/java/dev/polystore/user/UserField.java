package dev.polystore.user;

import dev.polystore.query.Field;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.UUID;

/** The fields of a {@link User} that filters, sorts and groupings may name. Immutable and thread-safe. */
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

  /**
   * This field's value in {@code user}, as filters, sort keys and cursors hold it: of the field's
   * {@link #valueType()} ({@code ID} as a {@code UUID}, {@code AGE} widened to {@code Long}), or null when the
   * user has none. The one place that maps fields to a user's values, for adapters that evaluate filters or sort
   * in memory and for the values of keyset cursors.
   */
  public Object valueOf(User user) {
    return switch (this) {
      case ID -> user.id().value();
      case USERNAME -> user.username();
      case EMAIL -> user.email();
      case FULL_NAME -> user.fullName();
      case AGE -> user.age() == null ? null : Long.valueOf(user.age());
      case ACTIVE -> user.active();
      case CREATED_AT -> user.createdAt();
      case UPDATED_AT -> user.updatedAt();
    };
  }
}
