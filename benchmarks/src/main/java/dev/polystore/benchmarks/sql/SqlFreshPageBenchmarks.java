package dev.polystore.benchmarks.sql;

import java.sql.SQLException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The page of 50 users with {@code include(POSTS, TAGS)} right after loading: before every iteration the user
 * tables are emptied, analyzed empty, and loaded again, so the planner's statistics describe empty tables (unless
 * autovacuum or InnoDB's automatic recalculation ran meanwhile), as after a bulk load into a new database.
 */
@State(Scope.Benchmark)
public class SqlFreshPageBenchmarks {

  @Param({"sqlite", "postgresql", "mysql", "mariadb"})
  public String backend;

  @Param("2000")
  public int users;

  private SqlFixture fixture;

  @Setup
  public void setUp() {
    fixture = new SqlFixture(SqlBackend.of(backend));
  }

  @Setup(Level.Iteration)
  public void reload() {
    fixture.clearUsers();
    fixture.analyze(); // the planner's statistics now describe empty tables
    fixture.loadUsers(users, 5);
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public Object freshPageWithIncludes_polystore() {
    return fixture.users().find(SqlUserBenchmarks.PAGE);
  }

  @Benchmark
  public Object freshPageWithIncludes_raw() throws SQLException {
    return fixture.rawUsers().firstPageWithPostsAndTags(SqlUserBenchmarks.PAGE_SIZE);
  }
}
