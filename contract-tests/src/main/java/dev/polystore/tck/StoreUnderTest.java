package dev.polystore.tck;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.StoreException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
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

  /**
   * For a capability whose absence is a weaker guarantee rather than a refusal (such as
   * {@link Capability#STRONG_QUERIES}: without it, queries asked to be strong are eventually consistent): runs
   * {@code declared} when the store declares {@code capability}; otherwise runs {@code otherwise}, which checks the
   * weaker guarantee, and records a negative test.
   */
  void declaresOrNot(Capability capability, Executable declared, Executable otherwise) throws Throwable;

  /**
   * Opens another store over the same backend and data as the store under test, with {@code options} added to its
   * configuration as the adapter reads properties; the caller closes it. For the options every adapter shares,
   * such as {@code read.consistency}.
   *
   * @throws dev.polystore.StoreConfigurationException as the adapter refuses the options
   */
  S openWith(Map<String, String> options);

  /**
   * The longest an {@link dev.polystore.ReadConsistency#EVENTUAL} read may take to see a write in this test setup
   * (a replica's lag, DynamoDB's index propagation): {@link #eventually} polls this long.
   */
  Duration eventualBound();

  /**
   * Reads with {@code read} until it returns {@code expected}, for at most {@link #eventualBound()}, and asserts
   * that it did; a read that throws fails at once.
   *
   * @param what the read, for the failure message
   */
  default <T> void eventually(String what, T expected, Supplier<T> read) {
    long deadline = System.nanoTime() + eventualBound().toNanos();
    T last = read.get();
    for (long pause = 5; !Objects.equals(expected, last) && System.nanoTime() < deadline;
         pause = Math.min(100, pause * 2)) {
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
      last = read.get();
    }
    Assertions.assertEquals(expected, last, what + ", read until " + eventualBound() + " had passed");
  }
}
