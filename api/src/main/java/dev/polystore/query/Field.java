package dev.polystore.query;

/**
 * A queryable field of an entity, implemented by enums such as {@code UserField}. Filters and sort keys
 * are built from these constants only, so they can never carry query text of their own.
 */
public interface Field {
  /** The enum constant name. */
  String name();

  /** The Java type filter values must have: {@code String}, {@code Long}, {@code Boolean}, {@code Instant}, {@code UUID}. */
  Class<?> valueType();

  /** Whether the field may hold no value (so {@code isNull} is meaningful). */
  boolean nullable();

  /**
   * The most characters (code points) a value of this text field holds, which bounds its filter values too; empty
   * for fields that are not text.
   */
  default java.util.OptionalInt maxLength() {
    return java.util.OptionalInt.empty();
  }

  /** The field's name as the API spells it, e.g. {@code "username"}, {@code "created_at"}. */
  default String externalName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
