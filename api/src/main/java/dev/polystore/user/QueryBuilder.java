package dev.polystore.user;

import dev.polystore.InvalidQueryException;
import dev.polystore.query.CountMode;
import dev.polystore.query.Field;
import dev.polystore.query.Filter;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the builders of {@link UserQuery} and {@link PostQuery} share: filter, sort keys, page, count mode and
 * includes, with their defaults (every entity, sorted by id, first page of {@value PageRequest#DEFAULT_SIZE}, no
 * total, nothing included), and the checks both queries make of them. Not thread-safe.
 *
 * @param <F> the entity's fields
 * @param <B> the concrete builder, returned by every setter
 */
abstract class QueryBuilder<F extends Enum<F> & Field, B extends QueryBuilder<F, B>> {
  Filter<F> filter = Filter.all();
  List<Sort<F>> sort = List.of();
  PageRequest page = PageRequest.first(PageRequest.DEFAULT_SIZE);
  CountMode countMode = CountMode.NONE;
  EnumSet<Include> includes = EnumSet.noneOf(Include.class);

  QueryBuilder() {
  }

  /** This builder, as its concrete type. */
  abstract B self();

  /** Sets what the builder holds from a query's parts, for {@code toBuilder()}. */
  B copy(Filter<F> filter, List<Sort<F>> sort, PageRequest page, CountMode countMode, Set<Include> includes) {
    this.filter = filter;
    this.sort = sort;
    this.page = page;
    this.countMode = countMode;
    this.includes = includes.isEmpty() ? EnumSet.noneOf(Include.class) : EnumSet.copyOf(includes);
    return self();
  }

  public B filter(Filter<F> filter) {
    this.filter = filter;
    return self();
  }

  @SafeVarargs
  public final B sort(Sort<F>... keys) {
    this.sort = List.of(keys);
    return self();
  }

  public B sort(List<Sort<F>> keys) {
    this.sort = List.copyOf(keys);
    return self();
  }

  public B page(PageRequest page) {
    this.page = page;
    return self();
  }

  /** Shorthand for {@code page(PageRequest.first(size))}. */
  public B first(int size) {
    return page(PageRequest.first(size));
  }

  /** Shorthand for {@code page(PageRequest.after(cursor, size))}. */
  public B after(String cursor, int size) {
    return page(PageRequest.after(cursor, size));
  }

  public B countMode(CountMode countMode) {
    this.countMode = countMode;
    return self();
  }

  public B include(Include... includes) {
    this.includes.addAll(Arrays.asList(includes));
    return self();
  }

  /**
   * The sort keys as a query holds them: an unmodifiable copy.
   *
   * @throws InvalidQueryException when a field appears more than once
   */
  static <F extends Enum<F> & Field> List<Sort<F>> sortKeys(List<Sort<F>> sort) {
    List<Sort<F>> keys = List.copyOf(sort);
    if (keys.stream().map(Sort::field).distinct().count() != keys.size()) {
      throw new InvalidQueryException("a field may appear only once among the sort keys: " + keys);
    }
    return keys;
  }

  /** The includes as a query holds them: an unmodifiable copy. */
  static Set<Include> includes(Set<Include> includes) {
    return includes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(includes));
  }
}
