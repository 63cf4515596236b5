package dev.polystore.user;

import dev.polystore.query.Field;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a field enum constant ({@link UserField}, {@link PostField}) says of its values: their Java type, whether
 * the field may hold none, and for text the most characters a value holds. Each constant binds its spec once, when
 * its enum is initialised, and {@link SpecifiedField} answers the {@link Field} methods from it. Immutable and
 * thread-safe.
 */
record FieldSpec(Class<?> valueType, boolean nullable, OptionalInt maxLength) {
  private static final Map<Field, FieldSpec> BOUND = new ConcurrentHashMap<>();

  /** A field that is not text. */
  static FieldSpec of(Class<?> valueType, boolean nullable) {
    return new FieldSpec(valueType, nullable, OptionalInt.empty());
  }

  /** A text field whose values hold at most {@code maxLength} characters. */
  static FieldSpec text(boolean nullable, int maxLength) {
    return new FieldSpec(String.class, nullable, OptionalInt.of(maxLength));
  }

  /** Binds {@code spec} to {@code field}; called from the field enum's constructor. */
  static void bind(Field field, FieldSpec spec) {
    BOUND.put(field, spec);
  }

  /** The spec bound to {@code field}. */
  static FieldSpec of(Field field) {
    return Objects.requireNonNull(BOUND.get(field), field::name);
  }
}
