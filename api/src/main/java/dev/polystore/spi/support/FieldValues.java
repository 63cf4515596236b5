package dev.polystore.spi.support;

import dev.polystore.query.Field;
import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import dev.polystore.user.User;
import dev.polystore.user.UserField;

/**
 * The values of one entity's fields, as filters, sort keys and cursors hold them: each of the field's
 * {@link Field#valueType()}, or null when the entity has none. What an adapter hands to {@link InMemoryFilter} and
 * {@link InMemoryWindow} for each row it evaluates in memory. Users and posts are read in one place,
 * {@link UserField#valueOf(User)} and {@link PostField#valueOf(Post)}; {@link #of(User)} and {@link #of(Post)} wrap
 * them. Implementations are as thread-safe as the entity they read; those of {@code of} are (immutable).
 *
 * @param <F> the field enum
 */
@FunctionalInterface
public interface FieldValues<F extends Enum<F> & Field> {

  /** The value of {@code field}: of the field's value type, or null when missing. */
  Object valueOf(F field);

  /** The values of a user's fields. */
  static FieldValues<UserField> of(User user) {
    return field -> field.valueOf(user);
  }

  /** The values of a post's fields. */
  static FieldValues<PostField> of(Post post) {
    return field -> field.valueOf(post);
  }
}
