package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.InvalidQueryException;
import dev.polystore.query.Sort;
import dev.polystore.user.UserField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SortKeysTest {

  private static final String MISFIT = "Invalid cursor: it does not fit this query. Start again from the first page.";
  private static final UUID A = UUID.fromString("00000000-0000-7000-8000-00000000000a");
  private static final UUID B = UUID.fromString("00000000-0000-7000-8000-00000000000b");

  private static SortKeys<UserField> keys(List<Sort<UserField>> sort) {
    return SortKeys.of(sort, UserField.ID);
  }

  @Test
  void theIdComesLastInTheDirectionOfTheLastKey() {
    assertEquals(List.of(Sort.asc(UserField.ID)), keys(List.of()).keys());
    assertEquals(List.of(Sort.desc(UserField.AGE), Sort.desc(UserField.ID)),
        keys(List.of(Sort.desc(UserField.AGE))).keys());
    assertEquals(List.of(Sort.desc(UserField.AGE), Sort.asc(UserField.USERNAME), Sort.asc(UserField.ID)),
        keys(List.of(Sort.desc(UserField.AGE), Sort.asc(UserField.USERNAME))).keys());
    assertEquals(List.of(UserField.AGE, UserField.ID), keys(List.of(Sort.desc(UserField.AGE))).fields());
  }

  @Test
  void keysEndAtTheIdWhereverTheQueryPutsIt() {
    assertEquals(List.of(Sort.desc(UserField.ID)), keys(List.of(Sort.desc(UserField.ID))).keys());
    assertEquals(List.of(Sort.desc(UserField.ID)),
        keys(List.of(Sort.desc(UserField.ID), Sort.asc(UserField.AGE))).keys(), "keys after the id never decide");
    assertEquals(List.of(Sort.asc(UserField.AGE), Sort.desc(UserField.ID)),
        keys(List.of(Sort.asc(UserField.AGE), Sort.desc(UserField.ID))).keys(), "the id keeps its own direction");
  }

  @Test
  void byIdOnlyWhenTheIdIsTheFirstKey() {
    assertTrue(keys(List.of()).byIdOnly());
    assertTrue(keys(List.of(Sort.desc(UserField.ID), Sort.asc(UserField.AGE))).byIdOnly());
    assertEquals(Sort.Direction.DESC, keys(List.of(Sort.desc(UserField.ID))).firstDirection());
    assertFalse(keys(List.of(Sort.asc(UserField.AGE), Sort.asc(UserField.ID))).byIdOnly());
  }

  @Test
  void rowsAreOrderedKeyByKeyWithNullsFirstAscendingAndLastDescending() {
    List<Object> noAge = Arrays.asList(null, A);
    List<Object> young = Arrays.asList(20L, B);
    List<Object> old = Arrays.asList(40L, A);
    List<Object> oldToo = Arrays.asList(40L, B);
    List<List<Object>> rows = new ArrayList<>(List.of(oldToo, young, old, noAge));
    rows.sort(keys(List.of(Sort.asc(UserField.AGE))).order());
    assertEquals(List.of(noAge, young, old, oldToo), rows);
    rows.sort(keys(List.of(Sort.desc(UserField.AGE))).order());
    assertEquals(List.of(oldToo, old, young, noAge), rows);
  }

  @Test
  void aRowsValuesAreTheValuesOfItsKeys() {
    FieldValues<UserField> row = field -> switch (field) {
      case AGE -> 7L;
      case ID -> A;
      default -> "other";
    };
    assertEquals(List.of(7L, A), keys(List.of(Sort.desc(UserField.AGE))).valuesOf(row));
  }

  @Test
  void aCursorFitsOnlyWithOneValueOfTheRightTypePerKey() {
    SortKeys<UserField> byAge = keys(List.of(Sort.asc(UserField.AGE)));
    assertEquals(Arrays.asList(null, A), byAge.position(Arrays.asList(null, A)), "age may be null");
    assertEquals(List.of(3L, A), byAge.position(List.of(3L, A)));
    List<List<Object>> misfits = List.of(List.of(A), List.of(3L, A, A), List.of("3", A), List.of(3L, "id"),
        Arrays.asList(3L, null));
    for (List<Object> misfit : misfits) {
      InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> byAge.position(misfit));
      assertEquals(MISFIT, e.getMessage(), misfit.toString());
    }
    SortKeys<UserField> byCreation = keys(List.of(Sort.asc(UserField.CREATED_AT)));
    assertEquals(MISFIT, assertThrows(InvalidQueryException.class,
        () -> byCreation.position(Arrays.asList(null, A))).getMessage(), "created_at is never null");
    assertEquals(List.of(Instant.EPOCH, A), byCreation.position(List.of(Instant.EPOCH, A)));
  }
}
