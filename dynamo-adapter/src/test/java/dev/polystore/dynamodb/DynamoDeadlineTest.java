package dev.polystore.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EventStore;
import dev.polystore.OutcomeUnknownException;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.user.NewUser;
import dev.polystore.user.User;
import dev.polystore.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Every call of a store opened by URL is bounded by {@code call.timeout}: against an endpoint that accepts the
 * connection, reads the request and never answers (a frozen server, played by a {@link SilentProxy} in front of
 * DynamoDB Local), a write fails within the bound with {@link OutcomeUnknownException} (it may have been applied)
 * and a read with a plain {@link StoreUnavailableException}.
 */
@ExtendWith(DynamoLocal.class)
class DynamoDeadlineTest {

  private static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(500);
  /** Time for the store's own work and a slow machine on top of the call timeout. */
  private static final Duration SLACK = Duration.ofMillis(2500);
  /** Without a deadline the SDK would wait far longer; stop the test long before. */
  private static final Duration GIVE_UP = Duration.ofSeconds(20);

  private SilentProxy proxy;
  private String table;

  @BeforeAll
  static void credentials() {
    // the SDK's default chain reads these; DynamoDB Local accepts any
    System.setProperty("aws.accessKeyId", "polystore");
    System.setProperty("aws.secretAccessKey", "polystore");
  }

  @AfterAll
  static void forgetCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    DynamoLocal.dropTable(table);
  }

  /** A URL through a fresh proxy to DynamoDB Local, with short call timeouts. */
  private String url() throws Exception {
    proxy = new SilentProxy(DynamoLocal.endpoint());
    table = DynamoLocal.freshTable();
    return "dynamodb:?endpoint=" + proxy.endpoint() + "&table=" + table + "&call.timeout=" + CALL_TIMEOUT.toMillis()
        + "ms&call.attempt.timeout=" + ATTEMPT_TIMEOUT.toMillis() + "ms&retry.max.attempts=2";
  }

  /** Runs {@code call}, which must throw {@code type} within the call timeout (plus slack), and returns it. */
  private static <T extends Throwable> T failsInTime(Class<T> type, Executable call) {
    long start = System.nanoTime();
    T thrown = assertTimeoutPreemptively(GIVE_UP, () -> assertThrows(type, call),
        "the call is still waiting for the silent endpoint");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(CALL_TIMEOUT.plus(SLACK)) <= 0, "failed only after " + took);
    return thrown;
  }

  private static NewUser user(String name) {
    return NewUser.builder().username(name).email(name + "@example.com").build();
  }

  @Test
  void againstASilentEndpointAWriteIsAnUnknownOutcomeAndAReadIsUnavailableBothWithinTheCallTimeout()
      throws Exception {
    try (UserStore store = Stores.openUserStore(url())) {
      User ann = store.create(user("ann"));
      proxy.silence();
      OutcomeUnknownException write = failsInTime(OutcomeUnknownException.class, () -> store.create(user("bob")));
      assertTrue(write.getMessage().contains("creating user 'bob'"), write.getMessage());
      StoreUnavailableException read = failsInTime(StoreUnavailableException.class, () -> store.get(ann.id()));
      assertFalse(read instanceof OutcomeUnknownException, "a read has no outcome to be unsure about: " + read);
    }
  }

  @Test
  void againstASilentEndpointAnAppendIsAnUnknownOutcomeAndAQueryIsUnavailable() throws Exception {
    Event event = Event.builder("load").time(Instant.parse("2024-03-01T00:00:00Z")).field("v", 1).build();
    try (EventStore store = Stores.openEventStore(url())) {
      proxy.silence();
      failsInTime(OutcomeUnknownException.class, () -> store.append(event));
      Supplier<Long> count = () -> {
        try (Stream<Event> events = store.query(EventQuery.builder("load").build())) {
          return events.count();
        }
      };
      StoreUnavailableException read = failsInTime(StoreUnavailableException.class, count::get);
      assertFalse(read instanceof OutcomeUnknownException, read.toString());
      assertThrows(StoreException.class, store::flush, "flush reports the append whose outcome is unknown");
    }
  }

  @Test
  void callTimeoutsHaveSafeDefaultsAndAreReadFromTheUrl() {
    DynamoStoreOptions defaults = DynamoStoreOptions.defaults();
    assertEquals(Duration.ofSeconds(60), defaults.callTimeout());
    assertEquals(Duration.ofSeconds(10), defaults.callAttemptTimeout());
    DynamoStoreOptions parsed = DynamoStoreProvider.options(Map.of("call.timeout", "5s",
        "call.attempt.timeout", "PT0.5S"));
    assertEquals(Duration.ofSeconds(5), parsed.callTimeout());
    assertEquals(Duration.ofMillis(500), parsed.callAttemptTimeout());
    StoreConfigurationException longer = assertThrows(StoreConfigurationException.class,
        () -> DynamoStoreProvider.options(Map.of("call.timeout", "1s", "call.attempt.timeout", "2s")));
    assertTrue(longer.getMessage().contains("call.attempt.timeout"), longer.getMessage());
    assertThrows(StoreConfigurationException.class, () -> DynamoStoreProvider.options(Map.of("call.timeout", "0")));
  }
}
