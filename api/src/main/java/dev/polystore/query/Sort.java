package dev.polystore.query;

import java.util.Objects;

/**
 * One sort key. Queries take a list of them; the entity id is always appended as the last key (in the
 * direction of the last given key) so that every order is total and keyset pages are stable. A query that sorts
 * by the id itself is ordered by its keys up to the id, in the id's own direction; keys after it never decide,
 * the id being unique. Null values sort first in ascending order and last in descending order on every backend.
 * Adapters compute this order with {@code dev.polystore.spi.support.SortKeys}. Immutable and thread-safe.
 */
public record Sort<F extends Enum<F> & Field>(F field, Direction direction) {

  /** Sort direction. */
  public enum Direction { ASC, DESC }

  public Sort {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(direction, "direction");
  }

  public static <F extends Enum<F> & Field> Sort<F> asc(F field) {
    return new Sort<>(field, Direction.ASC);
  }

  public static <F extends Enum<F> & Field> Sort<F> desc(F field) {
    return new Sort<>(field, Direction.DESC);
  }

  @Override
  public String toString() {
    return field.name() + " " + direction;
  }
}
