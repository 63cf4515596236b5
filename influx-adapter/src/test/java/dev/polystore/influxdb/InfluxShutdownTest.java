package dev.polystore.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.tck.ServerBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves what happens to buffered events when an application returns from {@code main} without closing its
 * InfluxDB store (a child JVM running {@link ShutdownChild}): the store's shutdown hook sends them all, although the
 * writer's thread is a daemon; and when the server does not take them, the JVM still exits within
 * {@code shutdown.timeout} (plus its retries), and its standard error names how many events were not stored.
 */
class InfluxShutdownTest {

  private static final int EVENTS = 10_000;
  private static final Duration EXIT_BOUND = Duration.ofSeconds(30);
  private static final Pattern COUNT = Pattern.compile("\"values\":\\[\\[-?\\d+,(\\d+)]]");

  private static ServerBackend server;
  private static final List<String> databases = new ArrayList<>();

  @BeforeAll
  static void server() {
    server = InfluxTestServer.resolve();
  }

  @AfterAll
  static void dropDatabases() {
    for (String database : databases) {
      TestDatabases.query(TestDatabases.httpUrl(server), null, "DROP DATABASE \"" + database + "\"");
    }
  }

  @Test
  void theShutdownHookSendsEveryBufferedEventWhenMainReturnsWithoutClose() {
    String database = newDatabase();
    // nothing is sent before exit: no batch fills, no interval ends; only the hook sends
    ChildJvm.Result child = runChild(server.jdbcUrl(), database, "batch.size=20000", "flush.interval=1h");

    assertEquals(0, child.exitCode(), child.toString());
    assertEquals(EVENTS, stored(database), child.toString());
  }

  @Test
  void aServerThatTakesNoWritesDelaysTheExitByAtMostTheShutdownTimeoutAndTheLossIsLogged() {
    String database = newDatabase();
    try (HttpFaultProxy proxy = HttpFaultProxy.start(TestDatabases.httpUrl(server))) {
      proxy.holdWrites(); // the server never answers the hook's write
      ChildJvm.Result child = runChild(proxy.storeUrl(), database, "shutdown.timeout=2s", "retry.max.attempts=2");

      assertEquals(0, child.exitCode(), child.toString());
      assertTrue(child.elapsed().compareTo(Duration.ofSeconds(2)) >= 0, child.toString());
      assertTrue(child.stderr().contains(EVENTS + " appended events could not be sent within shutdown.timeout"),
          child.toString());
      System.out.println("exit with writes held: " + child.elapsed().toMillis() + " ms");
    }
  }

  @Test
  void aServerThatRefusesEveryWriteDoesNotKeepTheJvmAndTheLossIsLogged() {
    String database = newDatabase();
    try (HttpFaultProxy proxy = HttpFaultProxy.start(TestDatabases.httpUrl(server))) {
      proxy.answerAllWrites(503);
      ChildJvm.Result child = runChild(proxy.storeUrl(), database, "shutdown.timeout=2s", "retry.max.attempts=2");

      assertEquals(0, child.exitCode(), child.toString());
      assertTrue(child.stderr().contains(EVENTS + " events appended since the last flush were not stored"),
          child.toString());
      assertTrue(child.stderr().contains("503"), child.toString());
      assertEquals(0, stored(database));
      System.out.println("exit with writes refused: " + child.elapsed().toMillis() + " ms");
    }
  }

  private static ChildJvm.Result runChild(String storeUrl, String database, String... properties) {
    List<String> arguments = new ArrayList<>(List.of(storeUrl, Integer.toString(EVENTS), "database=" + database));
    arguments.addAll(List.of(properties));
    ChildJvm.Result child = ChildJvm.run(ShutdownChild.class, List.of("-Xmx128m"), arguments, EXIT_BOUND);
    assertTrue(!child.timedOut() && child.elapsed().compareTo(EXIT_BOUND) < 0, child.toString());
    return child;
  }

  private static String newDatabase() {
    String database = "shutdown_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    databases.add(database);
    return database;
  }

  private static long stored(String database) {
    String reply = TestDatabases.query(TestDatabases.httpUrl(server), database, "SELECT count(n) FROM \"exit\"");
    Matcher count = COUNT.matcher(reply);
    return count.find() ? Long.parseLong(count.group(1)) : 0;
  }
}
