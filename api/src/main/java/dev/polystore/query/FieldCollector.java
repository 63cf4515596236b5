package dev.polystore.query;

import java.util.Set;

/** Adds every field a filter refers to, in order of appearance, to a set. Not thread-safe. */
final class FieldCollector<F extends Enum<F> & Field> implements Filter.Visitor<F, Void> {
  private final Set<F> out;

  FieldCollector(Set<F> out) {
    this.out = out;
  }

  @Override
  public Void visitAll(Filter.All<F> all) {
    return null;
  }

  @Override
  public Void visitCompare(Filter.Compare<F> compare) {
    out.add(compare.field());
    return null;
  }

  @Override
  public Void visitBetween(Filter.Between<F> between) {
    out.add(between.field());
    return null;
  }

  @Override
  public Void visitIn(Filter.In<F> in) {
    out.add(in.field());
    return null;
  }

  @Override
  public Void visitIsNull(Filter.IsNull<F> isNull) {
    out.add(isNull.field());
    return null;
  }

  @Override
  public Void visitText(Filter.Text<F> text) {
    out.add(text.field());
    return null;
  }

  @Override
  public Void visitAnd(Filter.And<F> and) {
    and.parts().forEach(part -> part.accept(this));
    return null;
  }

  @Override
  public Void visitOr(Filter.Or<F> or) {
    or.parts().forEach(part -> part.accept(this));
    return null;
  }

  @Override
  public Void visitNot(Filter.Not<F> not) {
    return not.part().accept(this);
  }
}
