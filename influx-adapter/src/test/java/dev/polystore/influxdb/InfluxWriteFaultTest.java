package dev.polystore.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EventStore;
import dev.polystore.OutcomeUnknownException;
import dev.polystore.PartialWriteException;
import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.event.Event;
import dev.polystore.influxdb.HttpFaultProxy.Kind;
import dev.polystore.tck.ServerBackend;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves what the InfluxDB store's writer does when the server misbehaves, with an {@link HttpFaultProxy} between the
 * store and a real server: refusals it may retry (429 with {@code Retry-After}, 500, 503, a lost reply) are retried
 * until the events are stored, once each; refusals it may not retry (400) fail at once; a request too large (413) is
 * split; a failure that outlasts the retries is reported by exactly one {@code flush()}, naming the events and with
 * the server's refusal as cause; and a full buffer fails fast ({@code buffer.full=FAIL}) or makes the appending thread
 * wait ({@code BLOCK}) until the server takes writes again. It also proves that appended events go to the server
 * within {@code flush.interval} without a {@code flush()}.
 */
class InfluxWriteFaultTest {

  private static final TestDatabases DATABASES = new TestDatabases("write_faults");
  private static final Instant BASE = Instant.parse("2024-05-01T00:00:00Z");
  private static final Pattern COUNT = Pattern.compile("\"values\":\\[\\[-?\\d+,(\\d+)]]");

  private static ServerBackend server;
  private HttpFaultProxy proxy;
  private EventStore store;

  @BeforeAll
  static void server() {
    server = InfluxTestServer.resolve();
  }

  @BeforeEach
  void startProxy() {
    proxy = HttpFaultProxy.start(TestDatabases.httpUrl(server));
  }

  @AfterEach
  void closeStore() {
    proxy.heal().releaseWrites();
    try {
      if (store != null) {
        store.close();
      }
    } catch (StoreException reportedBefore) {
      // a test that expected failures has checked them
    } finally {
      store = null;
      proxy.close();
    }
  }

  @AfterAll
  static void dropDatabases() {
    DATABASES.dropAll();
  }

  @Test
  void appendedEventsAreSentWithinTheFlushIntervalWithoutAFlush() throws Exception {
    open(Map.of("flush.interval", "200ms"));

    store.appendAll(events("s", 0, 3));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (stored("s") < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    assertEquals(3, stored("s"), "stored without flush() or close(), the interval after they were appended");
    assertEquals(1, proxy.count(Kind.WRITE));
  }

  @Test
  void twoUnavailableRepliesAreRetriedAndEveryEventIsStoredOnce() {
    open(Map.of());
    proxy.answerWrites(2, 503, Map.of());

    store.appendAll(events("s", 0, 10));
    store.flush();

    assertEquals(3, proxy.count(Kind.WRITE), "one write and two retries");
    assertEquals(10, stored("s"));
  }

  @Test
  void tooManyRequestsWaitsAsLongAsRetryAfterSays() {
    open(Map.of("retry.max.delay", "2s"));
    proxy.answerWrites(1, 429, Map.of("Retry-After", "1"));

    store.appendAll(events("s", 0, 5));
    store.flush();

    List<Long> writes = proxy.arrivals(Kind.WRITE);
    assertEquals(2, writes.size());
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(writes.get(1) - writes.get(0));
    assertTrue(waitedMillis >= 950, "the retry came " + waitedMillis + " ms after the 429 with Retry-After: 1");
    assertEquals(5, stored("s"));
  }

  @Test
  void aRetryAfterLongerThanTheLongestPauseEndsTheRetriesInsteadOfHoldingTheWriter() {
    open(Map.of()); // retry.max.delay 100ms
    proxy.answerWrites(1, 429, Map.of("Retry-After", "3600"));

    long start = System.nanoTime();
    store.appendAll(events("s", 0, 5));
    StoreException failure = assertThrows(StoreException.class, store::flush);

    assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10, "not an hour's wait");
    assertInstanceOf(StoreUnavailableException.class, failure.getCause());
    assertFalse(failure.getCause() instanceof OutcomeUnknownException, "a 429 stored nothing");
    assertTrue(failure.getMessage().contains("retry after 3600 s"), failure.getMessage());
    assertEquals(1, proxy.count(Kind.WRITE), "not sent again");
    assertEquals(0, stored("s"));
  }

  @Test
  void aDeleteWhoseReplyIsLostIsSentAgainAndCountsTheEventsOnce() {
    open(Map.of());
    store.appendAll(events("s", 0, 7));
    store.flush();
    proxy.loseQueryReplies("DELETE", 1);

    assertEquals(7, store.deleteBefore("s", Instant.parse("2100-01-01T00:00:00Z")));
    assertEquals(0, stored("s"));
  }

  @Test
  void aDeleteWhoseRepliesAreAllLostIsAnUnknownOutcomeNotAFailureThatDeletedNothing() {
    open(Map.of("retry.max.attempts", "2"));
    store.appendAll(events("s", 0, 7));
    store.flush();
    proxy.loseQueryReplies("DELETE", 2);

    assertThrows(OutcomeUnknownException.class,
        () -> store.deleteBefore("s", Instant.parse("2100-01-01T00:00:00Z")));
    assertEquals(0, stored("s"), "the server did delete them");
  }

  @Test
  void aServerErrorIsRetriedAndTheEventsAreStoredOnce() {
    open(Map.of());
    proxy.answerWrites(1, 500, Map.of());

    store.appendAll(events("s", 0, 10));
    store.flush();

    assertEquals(2, proxy.count(Kind.WRITE), "one write and one retry");
    assertEquals(10, stored("s"));
  }

  @Test
  void unavailableOnEveryAttemptIsReportedOnceByFlushAndLaterEventsAreStored() {
    open(Map.of("retry.max.attempts", "3"));
    proxy.answerAllWrites(503);

    store.appendAll(events("s", 0, 7));
    StoreException failure = assertThrows(StoreException.class, store::flush);

    assertTrue(failure.getMessage().contains("7 events"), failure.getMessage());
    assertTrue(failure.getMessage().contains("1 failed write"), failure.getMessage());
    assertInstanceOf(StoreUnavailableException.class, failure.getCause());
    assertTrue(failure.getCause().getMessage().contains("503"), failure.getCause().getMessage());
    assertEquals(3, proxy.count(Kind.WRITE), "retry.max.attempts=3");
    store.flush(); // reported once

    proxy.heal();
    store.appendAll(events("s", 100, 4));
    store.flush();
    assertEquals(4, stored("s"), "only the events appended after the server recovered");
  }

  @Test
  void serverErrorOnEveryAttemptLeavesTheOutcomeUnknown() {
    open(Map.of("retry.max.attempts", "2"));
    proxy.answerAllWrites(500);

    store.appendAll(events("s", 0, 3));
    StoreException failure = assertThrows(StoreException.class, store::flush);

    assertTrue(failure.getMessage().contains("3 events"), failure.getMessage());
    assertInstanceOf(OutcomeUnknownException.class, failure.getCause());
    assertEquals(2, proxy.count(Kind.WRITE));
  }

  @Test
  void aLostReplyIsRetriedAndEachEventIsStoredExactlyOnce() {
    open(Map.of());
    proxy.loseWriteReplies(1);

    store.appendAll(events("s", 0, 100));
    store.flush();

    assertEquals(2, proxy.count(Kind.WRITE), "the write, applied but unanswered, and its retry");
    assertEquals(100, stored("s"));
  }

  @Test
  void lostRepliesOnEveryAttemptLeaveTheOutcomeUnknownThoughTheEventsWereStored() {
    open(Map.of("retry.max.attempts", "2"));
    proxy.loseWriteReplies(2);

    store.appendAll(events("s", 0, 6));
    StoreException failure = assertThrows(StoreException.class, store::flush);

    assertInstanceOf(OutcomeUnknownException.class, failure.getCause());
    assertTrue(failure.getMessage().contains("6 events"), failure.getMessage());
    assertEquals(2, proxy.count(Kind.WRITE));
    assertEquals(6, stored("s"), "the server applied the write whose reply was lost");
  }

  @Test
  void aFieldTypeConflictFoundByTheServerIsNotRetriedAndTheOtherEventsAreStored() throws Exception {
    open(Map.of());
    proxy.holdWrites();
    List<Event> batch = new ArrayList<>(events("other", 0, 3));
    batch.add(Event.builder("s").time(BASE).field("v", 1L).build());
    store.appendAll(batch); // the store knows no type for s.v yet: it admits an integer
    assertTrue(proxy.awaitHeld(1, Duration.ofSeconds(10)), "the store sent its batch");
    writeDirectly("s v=1.5 " + (BASE.toEpochMilli() * 1_000_000L + 1)); // another client makes s.v a float
    proxy.releaseWrites();

    StoreException failure = assertThrows(StoreException.class, store::flush);

    assertInstanceOf(PartialWriteException.class, failure.getCause());
    assertTrue(failure.getMessage().contains("4 events"), failure.getMessage());
    assertTrue(failure.getCause().getMessage().contains("field type conflict"), failure.getCause().getMessage());
    assertEquals(1, proxy.count(Kind.WRITE), "a 400 is not retried");
    assertEquals(3, stored("other"), "the server stored the rest of the request");
  }

  @Test
  void aBatchTooLargeForTheServerIsSplitAndStoredWhole() {
    open(Map.of());
    proxy.answerWrites(1, 413, Map.of("X-Influxdb-Error", "Request Entity Too Large"));

    store.appendAll(events("s", 0, 1_000));
    store.flush();

    assertEquals(3, proxy.count(Kind.WRITE), "the batch of 1000 and its two halves");
    assertEquals(1_000, stored("s"));
  }

  @Test
  void aFullBufferFailsFastAndStoresNothingOfTheRefusedAppend() throws Exception {
    open(Map.of("buffer.full", "FAIL", "buffer.capacity", "100", "batch.size", "100"));
    proxy.holdWrites();
    store.appendAll(events("s", 0, 100));
    assertTrue(proxy.awaitHeld(1, Duration.ofSeconds(10)), "the first batch is on its way");
    store.appendAll(events("s", 100, 100)); // fills the buffer while the first batch waits

    long started = System.nanoTime();
    StoreUnavailableException full = assertThrows(StoreUnavailableException.class,
        () -> store.appendAll(events("s", 200, 1)));
    StoreUnavailableException fullAgain = assertThrows(StoreUnavailableException.class,
        () -> store.append(events("s", 201, 1).get(0)));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertTrue(tookMillis < 1_000, "refused in " + tookMillis + " ms");
    assertTrue(full.getMessage().contains("buffer.capacity 100"), full.getMessage());
    assertTrue(fullAgain.getMessage().contains("full"), fullAgain.getMessage());

    proxy.releaseWrites();
    StoreException failure = assertThrows(StoreException.class, store::flush);
    assertTrue(failure.getMessage().contains("2 events"), failure.getMessage());
    assertInstanceOf(StoreUnavailableException.class, failure.getCause());
    assertEquals(200, stored("s"), "everything accepted, nothing refused");
  }

  @Test
  void aFullBufferMakesTheAppendWaitUntilTheServerTakesWritesAgain() throws Exception {
    open(Map.of("buffer.full", "BLOCK", "buffer.capacity", "100", "batch.size", "100"));
    proxy.holdWrites();
    store.appendAll(events("s", 0, 100));
    assertTrue(proxy.awaitHeld(1, Duration.ofSeconds(10)), "the first batch is on its way");
    store.appendAll(events("s", 100, 100));

    CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> store.append(events("s", 200, 1).get(0)),
        command -> new Thread(command, "blocked-append").start());
    Thread.sleep(500);
    assertFalse(blocked.isDone(), "the append waits for room in the buffer");

    proxy.releaseWrites();
    blocked.get(10, TimeUnit.SECONDS);
    store.flush();
    assertEquals(201, stored("s"));
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  /** A store over a new database, through the proxy, with short retry pauses and flush interval. */
  private void open(Map<String, String> properties) {
    Map<String, String> all = new HashMap<>(Map.of("url", proxy.url(), "retry.base.delay", "10ms",
        "retry.max.delay", "100ms", "flush.interval", "50ms"));
    all.putAll(properties);
    store = DATABASES.openEmpty(server, all);
  }

  /** {@code count} events of a series, a millisecond apart from {@code first} ms after the base time. */
  private static List<Event> events(String series, int first, int count) {
    List<Event> events = new ArrayList<>(count);
    for (int i = first; i < first + count; i++) {
      events.add(Event.builder(series).time(BASE.plusMillis(i)).tag("host", "h" + (i % 3)).field("v", (long) i)
          .build());
    }
    return events;
  }

  /** How many events of the series the server holds, asked with plain HTTP, not through the store. */
  private static long stored(String series) {
    String reply = TestDatabases.query(TestDatabases.httpUrl(server), DATABASES.current(),
        "SELECT count(*) FROM \"" + series + "\"");
    Matcher count = COUNT.matcher(reply);
    return count.find() ? Long.parseLong(count.group(1)) : 0;
  }

  /** Writes line protocol with plain HTTP, as another client would. */
  private static void writeDirectly(String line) throws Exception {
    URI uri = URI.create(TestDatabases.httpUrl(server) + "/write?precision=ns&db="
        + URLEncoder.encode(DATABASES.current(), StandardCharsets.UTF_8));
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
        .POST(HttpRequest.BodyPublishers.ofString(line)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(204, response.statusCode(), response.body());
  }
}
