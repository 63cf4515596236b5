package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ValueOrderTest {

  @Test
  void stringsByCodePointNotByUtf16Unit() {
    // U+FF5E is one UTF-16 unit above the surrogates of 😀 (U+1F600), but a smaller code point
    assertTrue(ValueOrder.compare("\uFF5E", "😀") < 0);
    assertTrue("\uFF5E".compareTo("😀") > 0, "String.compareTo orders them the other way");
    assertTrue(ValueOrder.compare("B", "a") < 0, "case-sensitive, by code point");
  }

  @Test
  void idsByTheirTextWhichIsTheOrderOfTheirUnsignedBytes() {
    UUID low = UUID.fromString("7fffffff-ffff-7fff-bfff-ffffffffffff");
    UUID high = UUID.fromString("80000000-0000-7000-8000-000000000000");
    assertTrue(ValueOrder.compare(low, high) < 0);
    assertTrue(low.compareTo(high) > 0, "UUID.compareTo compares signed longs");
  }

  @Test
  void numbersTimesAndBooleansInTheirNaturalOrder() {
    assertTrue(ValueOrder.compare(-5L, 3L) < 0);
    assertTrue(ValueOrder.compare(Instant.EPOCH, Instant.EPOCH.plusNanos(1)) < 0);
    assertTrue(ValueOrder.compare(false, true) < 0);
    assertEquals(0, ValueOrder.compare(7L, 7L));
  }

  @Test
  void nullsFirst() {
    List<Object> values = new ArrayList<>(Arrays.asList(3L, null, 1L));
    values.sort(ValueOrder.NULLS_FIRST);
    assertEquals(Arrays.asList(null, 1L, 3L), values);
  }

  @Test
  void valuesOfDifferentTypesDoNotCompare() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueOrder.compare(1L, "1"));
    assertEquals("cannot compare Long with String", e.getMessage());
  }
}
