package dev.polystore.samples.report;

import dev.polystore.samples.compare.ComparisonResult;
import dev.polystore.samples.compare.Cost;
import dev.polystore.samples.compare.OperationResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.style.Styler;

/**
 * The report's bar charts, per role (user operations, event operations) and measure: throughput, latency p50, p95
 * and p99, and requests per call; one bar per operation and backend, each saved as PNG and SVG. Thread-safe
 * (stateless).
 */
public final class Charts {

  /** A measure charted. */
  public enum Measure {
    THROUGHPUT("throughput", "calls per second, log scale", Cost::perSecond, true),
    P50("latency-p50", "median latency in ms, log scale", Cost::p50Millis, true),
    P95("latency-p95", "95th percentile latency in ms, log scale", Cost::p95Millis, true),
    P99("latency-p99", "99th percentile latency in ms, log scale", Cost::p99Millis, true),
    REQUESTS("requests", "requests per call (SQL statements, DynamoDB or HTTP requests)", Cost::requestsPerCall,
        false);

    private final String file;
    private final String title;
    private final ToDoubleFunction<Cost> value;
    private final boolean logarithmic;

    Measure(String file, String title, ToDoubleFunction<Cost> value, boolean logarithmic) {
      this.file = file;
      this.title = title;
      this.value = value;
      this.logarithmic = logarithmic;
    }
  }

  /** One chart written: its base name (without extension) and title. */
  public record Chart(String name, String title) {
  }

  private Charts() {
  }

  /** Writes every chart into {@code folder} as {@code <name>.png} and {@code <name>.svg}. */
  public static List<Chart> write(ComparisonResult result, Path folder) throws IOException {
    List<Chart> charts = new ArrayList<>();
    for (String role : List.of("users", "events")) {
      List<String> operations = result.operations().stream().filter(o -> o.role().equals(role))
          .map(ComparisonResult.OperationInfo::name).toList();
      List<String> backends = result.backends().stream()
          .filter(b -> operations.stream().anyMatch(o -> measured(result, o, b).isPresent())).toList();
      if (operations.isEmpty() || backends.isEmpty()) {
        continue;
      }
      // a log scale has no place for an operation some backend did not run: those are left out of it
      List<String> everywhere = operations.stream()
          .filter(o -> backends.stream().allMatch(b -> measured(result, o, b).isPresent())).toList();
      List<String> leftOut = operations.stream().filter(o -> !everywhere.contains(o)).toList();
      for (Measure measure : Measure.values()) {
        String name = role + "-" + measure.file;
        String title = (role.equals("users") ? "User operations" : "Event operations") + ": " + measure.title
            + (measure.logarithmic && !leftOut.isEmpty() ? " (not on every backend, left out: "
                + String.join(", ", leftOut) + ")" : "");
        CategoryChart chart = chart(result, measure.logarithmic ? everywhere : operations, backends, measure, title);
        BitmapEncoder.saveBitmap(chart, folder.resolve(name + ".png").toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, folder.resolve(name + ".svg").toString(),
            VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        charts.add(new Chart(name, title));
      }
    }
    return charts;
  }

  private static CategoryChart chart(ComparisonResult result, List<String> operations, List<String> backends,
      Measure measure, String title) {
    CategoryChart chart = new CategoryChartBuilder().width(1100).height(560).title(title).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setXAxisLabelRotation(35);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setYAxisLogarithmic(measure.logarithmic);
    if (measure.logarithmic) {
      // bars start at the axis minimum, which a log scale cannot put at zero
      chart.getStyler().setYAxisMin(floor(result, operations, backends, measure));
    }
    chart.getStyler().setPlotGridVerticalLinesVisible(false);
    for (String backend : backends) {
      List<Double> values = new ArrayList<>();
      for (String operation : operations) {
        // no bar where the operation did not run (refused, or failed before a call returned): linear charts only
        values.add(measured(result, operation, backend).map(measure.value::applyAsDouble).orElse(0.0));
      }
      chart.addSeries(backend, operations, values);
    }
    return chart;
  }

  /** The power of ten just below the smallest value charted. */
  private static double floor(ComparisonResult result, List<String> operations, List<String> backends,
      Measure measure) {
    double smallest = Double.MAX_VALUE;
    for (String operation : operations) {
      for (String backend : backends) {
        Optional<Cost> cost = measured(result, operation, backend);
        if (cost.isPresent()) {
          smallest = Math.min(smallest, measure.value.applyAsDouble(cost.get()));
        }
      }
    }
    return smallest == Double.MAX_VALUE || smallest <= 0 ? 0.001 : Math.pow(10, Math.floor(Math.log10(smallest)));
  }

  private static Optional<Cost> measured(ComparisonResult result, String operation, String backend) {
    return result.result(operation, backend).map(OperationResult::cost).filter(c -> c.calls() > 0);
  }
}
