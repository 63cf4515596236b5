package dev.polystore.query;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the leaves of one filter (its comparisons, ranges, lists, null tests and text matches, through and, or and
 * not) refer to: their fields in order of appearance, and whether any matches ignoring case. Not thread-safe: one
 * instance reads one filter.
 */
final class FilterLeaves<F extends Enum<F> & Field> implements Filter.Visitor<F, Void> {

  private final Set<F> fields = new LinkedHashSet<>();
  private boolean ignoreCase;

  private FilterLeaves() {
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

  private Void leaf(F field, boolean leafIgnoresCase) {
    fields.add(field);
    ignoreCase |= leafIgnoresCase;
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
    return leaf(compare.field(), compare.ignoreCase());
  }

  @Override
  public Void visitBetween(Filter.Between<F> between) {
    return leaf(between.field(), false);
  }

  @Override
  public Void visitIn(Filter.In<F> in) {
    return leaf(in.field(), in.ignoreCase());
  }

  @Override
  public Void visitIsNull(Filter.IsNull<F> isNull) {
    return leaf(isNull.field(), false);
  }

  @Override
  public Void visitText(Filter.Text<F> text) {
    return leaf(text.field(), text.ignoreCase());
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
