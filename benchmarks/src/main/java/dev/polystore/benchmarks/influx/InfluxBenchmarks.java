package dev.polystore.benchmarks.influx;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.benchmarks.Servers;
import dev.polystore.benchmarks.Workloads;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * InfluxDB ({@code POLYSTORE_TEST_INFLUXDB_URL}, database {@code polystore_bench}): {@code appendAll} of
 * {@code events} events + {@code flush}, streaming {@code stored} events, and the mean of a field per 10-second
 * window, as Polystore and as raw line protocol / InfluxQL over the same HTTP client.
 */
@State(Scope.Benchmark)
public class InfluxBenchmarks {

  @Param("influxdb")
  public String backend;

  @Param("10000")
  public int events;

  @Param("100000")
  public int stored;

  static final String DATABASE = Servers.BENCH_DATABASE;
  private static final Pattern SERVER = Pattern.compile("[?&]url=([^&]+)");

  private EventStore store;
  private RawInflux raw;
  private List<Event> nextEvents;
  private Instant to;
  private EventQuery query;

  /** The InfluxDB server's HTTP URL from {@code POLYSTORE_TEST_INFLUXDB_URL}, if set. */
  public static java.util.Optional<String> serverUrl() {
    return Servers.testUrl("INFLUXDB").map(u -> {
      Matcher m = SERVER.matcher(u);
      return m.find() ? m.group(1) : "http://127.0.0.1:8086";
    });
  }

  @Setup
  public void setUp(BenchmarkParams params) throws IOException {
    String storeUrl = Servers.testUrl("INFLUXDB").orElseThrow();
    store = Stores.openEventStore(StoreConfig.builder(storeUrl).property("database", DATABASE).build());
    raw = new RawInflux(serverUrl().orElseThrow(), DATABASE);
    to = Workloads.EPOCH.plusMillis(stored);
    query = EventQuery.builder(Workloads.STREAM_SERIES).between(Workloads.EPOCH, to).build();
    if (!params.getBenchmark().contains("appendAll")) {
      for (int i = 0; i < stored; i += 10_000) {
        raw.write(Workloads.events(Workloads.STREAM_SERIES, Workloads.EPOCH.plusMillis(i), Math.min(10_000, stored - i)));
      }
    }
  }

  @Setup(Level.Invocation)
  public void nextValues(BenchmarkParams params) {
    if (params.getBenchmark().contains("appendAll")) {
      nextEvents = Workloads.events(Workloads.APPEND_SERIES, Workloads.freshAppendStart(events), events);
    }
  }

  @TearDown(Level.Iteration)
  public void empty(BenchmarkParams params) throws IOException {
    if (params.getBenchmark().contains("appendAll")) {
      raw.dropSeries(Workloads.APPEND_SERIES);
    }
  }

  @TearDown
  public void tearDown() throws Exception {
    store.close();
    raw.close();
  }

  @Benchmark
  public void appendAll_polystore() {
    store.appendAll(nextEvents);
    store.flush();
  }

  @Benchmark
  public void appendAll_raw() throws IOException {
    raw.write(nextEvents);
  }

  @Benchmark
  public void stream_polystore(Blackhole bh) {
    try (Stream<Event> s = store.query(query)) {
      s.forEach(bh::consume);
    }
  }

  @Benchmark
  public long stream_raw(Blackhole bh) throws IOException {
    return raw.stream(Workloads.STREAM_SERIES, Workloads.EPOCH, to, Set.of(Workloads.HOST_TAG), bh::consume);
  }

  @Benchmark
  public Object windowedMean_polystore() {
    return store.aggregate(query, Workloads.VALUE_FIELD, Aggregate.MEAN, Duration.ofSeconds(10));
  }

  @Benchmark
  public Object windowedMean_raw() throws IOException {
    return raw.windowedMean(Workloads.STREAM_SERIES, Workloads.VALUE_FIELD, Workloads.EPOCH, to,
        Duration.ofSeconds(10));
  }
}
