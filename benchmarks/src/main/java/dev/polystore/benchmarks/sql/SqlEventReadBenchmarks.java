package dev.polystore.benchmarks.sql;

import dev.polystore.benchmarks.Workloads;
import dev.polystore.event.Aggregate;
import dev.polystore.event.EventQuery;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reads of {@code stored} events of one series (1 ms apart, one tag, two numeric fields): streaming all of
 * them in time order, and the mean of one field per 10-second window computed by the database.
 */
@State(Scope.Benchmark)
public class SqlEventReadBenchmarks {

  @Param({"sqlite", "postgresql", "mysql", "mariadb"})
  public String backend;

  @Param("100000")
  public int stored;

  static final Duration WINDOW = Duration.ofSeconds(10);

  private SqlFixture fixture;
  private RawSqlEvents rawEvents;
  private Instant to;
  private EventQuery query;

  @Setup
  public void setUp() {
    fixture = new SqlFixture(SqlBackend.of(backend));
    rawEvents = new RawSqlEvents(fixture.rawPool(), fixture.backend());
    if (fixture.countEvents(Workloads.STREAM_SERIES) != stored) {
      fixture.clearEvents();
      fixture.loadStreamEvents(stored);
      fixture.analyze();
    }
    to = Workloads.EPOCH.plusMillis(stored);
    query = EventQuery.builder(Workloads.STREAM_SERIES).between(Workloads.EPOCH, to).build();
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public void stream_polystore(Blackhole bh) {
    try (Stream<?> s = fixture.events().query(query)) {
      s.forEach(bh::consume);
    }
  }

  @Benchmark
  public long stream_raw(Blackhole bh) throws SQLException {
    return rawEvents.stream(Workloads.STREAM_SERIES, Workloads.EPOCH, to, bh::consume);
  }

  @Benchmark
  public Object windowedMean_polystore() {
    return fixture.events().aggregate(query, Workloads.VALUE_FIELD, Aggregate.MEAN, WINDOW);
  }

  @Benchmark
  public Object windowedMean_raw() throws SQLException {
    return rawEvents.windowedMean(Workloads.STREAM_SERIES, Workloads.VALUE_FIELD, Workloads.EPOCH, to, WINDOW);
  }
}
