package dev.polystore.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.InvalidQueryException;
import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PostQueryTest {

  private final PostQuery query = PostQuery.builder()
      .filter(Filter.startsWith(PostField.TITLE, "Hello"))
      .tag("java")
      .search("release")
      .sort(Sort.desc(PostField.CREATED_AT), Sort.asc(PostField.TITLE))
      .first(7)
      .countMode(CountMode.EXACT)
      .include(Include.TAGS)
      .build();

  @Test
  void toBuilderCopiesEverySetting() {
    assertEquals(query, query.toBuilder().build());
  }

  @Test
  void toBuilderChangesTheCopyOnly() {
    PostQuery changed = query.toBuilder().search("notes").first(3).sort(List.of(Sort.asc(PostField.TITLE))).build();
    assertEquals(Optional.of("notes"), changed.search());
    assertEquals(PageRequest.first(3), changed.page());
    assertEquals(List.of(Sort.asc(PostField.TITLE)), changed.sort());
    assertEquals(query.tag(), changed.tag());
    assertEquals(Set.of(Include.TAGS), changed.includes());
    assertEquals(Optional.of("release"), query.search());
    assertNotEquals(query, changed);
  }

  @Test
  void aSearchIsWellFormedTextOfAtMostTheSearchLength() {
    String longest = "w".repeat(PostQuery.MAX_SEARCH_LENGTH);
    assertEquals(Optional.of(longest), PostQuery.builder().search(longest).build().search());
    InvalidQueryException tooLong = assertThrows(InvalidQueryException.class,
        () -> PostQuery.builder().search(longest + "w").build());
    assertTrue(tooLong.getMessage().contains("at most " + PostQuery.MAX_SEARCH_LENGTH), tooLong.getMessage());
    assertThrows(InvalidQueryException.class, () -> PostQuery.builder().search("a\u0000b").build());
    assertThrows(InvalidQueryException.class, () -> PostQuery.builder().search("lone\uD800").build());
  }
}
