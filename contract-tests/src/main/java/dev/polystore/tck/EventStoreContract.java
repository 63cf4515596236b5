package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.Capability;
import dev.polystore.EventStore;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link EventStore} passes. An adapter subclasses it once per backend (and variant) and
 * supplies {@link #openEmptyStore()}, the {@link RequestCounter} that store reports its requests to
 * ({@link #requestCounter()}) and at least {@link RequestCosts#eventsPerWrite()} ({@link #requestCosts()}):
 *
 * <pre>{@code
 * class InfluxEventStoreTest extends EventStoreContract {
 *   private final RequestCounter counter = new RequestCounter();
 *   protected EventStore openEmptyStore() {
 *     return InfluxStores.eventStore(clientCountingInto(counter), options);   // an OkHttp interceptor
 *   }
 *   protected RequestCounter requestCounter() { return counter; }
 *   protected RequestCosts requestCosts() {
 *     return RequestCosts.builder().eventsPerWrite(options.batchSize()).build();
 *   }
 *   protected EventStore openStoreWith(Map<String, String> more) {          // the same database, more options
 *     return Stores.openEventStore(StoreConfig.builder(url).property("database", database).properties(more).build());
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh, empty store and closes it afterwards. A test that needs a capability the store
 * does not declare checks instead that the operation fails with
 * {@link dev.polystore.UnsupportedCapabilityException} naming it ({@code requires(capability, positive, probe)};
 * "negative" in the compatibility matrix). Where a missing capability shows as refused data rather than a
 * refused operation ({@link Capability#EVENT_MIXED_FIELD_TYPES}: an append that would give a field of a series a
 * second type), the test checks that the data is refused with the declared exception instead
 * ({@code requiresOrRefuses(capability, positive, refusal, probe)}, also "negative"), and what the store kept.
 * Fixtures that every store runs give each field one type, and each key one kind, per series. Two events with
 * the same series, tags and time follow the rule the store declares: {@link Capability#EVENT_LAST_WRITE_WINS},
 * {@link Capability#EVENT_MERGE_FIELDS}, or neither (both kept).
 * Every read follows a {@link EventStore#flush()}. Times are whole seconds unless a test is about precision,
 * and the base time {@code 2024-03-01T00:00:00Z} is a multiple of every window length used (except in the test
 * of windows that are whole microseconds but not whole milliseconds).
 *
 * <p>Failed writes are held to the rule of {@link EventStore}: {@code flush()} (and {@code close()}) throws, once,
 * when events appended since the last flush were not stored, naming how many, with the first failure as cause.
 * The failure the contract provokes is one every store refuses and only stores check: an event time beyond
 * every backend's range.
 *
 * <p>Aggregates are held to the rules of
 * {@link EventStore#aggregate(EventQuery, String, Aggregate, Duration)}, one test per rule: booleans as 1 and 0;
 * {@code COUNT} of any type; a string value in any selected event refused by the numeric functions, while
 * unselected events never matter; events without the grouping tag in an empty group, first; group values in
 * code point order (asserted with non-ASCII values on purpose: the rule is the same on every backend, whatever
 * its collation); order and limit ignored; windows of positive whole microseconds; invalid field names refused.
 * (Invalid tag keys and {@code groupBy} tags never reach a store: {@link EventQuery} refuses them when built,
 * which the API's own tests cover.)
 *
 * <p>The tests are grouped by feature in JUnit 5 test interfaces with default test methods, which this class
 * composes: {@link EventAppendAndQueryContract}, {@link EventFieldTypesContract}, {@link EventAggregatesContract},
 * {@link EventDeleteContract}, {@link EventConventionsContract}, {@link EventRequestCountContract},
 * {@link EventReadConsistencyContract} (the input rules are in {@link EventInputContract}). The class itself holds
 * only the checks of the declared capabilities and of {@code close()}.
 *
 * <p>JUnit creates one instance per test; an instance is not shared between threads.
 */
public abstract class EventStoreContract extends EventInputContract
    implements EventAppendAndQueryContract, EventFieldTypesContract, EventAggregatesContract, EventDeleteContract,
        EventConventionsContract, EventRequestCountContract, EventReadConsistencyContract {

  /** The contract's name in the compatibility matrix. */
  static final String NAME = "event-store";

  protected EventStoreContract() {
    super(NAME);
  }

  // ==== capabilities ================================================================================

  @Test
  void declaresEventStoreCapabilities() {
    assertAll(
        () -> assertFalse(capabilities().backend().isBlank(), "backend name must not be blank"),
        () -> assertTrue(has(Capability.EVENT_STORE), "an event store declares EVENT_STORE"),
        () -> assertTrue(capabilities().timePrecision().getDuration().compareTo(Duration.ofMillis(1)) <= 0,
            "timestamps keep at least milliseconds, not " + capabilities().timePrecision()));
  }

  @Test
  void closeIsIdempotent() {
    store.append(Event.builder("cpu").time(BASE).field("v", 1).build());
    store.close();
    store.close();
  }
}
