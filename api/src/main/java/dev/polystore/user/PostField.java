package dev.polystore.user;

import dev.polystore.query.Field;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.UUID;

/** The fields of a {@link Post} that filters and sorts may name. Immutable and thread-safe. */
public enum PostField implements Field {
  ID(UUID.class, false),
  /** Filter values are {@code UUID} or {@link UserId}. */
  AUTHOR_ID(UUID.class, false),
  TITLE(String.class, false, NewPost.MAX_TITLE_LENGTH),
  CONTENT(String.class, false, NewPost.MAX_CONTENT_LENGTH),
  CREATED_AT(Instant.class, false);

  private final Class<?> valueType;
  private final boolean nullable;
  private final OptionalInt maxLength;

  PostField(Class<?> valueType, boolean nullable) {
    this(valueType, nullable, -1);
  }

  PostField(Class<?> valueType, boolean nullable, int maxLength) {
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
   * This field's value in {@code post}, as filters, sort keys and cursors hold it: of the field's
   * {@link #valueType()} ({@code ID} and {@code AUTHOR_ID} as {@code UUID}s). The one place that maps fields to a
   * post's values, for adapters that evaluate filters or sort in memory and for the values of keyset cursors.
   */
  public Object valueOf(Post post) {
    return switch (this) {
      case ID -> post.id().value();
      case AUTHOR_ID -> post.authorId().value();
      case TITLE -> post.title();
      case CONTENT -> post.content();
      case CREATED_AT -> post.createdAt();
    };
  }
}
