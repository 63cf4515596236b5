package dev.polystore.query;

/** Whether any part of a filter asks for case-insensitive matching. Thread-safe (stateless). */
final class IgnoreCaseFinder<F extends Enum<F> & Field> implements Filter.Visitor<F, Boolean> {
  IgnoreCaseFinder() {
  }

  @Override
  public Boolean visitAll(Filter.All<F> all) {
    return false;
  }

  @Override
  public Boolean visitCompare(Filter.Compare<F> compare) {
    return compare.ignoreCase();
  }

  @Override
  public Boolean visitBetween(Filter.Between<F> between) {
    return false;
  }

  @Override
  public Boolean visitIn(Filter.In<F> in) {
    return in.ignoreCase();
  }

  @Override
  public Boolean visitIsNull(Filter.IsNull<F> isNull) {
    return false;
  }

  @Override
  public Boolean visitText(Filter.Text<F> text) {
    return text.ignoreCase();
  }

  @Override
  public Boolean visitAnd(Filter.And<F> and) {
    return and.parts().stream().anyMatch(Filter::usesIgnoreCase);
  }

  @Override
  public Boolean visitOr(Filter.Or<F> or) {
    return or.parts().stream().anyMatch(Filter::usesIgnoreCase);
  }

  @Override
  public Boolean visitNot(Filter.Not<F> not) {
    return not.part().usesIgnoreCase();
  }
}
