package dev.polystore.user;

import dev.polystore.InvalidQueryException;
import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A query for users: filter, sort keys (the id is always the final tie-break), page, count mode and
 * children to include. Immutable; build with {@link #builder()}. Defaults: every user, sorted by id
 * (creation order), first page of {@value PageRequest#DEFAULT_SIZE}, no total, nothing included.
 */
public record UserQuery(Filter<UserField> filter, List<Sort<UserField>> sort, PageRequest page,
                        CountMode countMode, Set<Include> includes) {

  public UserQuery {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(page, "page");
    Objects.requireNonNull(countMode, "countMode");
    sort = List.copyOf(sort);
    if (sort.stream().map(Sort::field).distinct().count() != sort.size()) {
      throw new InvalidQueryException("a field may appear only once among the sort keys: " + sort);
    }
    includes = includes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(includes));
  }

  /** Every user, first page, default size. */
  public static UserQuery all() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.filter = filter;
    b.sort = sort;
    b.page = page;
    b.countMode = countMode;
    b.includes = includes.isEmpty() ? EnumSet.noneOf(Include.class) : EnumSet.copyOf(includes);
    return b;
  }

  /** This query, asking for another page. */
  public UserQuery withPage(PageRequest page) {
    return new UserQuery(filter, sort, page, countMode, includes);
  }

  /** Builder for {@link UserQuery}; not thread-safe. */
  public static final class Builder {
    private Filter<UserField> filter = Filter.all();
    private List<Sort<UserField>> sort = List.of();
    private PageRequest page = PageRequest.first(PageRequest.DEFAULT_SIZE);
    private CountMode countMode = CountMode.NONE;
    private EnumSet<Include> includes = EnumSet.noneOf(Include.class);

    private Builder() {
    }

    public Builder filter(Filter<UserField> filter) {
      this.filter = filter;
      return this;
    }

    @SafeVarargs
    public final Builder sort(Sort<UserField>... keys) {
      this.sort = List.of(keys);
      return this;
    }

    public Builder sort(List<Sort<UserField>> keys) {
      this.sort = List.copyOf(keys);
      return this;
    }

    public Builder page(PageRequest page) {
      this.page = page;
      return this;
    }

    /** Shorthand for {@code page(PageRequest.first(size))}. */
    public Builder first(int size) {
      return page(PageRequest.first(size));
    }

    /** Shorthand for {@code page(PageRequest.after(cursor, size))}. */
    public Builder after(String cursor, int size) {
      return page(PageRequest.after(cursor, size));
    }

    public Builder countMode(CountMode countMode) {
      this.countMode = countMode;
      return this;
    }

    public Builder include(Include... includes) {
      this.includes.addAll(Arrays.asList(includes));
      return this;
    }

    public UserQuery build() {
      return new UserQuery(filter, sort, page, countMode, includes);
    }
  }
}
