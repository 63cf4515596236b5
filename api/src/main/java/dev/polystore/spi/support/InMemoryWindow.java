package dev.polystore.spi.support;

import dev.polystore.query.Field;
import dev.polystore.query.Page;
import dev.polystore.query.PageRequest;
import dev.polystore.spi.CursorCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sorts and pages rows in memory, for adapters whose backend cannot read them in the query's order: every matching
 * row is held (at most {@code maxRows}), sorted by the query's {@link SortKeys}, and one page is cut from them, by
 * offset or after a keyset cursor, exactly as the SQL backends page. A cursor holds the sort values of the page's
 * last row ({@link SortKeys#valuesOf}), signed for the query; the next page starts after the rows that sort at or
 * before it, so a row inserted or deleted meanwhile neither repeats nor shifts the rows after it. Immutable and
 * thread-safe when the value reader is.
 *
 * @param <T> the row type
 * @param <F> the field enum
 */
public final class InMemoryWindow<T, F extends Enum<F> & Field> {

  private final SortKeys<F> keys;
  private final Function<? super T, FieldValues<F>> values;
  private final int maxRows;
  private final Supplier<? extends RuntimeException> tooMany;

  /**
   * @param keys the order
   * @param values the values of a row's fields
   * @param maxRows the most rows held; one more is refused with {@code tooMany}
   * @param tooMany the error when more rows match, naming the adapter's bound (e.g. an
   *     {@link dev.polystore.InvalidQueryException} naming {@code memory.max.items})
   */
  public InMemoryWindow(SortKeys<F> keys, Function<? super T, FieldValues<F>> values, int maxRows,
                        Supplier<? extends RuntimeException> tooMany) {
    this.keys = keys;
    this.values = values;
    this.maxRows = maxRows;
    this.tooMany = tooMany;
  }

  /**
   * The page {@code request} asks for, of every row of {@code rows} (each one that matches the query, in any
   * order), without a total.
   *
   * @param cursors the codec of the store's cursors
   * @param fingerprint the query's fingerprint, to which its cursors are bound
   * @throws RuntimeException {@code tooMany}'s, when more than {@code maxRows} rows come
   * @throws dev.polystore.InvalidQueryException when the request's cursor is not one of this query's
   */
  public Page<T> page(Iterator<? extends T> rows, PageRequest request, CursorCodec cursors, byte[] fingerprint) {
    List<Object> after = request.cursor()
        .map(cursor -> keys.position(cursors.decode(cursor, fingerprint))).orElse(null);
    List<Map.Entry<List<Object>, T>> sorted = sorted(rows);
    Comparator<List<Object>> order = keys.order();
    int start = 0;
    if (request.isOffset()) {
      start = (int) Math.min(request.offset(), sorted.size());
    } else if (after != null) {
      while (start < sorted.size() && order.compare(sorted.get(start).getKey(), after) <= 0) {
        start++;
      }
    }
    int end = Math.min(sorted.size(), start + request.size());
    List<T> items = new ArrayList<>(end - start);
    for (int i = start; i < end; i++) {
      items.add(sorted.get(i).getValue());
    }
    boolean hasNext = end < sorted.size();
    Optional<String> next = hasNext && !request.isOffset() && end > start
        ? Optional.of(cursors.encode(fingerprint, sorted.get(end - 1).getKey())) : Optional.empty();
    return new Page<>(items, next, hasNext, OptionalLong.empty());
  }

  /** Every row with its sort values, in order. */
  private List<Map.Entry<List<Object>, T>> sorted(Iterator<? extends T> rows) {
    List<Map.Entry<List<Object>, T>> sorted = new ArrayList<>();
    while (rows.hasNext()) {
      T row = rows.next();
      if (sorted.size() >= maxRows) {
        throw tooMany.get();
      }
      sorted.add(Map.entry(keys.valuesOf(values.apply(row)), row));
    }
    sorted.sort(Map.Entry.comparingByKey(keys.order()));
    return sorted;
  }
}
