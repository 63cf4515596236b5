package dev.polystore.user;

import dev.polystore.query.Field;
import java.time.Instant;
import java.util.UUID;

/** The fields of a {@link User} that filters, sorts and groupings may name. Immutable and thread-safe. */
public enum UserField implements Field, SpecifiedField {
  ID(FieldSpec.of(UUID.class, false)),
  USERNAME(FieldSpec.text(false, NewUser.MAX_USERNAME_LENGTH)),
  EMAIL(FieldSpec.text(false, NewUser.MAX_EMAIL_LENGTH)),
  FULL_NAME(FieldSpec.text(true, NewUser.MAX_FULL_NAME_LENGTH)),
  /** Filter values are {@code Long}; {@code Integer} values are widened. */
  AGE(FieldSpec.of(Long.class, true)),
  ACTIVE(FieldSpec.of(Boolean.class, false)),
  CREATED_AT(FieldSpec.of(Instant.class, false)),
  UPDATED_AT(FieldSpec.of(Instant.class, false));

  UserField(FieldSpec spec) {
    FieldSpec.bind(this, spec);
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
