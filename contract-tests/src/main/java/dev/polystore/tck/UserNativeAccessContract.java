package dev.polystore.tck;

import static dev.polystore.Capability.TRANSACTIONS;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.DuplicateKeyException;
import dev.polystore.ReadConsistency;
import dev.polystore.UserStore;
import dev.polystore.user.NewUser;
import dev.polystore.user.User;
import dev.polystore.user.UserId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract of native access to a user store ({@link UserStore#unwrap(Class)}): the application's own calls on
 * the store's native handles see the store's data, and, inside {@code inTransaction}, commit or roll back with the
 * store's writes. Not part of {@link UserStoreContract}: the native calls differ per adapter, so an adapter
 * subclasses this class once per backend with hooks that make them —
 *
 * <ul>
 *   <li>{@link #storeTypes()} and {@link #transactionTypes()}: what the store, and in addition a transaction's
 *       store, answers;</li>
 *   <li>{@link #nativeUsername}: a read of a user through the store's native handle, not the API;</li>
 *   <li>{@link #nativeWrite}: inside a transaction, a write of an application record of the test's own (in a table
 *       or item of the application's, never one Polystore owns) through the transaction's native handle;</li>
 *   <li>{@link #nativeRecordExists}: whether that record is stored, read through the store's native handle.</li>
 * </ul>
 *
 * <p>Each test gets a fresh, empty store, as in {@link UserStoreContract}, and the application's records of the
 * earlier tests must not show: {@link #openEmptyStore()} clears them too. JUnit creates one instance per test.
 */
public abstract class UserNativeAccessContract extends StoreContract<UserStore> {

  /** The contract's name in the compatibility matrix. */
  static final String NAME = "user-native-access";

  private final RequestCounter counter = new RequestCounter();

  protected UserNativeAccessContract() {
    super(NAME, UserStore::capabilities);
  }

  /** Native access is not counted; the counter is there for stores that report to one. */
  @Override
  protected RequestCounter requestCounter() {
    return counter;
  }

  // ---- hooks -----------------------------------------------------------------------------------

  /** The types the store answers {@code unwrap} with outside a transaction. */
  protected abstract Set<Class<?>> storeTypes();

  /** The types only the store an {@code inTransaction} callback receives answers, besides {@link #storeTypes()}. */
  protected abstract Set<Class<?>> transactionTypes();

  /** The username of the user {@code id}, read through {@code store}'s native handle; empty when there is none. */
  protected abstract Optional<String> nativeUsername(UserStore store, UserId id);

  /**
   * Writes the application's record {@code key} through the native handle of {@code transaction}, the store an
   * {@code inTransaction} callback received, so that it commits or rolls back with that transaction.
   */
  protected abstract void nativeWrite(UserStore transaction, String key);

  /** Whether the application's record {@code key} is stored, read through {@code store}'s native handle. */
  protected abstract boolean nativeRecordExists(UserStore store, String key);

  // ---- tests -----------------------------------------------------------------------------------

  @Test
  void aNativeReadSeesTheStoresWrites() {
    User ann = store().create(user("ann"));
    User bob = store().create(user("bob"));
    store().update(bob.toBuilder().username("rob").build());
    store().delete(ann.id());
    assertAll(
        () -> assertEquals(Optional.of("rob"), nativeUsername(store(), bob.id()), "an updated user"),
        () -> assertEquals(Optional.empty(), nativeUsername(store(), ann.id()), "a deleted user"));
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
    for (Class<?> type : transactionTypes()) {
      checks.add(() -> assertEquals(Optional.empty(), store().unwrap(type),
          type.getName() + " is a transaction's, not the store's"));
      checks.add(() -> {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store().unwrapOrThrow(type));
        assertTrue(e.getMessage().contains(type.getName()) && e.getMessage().contains("inTransaction"),
            "the refusal names the type and says a transaction's store offers it: " + e.getMessage());
      });
    }
    assertAll(checks);
  }

  @Test
  void aTransactionsStoreAnswersTheStoresTypesAndItsOwn() throws Throwable {
    requires(TRANSACTIONS, () -> store().useTransaction(tx -> {
      Set<Class<?>> all = new LinkedHashSet<>(storeTypes());
      all.addAll(transactionTypes());
      List<Executable> checks = new ArrayList<>();
      for (Class<?> type : all) {
        checks.add(() -> assertTrue(tx.unwrap(type).filter(type::isInstance).isPresent(),
            "a transaction's store answers " + type.getName()));
      }
      for (Class<?> type : storeTypes()) {
        checks.add(() -> assertSame(store().unwrapOrThrow(type), tx.unwrapOrThrow(type),
            "a transaction's store answers the store's own " + type.getName()));
      }
      assertAll(checks);
    }), () -> store().useTransaction(tx -> { }));
  }

  @Test
  void aReadingViewAnswersTheStoresOwnHandles() {
    List<Executable> checks = new ArrayList<>();
    for (ReadConsistency consistency : ReadConsistency.values()) {
      UserStore view = store().reading(consistency);
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
        () -> assertEquals(Optional.empty(), store().unwrap(UserStore.class), "the store is not a native handle"),
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
  void aNativeWriteInATransactionCommitsWithTheStoresWrites() throws Throwable {
    requires(TRANSACTIONS, () -> {
      User ann = store().inTransaction(tx -> {
        User created = tx.create(user("ann"));
        nativeWrite(tx, "committed");
        return created;
      });
      assertAll(
          () -> assertEquals(Optional.of(ann), store().get(ann.id()), "the store's write"),
          () -> assertTrue(nativeRecordExists(store(), "committed"), "the native write"));
    }, () -> store().useTransaction(tx -> { }));
  }

  @Test
  void aNativeWriteInATransactionRollsBackWithTheStoresWritesWhenTheCallbackThrows() throws Throwable {
    requires(TRANSACTIONS, () -> {
      IllegalStateException thrown = new IllegalStateException("changed my mind");
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> store().useTransaction(tx -> {
        tx.create(user("ann"));
        nativeWrite(tx, "rolled-back");
        throw thrown;
      }));
      assertSame(thrown, e, "the callback's exception comes out unchanged");
      assertAll(
          () -> assertEquals(Optional.empty(), store().findByUsername("ann"), "the store's write"),
          () -> assertFalse(nativeRecordExists(store(), "rolled-back"), "the native write"));
    }, () -> store().useTransaction(tx -> { }));
  }

  @Test
  void aNativeWriteInATransactionIsUndoneWhenTheStoreRefusesOneOfItsWrites() throws Throwable {
    requires(TRANSACTIONS, () -> {
      store().create(user("ann"));
      assertThrows(DuplicateKeyException.class, () -> store().useTransaction(tx -> {
        nativeWrite(tx, "refused");
        tx.create(user("bob"));
        tx.create(user("ANN"));
      }));
      assertAll(
          () -> assertEquals(Optional.empty(), store().findByUsername("bob"), "the store's other write"),
          () -> assertFalse(nativeRecordExists(store(), "refused"), "the native write"));
    }, () -> store().useTransaction(tx -> { }));
  }

  @Test
  void unwrapIsRefusedOnAClosedStoreAndOnATransactionsStoreAfterItsCallback() throws Throwable {
    Class<?> offered = storeTypes().iterator().next();
    List<Executable> checks = new ArrayList<>();
    checks.add(() -> assertThrows(NullPointerException.class, () -> store().unwrap(null)));
    checks.add(() -> assertThrows(NullPointerException.class, () -> store().unwrapOrThrow(null)));
    if (has(TRANSACTIONS)) {
      UserStore ended = store().inTransaction(tx -> tx);
      checks.add(() -> assertThrows(IllegalStateException.class, () -> ended.unwrap(offered),
          "unwrap on a transaction's store after its callback"));
      checks.add(() -> assertThrows(IllegalStateException.class, () -> ended.unwrapOrThrow(offered),
          "unwrapOrThrow on a transaction's store after its callback"));
    }
    assertAll(checks);
    UserStore closed = store();
    closed.close();
    assertAll(
        () -> assertThrows(IllegalStateException.class, () -> closed.unwrap(offered), "unwrap when closed"),
        () -> assertThrows(IllegalStateException.class, () -> closed.unwrapOrThrow(offered),
            "unwrapOrThrow when closed"));
  }

  // ---- support ---------------------------------------------------------------------------------

  /** A user with {@code username} and {@code <username>@example.com}. */
  protected static NewUser user(String username) {
    return NewUser.builder().username(username).email(username + "@example.com").build();
  }
}
