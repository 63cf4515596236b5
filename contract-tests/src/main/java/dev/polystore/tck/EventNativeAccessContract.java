package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EventStore;
import dev.polystore.ReadConsistency;
import dev.polystore.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract of native access to an event store ({@link EventStore#unwrap(Class)}): the application's own
 * queries on the store's native handles see what the store stored. Not part of {@link EventStoreContract}: the
 * native calls differ per adapter, so an adapter subclasses this class once per backend with hooks that make them —
 * {@link #storeTypes()}, what the store answers, and {@link #nativeFieldValues}, a read of one field of a series'
 * events through the store's native handle (its client's query language, not the API).
 *
 * <p>Each test gets a fresh, empty store, as in {@link EventStoreContract}. JUnit creates one instance per test.
 */
public abstract class EventNativeAccessContract extends StoreContract<EventStore> {

  /** The contract's name in the compatibility matrix. */
  static final String NAME = "event-native-access";

  private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

  private final RequestCounter counter = new RequestCounter();

  protected EventNativeAccessContract() {
    super(NAME, EventStore::capabilities);
  }

  /** Native access is not counted; the counter is there for stores that report to one. */
  @Override
  protected RequestCounter requestCounter() {
    return counter;
  }

  // ---- hooks -----------------------------------------------------------------------------------

  /** The types the store answers {@code unwrap} with. */
  protected abstract Set<Class<?>> storeTypes();

  /**
   * The values of the whole-number field {@code field} of the events of {@code series} whose tag {@code host} is
   * {@code host}, in time order, read through {@code store}'s native handle.
   */
  protected abstract List<Long> nativeFieldValues(EventStore store, String series, String host, String field);

  // ---- tests -----------------------------------------------------------------------------------

  @Test
  void aNativeQuerySeesWhatTheStoreStored() {
    store().appendAll(List.of(
        event("cpu", 0, "a", 10), event("cpu", 1, "b", 20), event("cpu", 2, "a", 30), event("disk", 0, "a", 99)));
    store().flush();
    assertAll(
        () -> assertEquals(List.of(10L, 30L), nativeFieldValues(store(), "cpu", "a", "load")),
        () -> assertEquals(List.of(20L), nativeFieldValues(store(), "cpu", "b", "load")),
        () -> assertEquals(List.of(), nativeFieldValues(store(), "cpu", "c", "load")));
  }

  @Test
  void theStoreAnswersEachTypeItOffersWithTheSameHandleEveryTime() {
    List<Executable> checks = new ArrayList<>();
    for (Class<?> type : storeTypes()) {
      checks.add(() -> {
        Object handle = store().unwrap(type).orElseThrow(() -> new AssertionError("no " + type.getName()));
        assertTrue(type.isInstance(handle), type.getName());
        assertSame(handle, store().unwrapOrThrow(type), "unwrapOrThrow answers the same " + type.getName());
      });
    }
    assertAll(checks);
  }

  @Test
  void aReadingViewAnswersTheStoresOwnHandles() {
    List<Executable> checks = new ArrayList<>();
    for (ReadConsistency consistency : ReadConsistency.values()) {
      EventStore view = store().reading(consistency);
      for (Class<?> type : storeTypes()) {
        checks.add(() -> assertSame(store().unwrapOrThrow(type), view.unwrapOrThrow(type),
            consistency + " view, " + type.getName()));
      }
    }
    assertAll(checks);
  }

  @Test
  void aTypeTheStoreDoesNotOfferIsEmptyAndUnwrapOrThrowNamesTheTypesItOffers() {
    assertAll(
        () -> assertEquals(Optional.empty(), store().unwrap(String.class)),
        () -> assertEquals(Optional.empty(), store().unwrap(Object.class), "a supertype finds nothing"),
        () -> assertEquals(Optional.empty(), store().unwrap(EventStore.class), "the store is not a native handle"),
        () -> {
          IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
              () -> store().unwrapOrThrow(StringBuilder.class));
          assertTrue(e.getMessage().contains(StringBuilder.class.getName()), e.getMessage());
          for (Class<?> type : storeTypes()) {
            assertTrue(e.getMessage().contains(type.getName()), "names " + type.getName() + ": " + e.getMessage());
          }
        });
  }

  @Test
  void unwrapIsRefusedOnAClosedStore() {
    Class<?> offered = storeTypes().iterator().next();
    assertAll(
        () -> assertThrows(NullPointerException.class, () -> store().unwrap(null)),
        () -> assertThrows(NullPointerException.class, () -> store().unwrapOrThrow(null)));
    EventStore closed = store();
    closed.close();
    assertAll(
        () -> assertThrows(IllegalStateException.class, () -> closed.unwrap(offered), "unwrap when closed"),
        () -> assertThrows(IllegalStateException.class, () -> closed.unwrapOrThrow(offered),
            "unwrapOrThrow when closed"));
  }

  /** An event of {@code series} at {@code T0 + seconds}, tagged {@code host}, with the field {@code load}. */
  private static Event event(String series, int seconds, String host, long load) {
    return new Event(series, T0.plusSeconds(seconds), Map.of("host", host), Map.of("load", load));
  }
}
