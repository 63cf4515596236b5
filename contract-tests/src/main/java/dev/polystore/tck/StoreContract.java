package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.StoreException;
import dev.polystore.UnsupportedCapabilityException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * The common base of {@link UserStoreContract} and {@link EventStoreContract}: opens a fresh store before each
 * test and closes it after, gates tests on declared capabilities ({@link #requires}, or {@link #requiresOrRefuses}
 * where a missing capability shows as refused data) and reports to the
 * {@link CompatibilityMatrixExtension}; the feature contracts (test interfaces) reach the store through
 * {@link StoreUnderTest}. Adapters extend one of the two contracts, not this class.
 *
 * <p>JUnit creates one instance per test method; an instance is used by one thread.
 *
 * @param <S> the store type under test
 */
@ExtendWith(CompatibilityMatrixExtension.class)
public abstract class StoreContract<S extends AutoCloseable> implements StoreUnderTest<S> {

  private final String contractName;
  private final Function<S, Capabilities> capabilitiesOf;

  /** The store under test; open during each test. */
  protected S store;
  private Capabilities capabilities;
  private Capability negativeCapability;

  StoreContract(String contractName, Function<S, Capabilities> capabilitiesOf) {
    this.contractName = contractName;
    this.capabilitiesOf = capabilitiesOf;
  }

  /** A store over an empty data set; called before each test, closed by the contract after it. */
  protected abstract S openEmptyStore();

  /**
   * The counter the store that {@link #openEmptyStore()} opened reports its requests to, made for the test (see
   * {@link RequestCounter}: a hook on the store's driver, SDK or HTTP client). Required: the request-count
   * contracts hold every backend to its counts, so none may leave them out.
   */
  protected abstract RequestCounter requestCounter();

  /**
   * The request costs of this backend where they differ from the portable model ({@link RequestCosts}), as the
   * store documents or reports them; default {@link RequestCosts#defaults()}. An event store declares at least
   * {@link RequestCosts#eventsPerWrite()}.
   */
  protected RequestCosts requestCosts() {
    return RequestCosts.defaults();
  }

  /**
   * Another store over the same backend and data as the one {@link #openEmptyStore()} opened for the test (the same
   * file, schema, table or database, not emptied; an in-memory database, which is one store's own, may be a new
   * one), with {@code options} added to its configuration the way the
   * adapter reads properties (a {@code StoreConfig}'s properties, URL parameters, or the options class's
   * {@code fromProperties}). The contract uses it to check the options every adapter shares
   * ({@code read.consistency}) and closes what it opened. Every adapter's subclass overrides it; the default fails
   * the tests that need it, saying so.
   *
   * @throws dev.polystore.StoreConfigurationException as the adapter refuses the options
   */
  protected S openStoreWith(Map<String, String> options) {
    throw new UnsupportedOperationException(getClass().getName() + " does not override openStoreWith(options): the"
        + " contract opens a store with options every adapter shares (read.consistency) through it");
  }

  /**
   * The longest an {@code EVENTUAL} read may take to see a write in this setup; default 10 seconds (a store without
   * replicas sees it at once). A subclass over replicas or a real DynamoDB table may set another bound.
   */
  protected Duration eventualReadBound() {
    return Duration.ofSeconds(10);
  }

  /** Optional: a short variant name for the matrix, e.g. {@code "file"} or {@code "memory"}; default "". */
  protected String variant() {
    return "";
  }

  @BeforeEach
  final void openStoreUnderTest() {
    negativeCapability = null;
    store = openEmptyStore();
    assertNotNull(store, "openEmptyStore() returned null");
    capabilities = capabilitiesOf.apply(store);
    assertNotNull(capabilities, "capabilities() returned null");
  }

  @AfterEach
  final void closeStoreUnderTest() throws Exception {
    if (store != null) {
      S open = store;
      store = null;
      open.close();
    }
  }

  @Override
  public final S store() {
    return Objects.requireNonNull(store, "no store is open");
  }

  @Override
  public final RequestCounter counter() {
    return Objects.requireNonNull(requestCounter(), "requestCounter() returned null");
  }

  @Override
  public final RequestCosts costs() {
    return Objects.requireNonNull(requestCosts(), "requestCosts() returned null");
  }

  /** The declared capabilities of the store under test. */
  @Override
  public final Capabilities capabilities() {
    return Objects.requireNonNull(capabilities, "no store is open");
  }

  /** Whether the store under test declares {@code capability}. */
  @Override
  public final boolean has(Capability capability) {
    return capabilities().has(capability);
  }

  /**
   * Runs {@code positive} when the store declares {@code capability}. Otherwise asserts that {@code probe}
   * (an operation that needs the capability) throws {@link UnsupportedCapabilityException} naming it, and
   * records the test as negative in the compatibility matrix. Nothing passes by being skipped.
   */
  @Override
  public final void requires(Capability capability, Executable positive, Executable probe) throws Throwable {
    Objects.requireNonNull(capability, "capability");
    if (has(capability)) {
      positive.execute();
      return;
    }
    UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, probe,
        capabilities().backend() + " does not declare " + capability
            + ", so the operation must fail with UnsupportedCapabilityException");
    assertEquals(capability, e.capability(),
        "UnsupportedCapabilityException must name the missing capability: " + e.getMessage());
    negativeCapability = capability;
  }

  /**
   * For a capability whose absence shows as a refusal of data, not of an operation (such as
   * {@link Capability#EVENT_MIXED_FIELD_TYPES}): runs {@code positive} when the store declares
   * {@code capability} and returns empty. Otherwise asserts that {@code probe} (a write only a store with the
   * capability accepts) throws {@code refusal}, records the test as negative in the compatibility matrix, and
   * returns the exception, for the test to check its message and what the store kept. A store that does not
   * declare the capability but accepts the data anyway fails the test.
   */
  @Override
  public final <E extends StoreException> Optional<E> requiresOrRefuses(Capability capability, Executable positive,
      Class<E> refusal, Executable probe) throws Throwable {
    Objects.requireNonNull(capability, "capability");
    Objects.requireNonNull(refusal, "refusal");
    if (has(capability)) {
      positive.execute();
      return Optional.empty();
    }
    E e = assertThrows(refusal, probe, capabilities().backend() + " does not declare " + capability
        + ", so it must refuse the data with " + refusal.getSimpleName());
    negativeCapability = capability;
    return Optional.of(e);
  }

  @Override
  public final void declaresOrNot(Capability capability, Executable declared, Executable otherwise) throws Throwable {
    Objects.requireNonNull(capability, "capability");
    if (has(capability)) {
      declared.execute();
      return;
    }
    otherwise.execute();
    negativeCapability = capability;
  }

  @Override
  public final S openWith(Map<String, String> options) {
    return Objects.requireNonNull(openStoreWith(Map.copyOf(options)), "openStoreWith(options) returned null");
  }

  @Override
  public final Duration eventualBound() {
    return eventualReadBound();
  }

  // ---- for the compatibility matrix ------------------------------------------------------------

  String contractName() {
    return contractName;
  }

  /** The declared capabilities, or null when no store was opened. */
  Capabilities capabilitiesOrNull() {
    return capabilities;
  }

  /** The capability whose absence the current test verified, or null. */
  Capability negativeCapability() {
    return negativeCapability;
  }
}
