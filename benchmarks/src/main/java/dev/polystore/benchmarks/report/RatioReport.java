package dev.polystore.benchmarks.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Reads every {@code jmh-*.json} of a results folder and writes {@code ratios.md} (Polystore ÷ raw and Polystore ÷
 * Hibernate per workload and backend: median, with the 10th–90th percentile of the iteration ratios; allocation per
 * operation; throughputs) and {@code ratios.png} (the Polystore ÷ raw medians). A cell below {@link #GOAL} is
 * marked. Also runnable alone: {@code java -cp benchmarks.jar dev.polystore.benchmarks.report.RatioReport DIR}.
 * Not thread-safe (a program step).
 */
public final class RatioReport {

  /** The speed goal: Polystore at least this fraction of the raw driver's throughput. */
  public static final double GOAL = 0.95;

  /** Workloads in report order, with their labels. */
  static final Map<String, String> WORKLOADS = new LinkedHashMap<>();
  static {
    WORKLOADS.put("createAll", "`createAll` of 1,000 users, one transaction (DynamoDB: 33)");
    WORKLOADS.put("findByUsername", "`findByUsername`, random look-ups");
    WORKLOADS.put("pageWithIncludes", "page of 50 users with `include(POSTS, TAGS)`");
    WORKLOADS.put("freshPageWithIncludes", "same page right after loading, before `ANALYZE`");
    WORKLOADS.put("count", "`count` with a filter (`age >= 60`)");
    WORKLOADS.put("appendAll", "`appendAll` of 10,000 events + `flush`");
    WORKLOADS.put("stream", "stream 100,000 events");
    WORKLOADS.put("windowedMean", "mean of a field per 10 s window, 100,000 events");
  }

  /** Backends in report order, with their labels. */
  static final Map<String, String> BACKENDS = new LinkedHashMap<>();
  static {
    BACKENDS.put("sqlite", "SQLite (sync FULL)");
    BACKENDS.put("postgresql", "PostgreSQL");
    BACKENDS.put("mysql", "Connector/J → MariaDB");
    BACKENDS.put("mariadb", "MariaDB driver");
    BACKENDS.put("dynamodb-local", "DynamoDB Local (emulator)");
    BACKENDS.put("influxdb", "InfluxDB");
  }

  private RatioReport() {
  }

  public static void main(String[] args) throws IOException {
    write(Path.of(args.length > 0 ? args[0] : "benchmarks/target/results"), false);
  }

  /** Reads the results in {@code folder} and writes the report there. */
  public static void write(Path folder, boolean smoke) throws IOException {
    List<Score> scores = new ArrayList<>();
    try (var files = Files.list(folder)) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("jmh-.*\\.json")).sorted().toList()) {
        scores.addAll(read(f));
      }
    }
    String markdown = markdown(scores, smoke);
    Files.writeString(folder.resolve("ratios.md"), markdown);
    chart(scores, folder.resolve("ratios.png"));
    System.out.println();
    System.out.println(markdown);
    System.out.println("Report written to " + folder.toAbsolutePath());
  }

  static List<Score> read(Path json) throws IOException {
    List<Score> out = new ArrayList<>();
    JsonArray runs;
    try (Reader r = Files.newBufferedReader(json)) {
      runs = JsonParser.parseReader(r).getAsJsonArray();
    }
    for (JsonElement e : runs) {
      JsonObject run = e.getAsJsonObject();
      String method = run.get("benchmark").getAsString();
      method = method.substring(method.lastIndexOf('.') + 1);
      int cut = method.lastIndexOf('_');
      if (cut < 0) {
        continue;
      }
      String backend = run.getAsJsonObject("params").get("backend").getAsString();
      List<Double> iterations = new ArrayList<>();
      for (JsonElement fork : run.getAsJsonObject("primaryMetric").getAsJsonArray("rawData")) {
        for (JsonElement it : fork.getAsJsonArray()) {
          iterations.add(it.getAsDouble());
        }
      }
      double bytes = Double.NaN;
      JsonObject secondary = run.getAsJsonObject("secondaryMetrics");
      if (secondary != null) {
        for (String key : secondary.keySet()) {
          if (key.endsWith("gc.alloc.rate.norm")) { // "gc.alloc.rate.norm" in JMH 1.37, "·gc..." before
            bytes = secondary.getAsJsonObject(key).get("score").getAsDouble();
          }
        }
      }
      out.add(new Score(method.substring(0, cut), method.substring(cut + 1), backend, iterations, bytes));
    }
    return out;
  }

  private static Optional<Score> find(List<Score> scores, String workload, String side, String backend) {
    return scores.stream().filter(s -> s.workload().equals(workload) && s.side().equals(side)
        && s.backend().equals(backend)).findFirst();
  }

  static String markdown(List<Score> scores, boolean smoke) {
    List<String> backends = BACKENDS.keySet().stream()
        .filter(b -> scores.stream().anyMatch(s -> s.backend().equals(b))).toList();
    StringBuilder md = new StringBuilder();
    if (smoke) {
      md.append("> Smoke run (one short iteration per benchmark, small data): these numbers prove only that every"
          + " benchmark runs.\n\n");
    }
    md.append("### Polystore ÷ raw driver (throughput ratio; higher is better; goal ≥ ")
        .append(fmt(GOAL)).append(", ▼ marks a cell below it)\n\n");
    md.append("Median of the ratios of every measured iteration of one side to every iteration of the other; in"
        + " brackets the 10th–90th percentile of those ratios.\n\n");
    header(md, backends);
    for (String w : WORKLOADS.keySet()) {
      StringBuilder row = new StringBuilder("| " + WORKLOADS.get(w) + " |");
      boolean any = false;
      for (String b : backends) {
        Optional<Score> p = find(scores, w, "polystore", b);
        Optional<Score> r = find(scores, w, "raw", b);
        if (p.isPresent() && r.isPresent()) {
          Stats s = Stats.ratio(p.get().iterations(), r.get().iterations());
          row.append(' ').append(s.median() < GOAL ? "▼ **" + fmt(s.median()) + "**" : fmt(s.median()))
              .append(" (").append(fmt(s.low())).append("–").append(fmt(s.high())).append(") |");
          any = true;
        } else {
          row.append(" – |");
        }
      }
      if (any) {
        md.append(row).append('\n');
      }
    }

    md.append("\n### Polystore ÷ Hibernate ORM 6.6 (PostgreSQL)\n\n| workload | PostgreSQL |\n|---|---|\n");
    for (String w : WORKLOADS.keySet()) {
      Optional<Score> p = find(scores, w, "polystore", "postgresql");
      Optional<Score> h = find(scores, w, "hibernate", "postgresql");
      if (p.isPresent() && h.isPresent()) {
        Stats s = Stats.ratio(p.get().iterations(), h.get().iterations());
        md.append("| ").append(WORKLOADS.get(w)).append(" | ").append(fmt(s.median())).append(" (")
            .append(fmt(s.low())).append("–").append(fmt(s.high())).append(") |\n");
      }
    }

    md.append("\n### Allocation per operation (`-prof gc`, bytes): Polystore / raw (/ Hibernate)\n\n");
    header(md, backends);
    for (String w : WORKLOADS.keySet()) {
      StringBuilder row = new StringBuilder("| " + WORKLOADS.get(w) + " |");
      boolean any = false;
      for (String b : backends) {
        Optional<Score> p = find(scores, w, "polystore", b);
        Optional<Score> r = find(scores, w, "raw", b);
        Optional<Score> h = find(scores, w, "hibernate", b);
        if (p.isPresent() && r.isPresent()) {
          row.append(' ').append(bytes(p.get().bytesPerOp())).append(" / ").append(bytes(r.get().bytesPerOp()))
              .append(h.map(x -> " / " + bytes(x.bytesPerOp())).orElse("")).append(" |");
          any = true;
        } else {
          row.append(" – |");
        }
      }
      if (any) {
        md.append(row).append('\n');
      }
    }

    md.append("\n### Throughput (ops/s, median of the iterations): Polystore / raw (/ Hibernate)\n\n");
    md.append("Absolute numbers of a noisy 2-core machine: compare the ratios above, not these across runs.\n\n");
    header(md, backends);
    for (String w : WORKLOADS.keySet()) {
      StringBuilder row = new StringBuilder("| " + WORKLOADS.get(w) + " |");
      boolean any = false;
      for (String b : backends) {
        Optional<Score> p = find(scores, w, "polystore", b);
        Optional<Score> r = find(scores, w, "raw", b);
        Optional<Score> h = find(scores, w, "hibernate", b);
        if (p.isPresent() && r.isPresent()) {
          row.append(' ').append(ops(p.get().median())).append(" / ").append(ops(r.get().median()))
              .append(h.map(x -> " / " + ops(x.median())).orElse("")).append(" |");
          any = true;
        } else {
          row.append(" – |");
        }
      }
      if (any) {
        md.append(row).append('\n');
      }
    }
    return md.toString();
  }

  private static void header(StringBuilder md, List<String> backends) {
    md.append("| workload |");
    backends.forEach(b -> md.append(' ').append(BACKENDS.get(b)).append(" |"));
    md.append("\n|---|");
    backends.forEach(b -> md.append("---|"));
    md.append('\n');
  }

  static void chart(List<Score> scores, Path png) throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(1200).height(600)
        .title("Polystore ÷ raw driver (median throughput ratio; goal ≥ " + fmt(GOAL) + ")")
        .xAxisTitle("workload").yAxisTitle("ratio").build();
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisLabelRotation(20);
    List<String> workloads = new ArrayList<>(WORKLOADS.keySet());
    boolean any = false;
    for (Map.Entry<String, String> b : BACKENDS.entrySet()) {
      List<String> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (String w : workloads) {
        Optional<Score> p = find(scores, w, "polystore", b.getKey());
        Optional<Score> r = find(scores, w, "raw", b.getKey());
        xs.add(w);
        ys.add(p.isPresent() && r.isPresent() ? Stats.ratio(p.get().iterations(), r.get().iterations()).median() : 0.0);
      }
      if (ys.stream().anyMatch(y -> y > 0)) {
        chart.addSeries(b.getValue(), xs, ys);
        any = true;
      }
    }
    if (any) {
      BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String bytes(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return v >= 10_000_000 ? String.format(Locale.ROOT, "%.0f MB", v / 1e6)
        : v >= 10_000 ? String.format(Locale.ROOT, "%.0f kB", v / 1e3) : String.format(Locale.ROOT, "%.0f B", v);
  }

  private static String ops(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
