package dev.polystore.benchmarks.sql;

import dev.polystore.benchmarks.Workloads;
import dev.polystore.event.Event;
import dev.polystore.user.NewUser;
import java.sql.SQLException;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Bulk writes: {@code createAll} of {@code batch} new users (one transaction), and {@code appendAll} of
 * {@code events} new events followed by {@code flush}. The values are generated before each call, outside the
 * measurement; the tables are emptied after every iteration.
 */
@State(Scope.Benchmark)
public class SqlWriteBenchmarks {

  @Param({"sqlite", "postgresql", "mysql", "mariadb"})
  public String backend;

  @Param("1000")
  public int batch;

  @Param("10000")
  public int events;

  private SqlFixture fixture;
  private RawSqlEvents rawEvents;
  private List<NewUser> nextUsers;
  private List<Event> nextEvents;

  @Setup
  public void setUp() {
    fixture = new SqlFixture(SqlBackend.of(backend));
    rawEvents = new RawSqlEvents(fixture.rawPool(), fixture.backend());
    empty();
  }

  @Setup(Level.Invocation)
  public void nextValues(org.openjdk.jmh.infra.BenchmarkParams params) {
    if (params.getBenchmark().contains("createAll")) {
      nextUsers = Workloads.newUsers(batch);
    } else {
      nextEvents = Workloads.events(Workloads.APPEND_SERIES, Workloads.freshAppendStart(events), events);
    }
  }

  @TearDown(Level.Iteration)
  public void empty() {
    fixture.clearUsers();
    fixture.clearEvents(Workloads.APPEND_SERIES);
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public Object createAll_polystore() {
    return fixture.users().createAll(nextUsers);
  }

  @Benchmark
  public Object createAll_raw() throws SQLException {
    return fixture.rawUsers().createAll(nextUsers);
  }

  @Benchmark
  public void appendAll_polystore() {
    fixture.events().appendAll(nextEvents);
    fixture.events().flush();
  }

  @Benchmark
  public void appendAll_raw() throws SQLException {
    rawEvents.appendAll(nextEvents);
  }
}
