package dev.polystore.spi.support;

import dev.polystore.query.Field;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * The one order of field values (of a {@link Field#valueType()}) for adapters that compare, sort or group in
 * memory, as every backend orders them: strings by code point ({@link TextOrder}), ids by their text (which is the
 * order of their unsigned bytes), whole numbers and times numerically, {@code false} before {@code true}; a missing
 * value (null) before every other. Thread-safe (stateless).
 */
public final class ValueOrder {

  /** Field values in ascending order, null first: the order of {@code ASC} sort keys and of groups. */
  public static final Comparator<Object> NULLS_FIRST = Comparator.nullsFirst(ValueOrder::compare);

  private ValueOrder() {
  }

  /**
   * Compares two values of one field type.
   *
   * @throws IllegalArgumentException when they are null, of different types or of a type no field has
   */
  public static int compare(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return TextOrder.compare(x, y);
    }
    if (a instanceof UUID x && b instanceof UUID y) {
      return TextOrder.compare(x.toString(), y.toString());
    }
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof Instant x && b instanceof Instant y) {
      return x.compareTo(y);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    throw new IllegalArgumentException("cannot compare " + typeName(a) + " with " + typeName(b));
  }

  private static String typeName(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }
}
