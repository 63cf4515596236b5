package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.InvalidQueryException;
import dev.polystore.query.Page;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
import dev.polystore.spi.CursorCodec;
import dev.polystore.user.UserField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InMemoryWindowTest {

  /** A user reduced to what the window reads: id, username and an optional age. */
  private record Row(UUID id, String name, Long age) {
    FieldValues<UserField> values() {
      return field -> switch (field) {
        case ID -> id;
        case USERNAME -> name;
        case AGE -> age;
        default -> throw new IllegalArgumentException(field.name());
      };
    }
  }

  private static Row row(int n, String name, Long age) {
    return new Row(UUID.fromString(String.format("00000000-0000-7000-8000-%012d", n)), name, age);
  }

  private static final List<Row> ROWS = List.of(row(1, "cid", 30L), row(2, "ann", null), row(3, "bob", 30L),
      row(4, "dan", 20L), row(5, "eve", null));
  private static final RuntimeException TOO_MANY = new InvalidQueryException("too many (memory.max.items)");

  private final CursorCodec cursors = CursorCodec.withRandomSecret();
  private final byte[] fingerprint = CursorCodec.fingerprint("users", "all", "[AGE DESC]");

  private static InMemoryWindow<Row, UserField> window(List<Sort<UserField>> sort, int maxRows) {
    return new InMemoryWindow<>(SortKeys.of(sort, UserField.ID), Row::values, maxRows, () -> TOO_MANY);
  }

  private static List<String> names(Page<Row> page) {
    return page.items().stream().map(Row::name).toList();
  }

  @Test
  void sortsByTheKeysThenTheIdWithNullsLastDescending() {
    Page<Row> page = window(List.of(Sort.desc(UserField.AGE)), 10).page(ROWS.iterator(), PageRequest.first(10),
        cursors, fingerprint);
    assertEquals(List.of("bob", "cid", "dan", "eve", "ann"), names(page), "ties on age by id, descending too");
    assertFalse(page.hasNext());
    assertEquals(Optional.empty(), page.nextCursor());
    assertTrue(page.total().isEmpty());
    assertEquals(List.of("ann", "eve", "dan", "cid", "bob"), names(window(List.of(Sort.asc(UserField.AGE)), 10)
        .page(ROWS.iterator(), PageRequest.first(10), cursors, fingerprint)), "nulls first ascending");
  }

  @Test
  void keysetPagesWalkTheWholeOrderOnceEvenWhenRowsComeAndGoBetweenPages() {
    InMemoryWindow<Row, UserField> byAge = window(List.of(Sort.desc(UserField.AGE)), 10);
    Page<Row> first = byAge.page(ROWS.iterator(), PageRequest.first(2), cursors, fingerprint);
    assertEquals(List.of("bob", "cid"), names(first));
    assertTrue(first.hasNext());
    List<Row> changed = new ArrayList<>(ROWS);
    changed.remove(0);                       // cid is deleted
    changed.add(row(6, "fay", 99L));         // fay sorts before the cursor: not seen
    changed.add(row(7, "gus", 25L));         // gus sorts after it: seen
    Page<Row> second = byAge.page(changed.iterator(), PageRequest.after(first.nextCursor().orElseThrow(), 2),
        cursors, fingerprint);
    assertEquals(List.of("gus", "dan"), names(second));
    Page<Row> third = byAge.page(changed.iterator(), PageRequest.after(second.nextCursor().orElseThrow(), 2),
        cursors, fingerprint);
    assertEquals(List.of("eve", "ann"), names(third));
    assertFalse(third.hasNext());
    assertEquals(Optional.empty(), third.nextCursor());
  }

  @Test
  void offsetPagesSkipInOrderAndCarryNoCursor() {
    InMemoryWindow<Row, UserField> byName = window(List.of(Sort.asc(UserField.USERNAME)), 10);
    Page<Row> page = byName.page(ROWS.iterator(), PageRequest.offset(1, 2), cursors, fingerprint);
    assertEquals(List.of("bob", "cid"), names(page));
    assertTrue(page.hasNext());
    assertEquals(Optional.empty(), page.nextCursor());
    Page<Row> past = byName.page(ROWS.iterator(), PageRequest.offset(9, 2), cursors, fingerprint);
    assertTrue(past.isEmpty());
    assertFalse(past.hasNext());
  }

  @Test
  void holdsAtMostMaxRowsAndRefusesMore() {
    assertEquals(List.of("ann"), names(window(List.of(Sort.asc(UserField.USERNAME)), 5)
        .page(ROWS.iterator(), PageRequest.first(1), cursors, fingerprint)), "five rows fit a bound of five");
    RuntimeException e = assertThrows(RuntimeException.class, () -> window(List.of(Sort.asc(UserField.USERNAME)), 4)
        .page(ROWS.iterator(), PageRequest.first(1), cursors, fingerprint));
    assertSame(TOO_MANY, e);
  }

  @Test
  void aCursorOfAnotherQueryOrOrderIsRefused() {
    InMemoryWindow<Row, UserField> byAge = window(List.of(Sort.desc(UserField.AGE)), 10);
    String cursor = byAge.page(ROWS.iterator(), PageRequest.first(1), cursors, fingerprint).nextCursor().orElseThrow();
    byte[] other = CursorCodec.fingerprint("users", "all", "[USERNAME ASC]");
    assertThrows(InvalidQueryException.class, () -> byAge.page(ROWS.iterator(), PageRequest.after(cursor, 1),
        cursors, other));
    String misfit = cursors.encode(fingerprint, List.of("cid", UUID.randomUUID()));
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> byAge.page(ROWS.iterator(),
        PageRequest.after(misfit, 1), cursors, fingerprint));
    assertEquals(CursorCodec.doesNotFit().getMessage(), e.getMessage());
  }
}
