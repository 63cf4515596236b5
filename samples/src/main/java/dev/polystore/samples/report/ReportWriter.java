package dev.polystore.samples.report;

import dev.polystore.samples.compare.ComparisonResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a comparison's report folder: {@code index.html}, {@code results.json}, and the charts as PNG and SVG.
 * Thread-safe (stateless).
 */
public final class ReportWriter {

  /** The report's page. */
  public static final String INDEX = "index.html";
  /** The raw results. */
  public static final String RESULTS = "results.json";

  private ReportWriter() {
  }

  /** Writes the report into {@code folder}, creating it; returns the charts written. */
  public static List<Charts.Chart> write(ComparisonResult result, Path folder) throws IOException {
    Files.createDirectories(folder);
    List<Charts.Chart> charts = Charts.write(result, folder);
    Files.writeString(folder.resolve(RESULTS), JsonReport.toJson(result), StandardCharsets.UTF_8);
    Files.writeString(folder.resolve(INDEX), HtmlReport.render(result, charts), StandardCharsets.UTF_8);
    return charts;
  }
}
