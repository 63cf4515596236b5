package dev.polystore.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polystore.tck.ServerBackend;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Proves that the InfluxDB store writes 1,000,000 events and streams them back in a JVM with 64 MB of heap: the
 * write buffer, the batches and the chunked, streamed JSON reads each hold a bounded part of the data, never all of
 * it. A child JVM ({@link MillionEventsChild}, {@code -Xmx64m}) does the work and checks count, time order, a
 * newest-first read and a server-side COUNT per hour; this test asserts that it succeeded and prints its timings.
 * Takes up to about a minute.
 */
class InfluxMillionEventsTest {

  @Test
  void aMillionEventsAreWrittenAndStreamedBackInSixtyFourMegabytesOfHeap() {
    ServerBackend server = InfluxTestServer.resolve();
    String database = "million_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    try {
      ChildJvm.Result child = ChildJvm.run(MillionEventsChild.class, List.of("-Xmx64m"),
          List.of(server.jdbcUrl(), "database=" + database), Duration.ofMinutes(5));
      System.out.println("1,000,000 events in a 64 MB heap: " + child);
      assertEquals(0, child.exitCode(), child.toString());
    } finally {
      TestDatabases.query(TestDatabases.httpUrl(server), null, "DROP DATABASE \"" + database + "\"");
    }
  }
}
