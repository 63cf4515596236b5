package dev.polystore.user;

import dev.polystore.InvalidQueryException;
import dev.polystore.spi.support.Lookups;
import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
import dev.polystore.spi.support.TextRules;
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

  /** The longest full-text search text, in characters (code points), as for filter patterns. */
  public static final int MAX_SEARCH_LENGTH = Filter.MAX_PATTERN_LENGTH;

  public PostQuery {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(page, "page");
    Objects.requireNonNull(countMode, "countMode");
    tag = tag == null ? Optional.empty() : tag;
    tag.ifPresent(Lookups::tag);
    search = search == null ? Optional.empty() : search;
    search.ifPresent(s -> {
      TextRules.requireMatchable("a full-text search", s, MAX_SEARCH_LENGTH);
      if (s.isBlank()) {
        throw new InvalidQueryException("a full-text search needs at least one word");
      }
    });
    sort = QueryBuilder.sortKeys(sort);
    if (includes.contains(Include.POSTS)) {
      throw new InvalidQueryException("a post query can include TAGS, not POSTS");
    }
    includes = QueryBuilder.includes(includes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this query's settings, to build a changed copy; the query itself is unchanged. */
  public Builder toBuilder() {
    Builder b = new Builder().copy(filter, sort, page, countMode, includes);
    b.tag = tag.orElse(null);
    b.search = search.orElse(null);
    return b;
  }

  /** This query, asking for another page. */
  public PostQuery withPage(PageRequest page) {
    return new PostQuery(filter, tag, search, sort, page, countMode, includes);
  }

  /** Builder for {@link PostQuery}; not thread-safe. */
  public static final class Builder extends QueryBuilder<PostField, Builder> {
    private String tag;
    private String search;

    private Builder() {
    }

    @Override
    Builder self() {
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

    public PostQuery build() {
      return new PostQuery(filter, Optional.ofNullable(tag), Optional.ofNullable(search), sort, page,
          countMode, includes);
    }
  }
}
