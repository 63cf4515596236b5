package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NativeHandlesTest {

  private final StringBuilder client = new StringBuilder("client");
  private final NativeHandles handles = NativeHandles.builder("the test store")
      .add(CharSequence.class, client)
      .add(Integer.class, 7)
      .elsewhere(Long.class, "only a transaction's store offers it")
      .build();

  @Test
  void aHandleIsFoundByItsRegisteredTypeExactly() {
    assertSame(client, handles.unwrap(CharSequence.class).orElseThrow());
    assertSame(client, handles.unwrapOrThrow(CharSequence.class));
    assertEquals(Optional.of(7), handles.unwrap(Integer.class));
    assertEquals(Optional.empty(), handles.unwrap(StringBuilder.class), "a subtype finds nothing");
    assertEquals(Optional.empty(), handles.unwrap(Object.class), "a supertype finds nothing");
    assertEquals(List.of(CharSequence.class, Integer.class), List.copyOf(handles.types()));
  }

  @Test
  void unwrapOrThrowNamesTheTypeAskedForTheTypesOfferedAndWhereOthersAre() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> handles.unwrapOrThrow(String.class));
    assertEquals("the test store has no native handle of type java.lang.String; it offers java.lang.CharSequence,"
        + " java.lang.Integer (and, elsewhere, java.lang.Long)", e.getMessage());
    IllegalArgumentException elsewhere = assertThrows(IllegalArgumentException.class,
        () -> handles.unwrapOrThrow(Long.class));
    assertEquals("the test store has no native handle of type java.lang.Long: only a transaction's store offers it;"
        + " it offers java.lang.CharSequence, java.lang.Integer", elsewhere.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> NativeHandles.builder("a bare store").build().unwrapOrThrow(String.class));
    assertEquals("a bare store has no native handle of type java.lang.String; it offers none", none.getMessage());
  }

  @Test
  void nullsAndMistakesAreRefused() {
    assertThrows(NullPointerException.class, () -> handles.unwrap(null));
    assertThrows(NullPointerException.class, () -> handles.unwrapOrThrow(null));
    NativeHandles.Builder builder = NativeHandles.builder("s").add(Integer.class, 1);
    assertThrows(IllegalArgumentException.class, () -> builder.add(Integer.class, 2), "a type offered twice");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Object> wrong = (Class) Integer.class;
    assertThrows(IllegalArgumentException.class, () -> builder.add(wrong, "text"), "a handle of another type");
    assertThrows(NullPointerException.class, () -> builder.add(String.class, null));
  }

  @Test
  void aTypeAddedAfterItWasSaidToBeElsewhereIsOffered() {
    NativeHandles both = NativeHandles.builder("s").elsewhere(Long.class, "later").add(Long.class, 1L).build();
    assertEquals(Set.of(Long.class), both.types());
    assertEquals(1L, both.unwrapOrThrow(Long.class));
  }
}
