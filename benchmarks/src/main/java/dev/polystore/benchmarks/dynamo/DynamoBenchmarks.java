package dev.polystore.benchmarks.dynamo;

import dev.polystore.UserStore;
import dev.polystore.benchmarks.Workloads;
import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.dynamodb.DynamoStores;
import dev.polystore.user.NewUser;
import java.util.ArrayList;
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
 * DynamoDB Local in-process (an emulator): {@code createAll} of {@code batch} users (33, the most one
 * transaction holds) and look-ups by a random username among {@code users} loaded users.
 */
@State(Scope.Benchmark)
public class DynamoBenchmarks {

  @Param("dynamodb-local")
  public String backend;

  @Param("33")
  public int batch;

  @Param("990")
  public int users;

  private DynamoLocalServer server;
  private UserStore store;
  private RawDynamoUsers raw;
  private List<String> usernames;
  private List<NewUser> nextUsers;

  @Setup
  public void setUp(BenchmarkParams params) throws Exception {
    server = new DynamoLocalServer();
    String table = "polystore-bench";
    store = DynamoStores.openUserStore(server.client(), DynamoStoreOptions.builder().tableName(table).build());
    raw = new RawDynamoUsers(server.client(), table);
    usernames = new ArrayList<>();
    if (params.getBenchmark().contains("findByUsername")) {
      for (int i = 0; i < users; i += batch) {
        List<NewUser> part = Workloads.newUsers(Math.min(batch, users - i));
        raw.createAll(part);
        part.forEach(u -> usernames.add(u.username()));
      }
    }
  }

  @Setup(Level.Invocation)
  public void nextValues(BenchmarkParams params) {
    if (params.getBenchmark().contains("createAll")) {
      nextUsers = Workloads.newUsers(batch);
    }
  }

  @TearDown
  public void tearDown() throws Exception {
    store.close();
    server.close();
  }

  @Benchmark
  public Object createAll_polystore() {
    return store.createAll(nextUsers);
  }

  @Benchmark
  public Object createAll_raw() {
    return raw.createAll(nextUsers);
  }

  @Benchmark
  public Object findByUsername_polystore() {
    return store.findByUsername(usernames.get(ThreadLocalRandom.current().nextInt(usernames.size()))).orElseThrow();
  }

  @Benchmark
  public Object findByUsername_raw() {
    return raw.findByUsername(usernames.get(ThreadLocalRandom.current().nextInt(usernames.size()))).orElseThrow();
  }
}
