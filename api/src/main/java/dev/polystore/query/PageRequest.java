package dev.polystore.query;

import dev.polystore.InvalidQueryException;
import java.util.Optional;

/**
 * Which page of a result to read. Keyset (cursor) pages are the default: {@link #first(int)}, then
 * {@link #after(String, int)} with the previous page's {@link Page#nextCursor()}. Offset pages
 * ({@link #offset(long, int)}) exist for user interfaces that jump to page N; they are slower on deep
 * offsets and may skip or repeat rows when rows are inserted between requests.
 *
 * @param size rows per page, 1 to {@value #MAX_SIZE}
 * @param cursor the opaque token of the previous page, when paging by cursor
 * @param offset rows to skip, when paging by offset; {@code -1} when paging by cursor
 */
public record PageRequest(int size, Optional<String> cursor, long offset) {

  /** The largest page size a store accepts. */
  public static final int MAX_SIZE = 1000;
  /** The page size used when a query names none. */
  public static final int DEFAULT_SIZE = 50;

  public PageRequest {
    if (size < 1 || size > MAX_SIZE) {
      throw new InvalidQueryException("page size must be between 1 and " + MAX_SIZE + ", not " + size);
    }
    if (cursor == null) {
      cursor = Optional.empty();
    }
    if (cursor.isPresent() && offset != -1) {
      throw new InvalidQueryException("a page is either after a cursor or at an offset, not both");
    }
    if (cursor.isEmpty() && offset < -1) {
      throw new InvalidQueryException("offset must be 0 or more, not " + offset);
    }
    if (cursor.isPresent() && cursor.get().isBlank()) {
      throw new InvalidQueryException("cursor must not be blank");
    }
  }

  /** The first keyset page. */
  public static PageRequest first(int size) {
    return new PageRequest(size, Optional.empty(), -1);
  }

  /** The keyset page after the one that returned {@code cursor}. */
  public static PageRequest after(String cursor, int size) {
    if (cursor == null) {
      throw new InvalidQueryException("cursor must not be null; use PageRequest.first for the first page");
    }
    return new PageRequest(size, Optional.of(cursor), -1);
  }

  /** An offset page: skip {@code offset} rows, return up to {@code size}. */
  public static PageRequest offset(long offset, int size) {
    if (offset < 0) {
      throw new InvalidQueryException("offset must be 0 or more, not " + offset);
    }
    return new PageRequest(size, Optional.empty(), offset);
  }

  /** Whether this is an offset page. */
  public boolean isOffset() {
    return offset >= 0;
  }

  @Override
  public String toString() {
    return isOffset() ? "offset(" + offset + ", " + size + ")"
        : cursor.map(c -> "after(<cursor>, " + size + ")").orElse("first(" + size + ")");
  }
}
