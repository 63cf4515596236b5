package dev.polystore.tck;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.StoreException;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;

/**
 * What a feature contract (a JUnit 5 test interface such as {@link UserCrudContract}) sees of the running
 * contract: the store under test, its declared capabilities and the counter of the requests it sends.
 * Implemented by {@link StoreContract}, so a feature's default test methods run against the store that
 * {@code openEmptyStore()} opened for the test.
 *
 * @param <S> the store type under test
 */
public interface StoreUnderTest<S extends AutoCloseable> {

  /** The store under test; open during each test. */
  S store();

  /** The declared capabilities of the store under test. */
  Capabilities capabilities();

  /** Whether the store under test declares {@code capability}. */
  boolean has(Capability capability);

  /** Counts the requests the store under test sends to its backend ({@link RequestCounter}). */
  RequestCounter counter();

  /** The request costs the backend declares beyond the portable model ({@link RequestCosts}). */
  RequestCosts costs();

  /** Resets the {@link #counter()}, runs {@code work} and returns what the store sent meanwhile. */
  default RequestCount counted(Runnable work) {
    RequestCounter counter = counter();
    counter.reset();
    work.run();
    return counter.count();
  }

  /**
   * Runs {@code positive} when the store declares {@code capability}; otherwise asserts that {@code probe}
   * throws {@link dev.polystore.UnsupportedCapabilityException} naming it and records a negative test.
   */
  void requires(Capability capability, Executable positive, Executable probe) throws Throwable;

  /**
   * For a capability whose absence shows as a refusal of data rather than of an operation: runs
   * {@code positive} when the store declares {@code capability} and returns empty; otherwise asserts that
   * {@code probe} (storing what only a store with the capability accepts) throws {@code refusal}, records a
   * negative test and returns the exception, for the caller to check its message and what was stored.
   */
  <E extends StoreException> Optional<E> requiresOrRefuses(Capability capability, Executable positive,
      Class<E> refusal, Executable probe) throws Throwable;
}
