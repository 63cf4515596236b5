package dev.polystore.user;

import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
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
    sort = QueryBuilder.sortKeys(sort);
    includes = QueryBuilder.includes(includes);
  }

  /** Every user, first page, default size. */
  public static UserQuery all() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().copy(filter, sort, page, countMode, includes);
  }

  /** This query, asking for another page. */
  public UserQuery withPage(PageRequest page) {
    return new UserQuery(filter, sort, page, countMode, includes);
  }

  /** Builder for {@link UserQuery}; not thread-safe. */
  public static final class Builder extends QueryBuilder<UserField, Builder> {
    private Builder() {
    }

    @Override
    Builder self() {
      return this;
    }

    public UserQuery build() {
      return new UserQuery(filter, sort, page, countMode, includes);
    }
  }
}
