package dev.polystore.query;

import dev.polystore.InvalidQueryException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the leaves of one filter (its comparisons, ranges, lists, null tests and text matches, through and, or and
 * not) refer to: their fields in order of appearance, whether any matches ignoring case, and how many values they
 * bind in all. Not thread-safe: one instance reads one filter.
 */
final class FilterLeaves<F extends Enum<F> & Field> implements Filter.Visitor<F, Void> {

  private final Set<F> fields = new LinkedHashSet<>();
  private boolean ignoreCase;
  private int values;

  private FilterLeaves() {
  }

  /**
   * Refuses an {@code and} or {@code or} whose parts bind more than {@link Filter#MAX_FILTER_VALUES} values.
   *
   * @throws InvalidQueryException naming the limit and the count
   */
  static <F extends Enum<F> & Field> void requireValuesWithinLimit(String operator, List<Filter<F>> parts) {
    FilterLeaves<F> leaves = new FilterLeaves<>();
    parts.forEach(part -> part.accept(leaves));
    if (leaves.values > Filter.MAX_FILTER_VALUES) {
      throw new InvalidQueryException(operator + "(…) binds " + leaves.values + " values in all, but a"
          + " filter binds at most " + Filter.MAX_FILTER_VALUES + " (Filter.MAX_FILTER_VALUES)");
    }
  }

  static <F extends Enum<F> & Field> FilterLeaves<F> of(Filter<F> filter) {
    FilterLeaves<F> leaves = new FilterLeaves<>();
    filter.accept(leaves);
    return leaves;
  }

  Set<F> fields() {
    return fields;
  }

  boolean ignoreCase() {
    return ignoreCase;
  }

  /** The values the leaves bind: one per comparison and pattern, two per range, each of an in-list's. */
  int values() {
    return values;
  }

  private Void leaf(F field, boolean leafIgnoresCase, int leafValues) {
    fields.add(field);
    ignoreCase |= leafIgnoresCase;
    values += leafValues;
    return null;
  }

  private Void parts(List<Filter<F>> parts) {
    parts.forEach(part -> part.accept(this));
    return null;
  }

  @Override
  public Void visitAll(Filter.All<F> all) {
    return null;
  }

  @Override
  public Void visitCompare(Filter.Compare<F> compare) {
    return leaf(compare.field(), compare.ignoreCase(), 1);
  }

  @Override
  public Void visitBetween(Filter.Between<F> between) {
    return leaf(between.field(), false, 2);
  }

  @Override
  public Void visitIn(Filter.In<F> in) {
    return leaf(in.field(), in.ignoreCase(), in.values().size());
  }

  @Override
  public Void visitIsNull(Filter.IsNull<F> isNull) {
    return leaf(isNull.field(), false, 0);
  }

  @Override
  public Void visitText(Filter.Text<F> text) {
    return leaf(text.field(), text.ignoreCase(), 1);
  }

  @Override
  public Void visitAnd(Filter.And<F> and) {
    return parts(and.parts());
  }

  @Override
  public Void visitOr(Filter.Or<F> or) {
    return parts(or.parts());
  }

  @Override
  public Void visitNot(Filter.Not<F> not) {
    return not.part().accept(this);
  }
}
