package dev.polystore.tck;

import static dev.polystore.Capability.CURSOR_PAGES;
import static dev.polystore.Capability.OFFSET_PAGES;
import static dev.polystore.Capability.SAVEPOINTS;
import static dev.polystore.Capability.TRANSACTIONS;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.Capability;
import dev.polystore.UserStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link UserStore} passes. An adapter subclasses it once per backend (and variant) and
 * supplies {@link #openEmptyStore()} and the {@link RequestCounter} that store reports its requests to
 * ({@link #requestCounter()}, with the backend's {@link RequestCosts} where they differ from the portable model):
 *
 * <pre>{@code
 * class DynamoUserStoreTest extends UserStoreContract {
 *   private final RequestCounter counter = new RequestCounter();
 *   protected UserStore openEmptyStore() {
 *     return DynamoStores.openUserStore(clientCountingInto(counter), options);   // an ExecutionInterceptor
 *   }
 *   protected UserStore openStoreWith(Map<String, String> more) {                // the same table, more options
 *     return Stores.openUserStore(StoreConfig.builder("dynamodb:?table=" + table).properties(more).build());
 *   }
 *   protected RequestCounter requestCounter() { return counter; }
 *   protected RequestCosts requestCosts() { return ...; }                       // what DynamoDB legitimately needs
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh, empty store and closes it afterwards. A test that needs a capability the store
 * does not declare checks instead that the operation fails with
 * {@link dev.polystore.UnsupportedCapabilityException} naming it ({@code requires(capability, positive, probe)};
 * "negative" in the compatibility matrix; {@code requiresOrRefuses}, for capabilities whose absence shows as
 * refused data, has no user-store capability to check yet). String comparisons and sorts use lowercase ASCII letters and digits of one length wherever an order is
 * asserted, so that backend collations cannot disagree with the expected order.
 *
 * <p>The tests are grouped by feature in JUnit 5 test interfaces with default test methods, which this class
 * composes: {@link UserCrudContract}, {@link UserFilterContract}, {@link UserQueryContract},
 * {@link PostsAndTagsContract}, {@link UserAggregatesContract}, {@link UserTransactionsContract},
 * {@link UserConventionsContract}, {@link UserRequestCountContract}, {@link UserReadConsistencyContract} (the
 * input rules are in
 * {@link UserInputContract}). The class itself holds
 * only the checks of the declared capabilities and of {@code close()}.
 *
 * <p>JUnit creates one instance per test; an instance is not shared between threads.
 */
public abstract class UserStoreContract extends UserInputContract
    implements UserCrudContract, UserFilterContract, UserQueryContract,
        PostsAndTagsContract, UserAggregatesContract, UserTransactionsContract,
        UserConventionsContract, UserRequestCountContract, UserReadConsistencyContract {

  /** The contract's name in the compatibility matrix. */
  static final String NAME = "user-store";

  protected UserStoreContract() {
    super(NAME);
  }

  // ==== capabilities ================================================================================

  @Test
  void declaresUserStoreCapabilitiesConsistently() {
    assertAll(
        () -> assertFalse(capabilities().backend().isBlank(), "backend name must not be blank"),
        () -> assertTrue(has(Capability.USER_STORE), "a user store declares USER_STORE"),
        () -> assertTrue(!has(SAVEPOINTS) || has(TRANSACTIONS), "SAVEPOINTS needs TRANSACTIONS"),
        () -> assertTrue(capabilities().timePrecision().getDuration().compareTo(Duration.ofMillis(1)) <= 0,
            "timestamps keep at least milliseconds, not " + capabilities().timePrecision()),
        () -> assertTrue(has(CURSOR_PAGES) || has(OFFSET_PAGES), "a store pages by cursor or by offset"));
  }

  @Test
  void closeIsIdempotent() {
    store.create(user("ann"));
    store.close();
    store.close();
  }
}
