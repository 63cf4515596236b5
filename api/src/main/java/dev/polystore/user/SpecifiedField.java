package dev.polystore.user;

import dev.polystore.query.Field;
import java.util.OptionalInt;

/** A field enum whose constants each bind a {@link FieldSpec}, which answers the {@link Field} methods. */
interface SpecifiedField extends Field {

  @Override
  default Class<?> valueType() {
    return FieldSpec.of(this).valueType();
  }

  @Override
  default boolean nullable() {
    return FieldSpec.of(this).nullable();
  }

  /** For text fields, the longest value the field holds ({@code NewUser}/{@code NewPost} limits). */
  @Override
  default OptionalInt maxLength() {
    return FieldSpec.of(this).maxLength();
  }
}
