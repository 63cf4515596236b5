package dev.polystore.benchmarks.hibernate;

import dev.polystore.benchmarks.Workloads;
import dev.polystore.benchmarks.sql.SqlBackend;
import dev.polystore.benchmarks.sql.SqlFixture;
import dev.polystore.jdbi.JdbiStoreOptions;
import dev.polystore.jdbi.internal.JdbiDataSources;
import dev.polystore.jdbi.internal.SqlDialect;
import dev.polystore.user.NewUser;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Hibernate ORM doing the user workloads on PostgreSQL, on the same loaded tables as
 * {@code SqlUserBenchmarks} and {@code SqlWriteBenchmarks}; the report divides Polystore's PostgreSQL scores by
 * these.
 */
@State(Scope.Benchmark)
public class HibernateBenchmarks {

  @Param("postgresql")
  public String backend;

  @Param("2000")
  public int users;

  @Param("1000")
  public int batch;

  private SqlFixture fixture;
  private JdbiDataSources.OwnedDataSource pool;
  private HibernateUsers hibernate;
  private List<String> usernames;
  private List<NewUser> nextUsers;

  @Setup
  public void setUp(BenchmarkParams params) {
    fixture = new SqlFixture(SqlBackend.of(backend));
    fixture.clearUsers();
    if (!params.getBenchmark().contains("createAll")) { // inserts go into emptied tables, as on the other sides
      usernames = fixture.loadUsers(users, 5);
      fixture.analyze();
    }
    String url = fixture.jdbcUrl();
    pool = JdbiDataSources.open(url, SqlDialect.forUrl(url), JdbiStoreOptions.defaults());
    hibernate = new HibernateUsers(pool.dataSource());
  }

  @Setup(Level.Invocation)
  public void nextValues(BenchmarkParams params) {
    if (params.getBenchmark().contains("createAll")) {
      nextUsers = Workloads.newUsers(batch);
    }
  }

  @TearDown(Level.Iteration)
  public void emptyAfterInserts(BenchmarkParams params) {
    if (params.getBenchmark().contains("createAll")) {
      fixture.clearUsers();
    }
  }

  @TearDown
  public void tearDown() {
    hibernate.close();
    pool.close();
    fixture.close();
  }

  @Benchmark
  public Object createAll_hibernate() {
    return hibernate.createAll(nextUsers);
  }

  @Benchmark
  public Object findByUsername_hibernate() {
    return hibernate.findByUsername(usernames.get(ThreadLocalRandom.current().nextInt(usernames.size())))
        .orElseThrow();
  }

  @Benchmark
  public Object pageWithIncludes_hibernate() {
    return hibernate.firstPageWithPostsAndTags(50);
  }

  @Benchmark
  public long count_hibernate() {
    return hibernate.countAgeAtLeast(Workloads.COUNT_MIN_AGE);
  }
}
