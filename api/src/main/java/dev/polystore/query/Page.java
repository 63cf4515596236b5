package dev.polystore.query;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of results. Immutable.
 *
 * @param items the rows of this page, in query order
 * @param nextCursor the token for the next keyset page; empty on the last page and on offset pages
 * @param hasNext whether more rows follow this page
 * @param total the number of rows matching the query, present only when the query asked for
 *     {@link CountMode#EXACT}
 */
public record Page<T>(List<T> items, Optional<String> nextCursor, boolean hasNext, OptionalLong total) {

  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(nextCursor, "nextCursor");
    Objects.requireNonNull(total, "total");
  }

  public int size() {
    return items.size();
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }
}
