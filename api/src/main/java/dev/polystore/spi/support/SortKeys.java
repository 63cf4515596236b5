package dev.polystore.spi.support;

import dev.polystore.query.Field;
import dev.polystore.query.Sort;
import dev.polystore.spi.CursorCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The effective order of a query, which every adapter pages by: the query's sort keys, then the entity id in the
 * direction of the last key (ascending when there is none), so that every order is total and keyset pages are
 * stable (see {@link Sort}). When the query sorts by the id itself, the keys end there: the id is unique, so keys
 * after it never decide an order. Null values come first in ascending and last in descending order.
 *
 * <p>A keyset cursor holds the values of these keys in the last row of a page ({@link #valuesOf}); {@link #position}
 * checks that a cursor's values fit them. Immutable and thread-safe.
 *
 * @param <F> the field enum
 */
public final class SortKeys<F extends Enum<F> & Field> {

  private final List<Sort<F>> keys;
  private final F idField;

  private SortKeys(List<Sort<F>> keys, F idField) {
    this.keys = List.copyOf(keys);
    this.idField = idField;
  }

  /**
   * The effective order of {@code sort}.
   *
   * @param idField the entity's id field, unique for every row
   */
  public static <F extends Enum<F> & Field> SortKeys<F> of(List<Sort<F>> sort, F idField) {
    Objects.requireNonNull(idField, "idField");
    List<Sort<F>> keys = new ArrayList<>(sort.size() + 1);
    Sort.Direction last = Sort.Direction.ASC;
    for (Sort<F> key : sort) {
      keys.add(key);
      if (key.field() == idField) {
        return new SortKeys<>(keys, idField);
      }
      last = key.direction();
    }
    keys.add(new Sort<>(idField, last));
    return new SortKeys<>(keys, idField);
  }

  /** The keys, the id last. */
  public List<Sort<F>> keys() {
    return keys;
  }

  /** The fields of the keys, the id last. */
  public List<F> fields() {
    return keys.stream().map(Sort::field).toList();
  }

  /** Whether the order is by the id alone (in either direction): the order of a store's primary key. */
  public boolean byIdOnly() {
    return keys.size() == 1;
  }

  /** The direction of the first key (of the id, when {@link #byIdOnly()}). */
  public Sort.Direction firstDirection() {
    return keys.get(0).direction();
  }

  /** The values of the keys in one row, in key order: what a cursor after that row holds. */
  public List<Object> valuesOf(FieldValues<F> row) {
    List<Object> values = new ArrayList<>(keys.size());
    for (Sort<F> key : keys) {
      values.add(row.valueOf(key.field()));
    }
    return values;
  }

  /**
   * The order of rows by their {@link #valuesOf values}: each key in its direction, as {@link ValueOrder} orders
   * values, nulls first ascending and last descending.
   */
  public Comparator<List<Object>> order() {
    return (a, b) -> {
      for (int i = 0; i < keys.size(); i++) {
        int c = ValueOrder.NULLS_FIRST.compare(a.get(i), b.get(i));
        if (c != 0) {
          return keys.get(i).direction() == Sort.Direction.ASC ? c : -c;
        }
      }
      return 0;
    };
  }

  /**
   * The position a keyset cursor holds: its values, after checking that they fit these keys (one value a key, each
   * of its field's type, null only for a nullable field).
   *
   * @throws dev.polystore.InvalidQueryException when they do not ({@link CursorCodec#doesNotFit()})
   */
  public List<Object> position(List<Object> values) {
    if (values.size() != keys.size()) {
      throw CursorCodec.doesNotFit();
    }
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      Field field = keys.get(i).field();
      if (value == null ? !field.nullable() : !field.valueType().isInstance(value)) {
        throw CursorCodec.doesNotFit();
      }
    }
    return values;
  }

  /** The id field of these keys. */
  public F idField() {
    return idField;
  }

  /** The keys as a query prints them, e.g. {@code [AGE DESC, ID DESC]}. */
  @Override
  public String toString() {
    return keys.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SortKeys<?> other && keys.equals(other.keys) && idField == other.idField;
  }

  @Override
  public int hashCode() {
    return keys.hashCode();
  }
}
