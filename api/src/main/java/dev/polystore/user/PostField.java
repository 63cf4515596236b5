package dev.polystore.user;

import dev.polystore.query.Field;
import java.time.Instant;
import java.util.UUID;

/** The fields of a {@link Post} that filters and sorts may name. Immutable and thread-safe. */
public enum PostField implements Field, SpecifiedField {
  ID(FieldSpec.of(UUID.class, false)),
  /** Filter values are {@code UUID} or {@link UserId}. */
  AUTHOR_ID(FieldSpec.of(UUID.class, false)),
  TITLE(FieldSpec.text(false, NewPost.MAX_TITLE_LENGTH)),
  CONTENT(FieldSpec.text(false, NewPost.MAX_CONTENT_LENGTH)),
  CREATED_AT(FieldSpec.of(Instant.class, false));

  PostField(FieldSpec spec) {
    FieldSpec.bind(this, spec);
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
