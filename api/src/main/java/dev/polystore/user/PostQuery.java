package dev.polystore.user;

import dev.polystore.InvalidQueryException;
import dev.polystore.spi.support.Lookups;
import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A query for posts: filter, optional tag (posts carrying it), optional full-text search over title and
 * content (needs {@code Capability.FULL_TEXT}), sort keys (the id is always the final tie-break), page,
 * count mode and includes ({@link Include#TAGS}). Immutable; build with {@link #builder()}, copy with changes
 * through {@link #toBuilder()}.
 *
 * <p>Full-text search follows each backend's own tokenizer and language rules; what is portable is that a
 * search for a whole word present in a title or content finds that post.
 */
public record PostQuery(Filter<PostField> filter, Optional<String> tag, Optional<String> search,
                        List<Sort<PostField>> sort, PageRequest page, CountMode countMode,
                        Set<Include> includes) {

  public PostQuery {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(page, "page");
    Objects.requireNonNull(countMode, "countMode");
    tag = tag == null ? Optional.empty() : tag;
    tag.ifPresent(Lookups::tag);
    search = search == null ? Optional.empty() : search;
    search.ifPresent(s -> {
      if (s.isBlank()) {
        throw new InvalidQueryException("a full-text search needs at least one word");
      }
    });
    sort = List.copyOf(sort);
    if (sort.stream().map(Sort::field).distinct().count() != sort.size()) {
      throw new InvalidQueryException("a field may appear only once among the sort keys: " + sort);
    }
    if (includes.contains(Include.POSTS)) {
      throw new InvalidQueryException("a post query can include TAGS, not POSTS");
    }
    includes = includes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(includes));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this query's settings, to build a changed copy; the query itself is unchanged. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.filter = filter;
    b.tag = tag.orElse(null);
    b.search = search.orElse(null);
    b.sort = sort;
    b.page = page;
    b.countMode = countMode;
    b.includes = includes.isEmpty() ? EnumSet.noneOf(Include.class) : EnumSet.copyOf(includes);
    return b;
  }

  /** This query, asking for another page. */
  public PostQuery withPage(PageRequest page) {
    return new PostQuery(filter, tag, search, sort, page, countMode, includes);
  }

  /** Builder for {@link PostQuery}; not thread-safe. */
  public static final class Builder {
    private Filter<PostField> filter = Filter.all();
    private String tag;
    private String search;
    private List<Sort<PostField>> sort = List.of();
    private PageRequest page = PageRequest.first(PageRequest.DEFAULT_SIZE);
    private CountMode countMode = CountMode.NONE;
    private EnumSet<Include> includes = EnumSet.noneOf(Include.class);

    private Builder() {
    }

    public Builder filter(Filter<PostField> filter) {
      this.filter = filter;
      return this;
    }

    /** Only posts by this author; combined with {@link #filter} by AND. */
    public Builder author(UserId author) {
      Filter<PostField> byAuthor = Filter.eq(PostField.AUTHOR_ID, author.value());
      this.filter = filter instanceof Filter.All ? byAuthor : Filter.and(filter, byAuthor);
      return this;
    }

    /**
     * Only posts carrying this tag (matched exactly, case and trailing spaces included).
     *
     * @throws InvalidQueryException when the tag is null, longer than a tag can be (64 characters) or not
     *     well-formed text without NUL
     */
    public Builder tag(String tag) {
      this.tag = Lookups.tag(tag);
      return this;
    }

    /** Full-text search over title and content. */
    public Builder search(String text) {
      this.search = text;
      return this;
    }

    @SafeVarargs
    public final Builder sort(Sort<PostField>... keys) {
      this.sort = List.of(keys);
      return this;
    }

    public Builder sort(List<Sort<PostField>> keys) {
      this.sort = List.copyOf(keys);
      return this;
    }

    public Builder page(PageRequest page) {
      this.page = page;
      return this;
    }

    public Builder first(int size) {
      return page(PageRequest.first(size));
    }

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

    public PostQuery build() {
      return new PostQuery(filter, Optional.ofNullable(tag), Optional.ofNullable(search), sort, page,
          countMode, includes);
    }
  }
}
