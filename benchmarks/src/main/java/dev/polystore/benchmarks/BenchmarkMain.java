package dev.polystore.benchmarks;

import dev.polystore.benchmarks.dynamo.DynamoBenchmarks;
import dev.polystore.benchmarks.hibernate.HibernateBenchmarks;
import dev.polystore.benchmarks.influx.InfluxBenchmarks;
import dev.polystore.benchmarks.report.RatioReport;
import dev.polystore.benchmarks.sql.SqlBackend;
import dev.polystore.benchmarks.sql.SqlEventReadBenchmarks;
import dev.polystore.benchmarks.sql.SqlFreshPageBenchmarks;
import dev.polystore.benchmarks.sql.SqlUserBenchmarks;
import dev.polystore.benchmarks.sql.SqlWriteBenchmarks;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole suite and writes the report: {@code java -jar benchmarks/target/benchmarks.jar} (full run: one
 * fork per benchmark, 3 warm-up and 5 measured iterations of 1 s, with {@code -prof gc}) or with {@code --smoke}
 * (every benchmark once, in this JVM, for 0.2 s, on small data: proves none is broken). Backends without a server
 * are left out with a notice. Results go to {@code benchmarks/target/results/}: the JMH JSON per group
 * ({@code jmh-*.json}), {@code ratios.md} and {@code ratios.png}. Not thread-safe (a program).
 */
public final class BenchmarkMain {

  private BenchmarkMain() {
  }

  /**
   * Runs the suite and exits: 0 when every benchmark ran, 1 otherwise. Exits explicitly, as DynamoDB Local leaves
   * threads behind that would keep the JVM alive.
   */
  public static void main(String[] args) {
    int status = 1;
    try {
      runAll(args);
      status = 0;
    } catch (Exception e) {
      e.printStackTrace();
    } finally {
      System.exit(status);
    }
  }

  private static void runAll(String[] args) throws Exception {
    boolean smoke = List.of(args).contains("--smoke");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Path home = jarDirectory();
    Path results = home.resolve("results");
    Files.createDirectories(results);
    try (var old = Files.list(results)) {
      for (Path p : old.filter(p -> p.getFileName().toString().startsWith("jmh-")).toList()) {
        Files.delete(p);
      }
    }
    Path natives = home.resolve("native-libs");
    System.setProperty("sqlite4java.library.path", natives.toString());

    List<String> sql = new ArrayList<>();
    for (SqlBackend b : SqlBackend.values()) {
      if (b.configuredUrl().isEmpty()) {
        Servers.notice(b.label(), "no server URL (POLYSTORE_TEST_" + (b == SqlBackend.POSTGRESQL ? "POSTGRES" : "MYSQL")
            + "_URL)");
      } else if (b != SqlBackend.SQLITE && !reachable(b.configuredUrl().get())) {
        Servers.notice(b.label(), "the server does not answer at " + b.configuredUrl().get());
      } else {
        sql.add(b.key());
      }
    }
    run(results, "sql", smoke, natives, o -> o
        .include(SqlUserBenchmarks.class.getName()).include(SqlFreshPageBenchmarks.class.getName())
        .include(SqlWriteBenchmarks.class.getName()).include(SqlEventReadBenchmarks.class.getName())
        .param("backend", sql.toArray(String[]::new)));
    if (sql.contains(SqlBackend.POSTGRESQL.key())) {
      run(results, "hibernate", smoke, natives, o -> o.include(HibernateBenchmarks.class.getName()));
    } else {
      Servers.notice("Hibernate ORM (PostgreSQL)", "no PostgreSQL server");
    }
    if (InfluxBenchmarks.serverUrl().filter(BenchmarkMain::influxAnswers).isPresent()) {
      run(results, "influxdb", smoke, natives, o -> o.include(InfluxBenchmarks.class.getName()));
    } else {
      Servers.notice("InfluxDB", "no server at POLYSTORE_TEST_INFLUXDB_URL");
    }
    if (Files.isDirectory(natives)) {
      run(results, "dynamodb", smoke, natives, o -> o.include(DynamoBenchmarks.class.getName()));
    } else {
      Servers.notice("DynamoDB Local", "its native libraries are missing from " + natives);
    }
    RatioReport.write(results, smoke);
  }

  private interface Selection {
    ChainedOptionsBuilder select(ChainedOptionsBuilder options);
  }

  private static void run(Path results, String group, boolean smoke, Path natives, Selection selection)
      throws RunnerException {
    ChainedOptionsBuilder o = new OptionsBuilder()
        .resultFormat(ResultFormatType.JSON)
        .result(results.resolve("jmh-" + group + ".json").toString())
        .timeUnit(TimeUnit.SECONDS)
        .shouldFailOnError(true);
    if (smoke) {
      o.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(200))
          .param("users", "200").param("events", "500").param("stored", "2000");
    } else {
      o.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
          .measurementTime(TimeValue.seconds(1)).addProfiler(GCProfiler.class)
          .jvmArgsAppend("-Xms1g", "-Xmx1g", "-Dsqlite4java.library.path=" + natives,
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    }
    new Runner(selection.select(o).build()).run();
  }

  private static boolean reachable(String url) {
    try (Connection c = DriverManager.getConnection(url)) {
      return c.isValid(5);
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean influxAnswers(String serverUrl) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(serverUrl + "/ping").toURL().openConnection();
      c.setConnectTimeout(3000);
      c.setReadTimeout(3000);
      int code = c.getResponseCode();
      c.disconnect();
      return code / 100 == 2;
    } catch (IOException e) {
      return false;
    }
  }

  /** The folder of the running jar ({@code benchmarks/target}), or {@code benchmarks/target} from a checkout. */
  private static Path jarDirectory() {
    try {
      Path jar = Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(jar)) {
        return jar.getParent();
      }
      return jar.getParent(); // target/classes -> target
    } catch (Exception e) {
      return Path.of("benchmarks", "target");
    }
  }
}
