package dev.polystore.benchmarks.sql;

import dev.polystore.benchmarks.Workloads;
import dev.polystore.query.Filter;
import dev.polystore.user.Include;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reads of users on loaded, analyzed tables ({@code users} users, 5 posts each, 2 tags per post): a look-up by
 * a random username, the first page of 50 users with {@code include(POSTS, TAGS)}, and a count with a filter
 * ({@code age >= 60}). Each as Polystore ({@code *_polystore}) and as hand-written JDBC ({@code *_raw}).
 */
@State(Scope.Benchmark)
public class SqlUserBenchmarks {

  @Param({"sqlite", "postgresql", "mysql", "mariadb"})
  public String backend;

  /** Users loaded before measuring. */
  @Param("2000")
  public int users;

  static final int PAGE_SIZE = 50;
  static final UserQuery PAGE = UserQuery.builder().first(PAGE_SIZE).include(Include.POSTS, Include.TAGS).build();
  private static final Filter<UserField> COUNTED = Filter.ge(UserField.AGE, Workloads.COUNT_MIN_AGE);

  private SqlFixture fixture;
  private List<String> usernames;

  @Setup
  public void setUp() {
    fixture = new SqlFixture(SqlBackend.of(backend));
    fixture.clearUsers();
    usernames = fixture.loadUsers(users, 5);
    fixture.analyze();
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  private String randomUsername() {
    return usernames.get(ThreadLocalRandom.current().nextInt(usernames.size()));
  }

  @Benchmark
  public Object findByUsername_polystore() {
    return fixture.users().findByUsername(randomUsername()).orElseThrow();
  }

  @Benchmark
  public Object findByUsername_raw() throws SQLException {
    return fixture.rawUsers().findByUsername(randomUsername()).orElseThrow();
  }

  @Benchmark
  public Object pageWithIncludes_polystore() {
    return fixture.users().find(PAGE);
  }

  @Benchmark
  public Object pageWithIncludes_raw() throws SQLException {
    return fixture.rawUsers().firstPageWithPostsAndTags(PAGE_SIZE);
  }

  @Benchmark
  public long count_polystore() {
    return fixture.users().count(COUNTED);
  }

  @Benchmark
  public long count_raw() throws SQLException {
    return fixture.rawUsers().countAgeAtLeast(Workloads.COUNT_MIN_AGE);
  }
}
