package dev.polystore.samples.report;

import dev.polystore.samples.compare.ComparisonResult;
import dev.polystore.samples.compare.Difference;
import dev.polystore.samples.compare.OperationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tables of a comparison — per operation and backend: how it is done, and what it cost — as rows of text,
 * shared by the terminal and the HTML report. Thread-safe (stateless).
 */
public final class ReportTables {

  private ReportTables() {
  }

  /** Header and rows of the summary: per operation and backend, support, median latency and requests per call. */
  public static TextTable summary(ComparisonResult result) {
    List<String> header = new ArrayList<>();
    header.add("operation");
    header.addAll(result.backends());
    TextTable table = new TextTable(header);
    for (ComparisonResult.OperationInfo operation : result.operations()) {
      List<String> row = new ArrayList<>();
      row.add(operation.name());
      for (String backend : result.backends()) {
        row.add(result.result(operation.name(), backend).map(ReportTables::cell).orElse("-"));
      }
      table.row(row);
    }
    return table;
  }

  /** One cell: {@code native 0.42ms 2.0req}, or just the support when nothing was measured. */
  static String cell(OperationResult r) {
    if (r.cost().calls() == 0) {
      return r.support().label();
    }
    return r.support().label() + " " + millis(r.cost().p50Millis()) + " "
        + String.format(Locale.ROOT, "%.1f", r.cost().requestsPerCall()) + "req";
  }

  static String millis(double millis) {
    return millis >= 100 ? String.format(Locale.ROOT, "%.0fms", millis)
        : millis >= 10 ? String.format(Locale.ROOT, "%.1fms", millis) : String.format(Locale.ROOT, "%.2fms", millis);
  }

  /** The differences as text, or a line saying all agreed. */
  public static String differences(ComparisonResult result) {
    if (result.agreed()) {
      return "Agreement: every backend gave the same answers to every operation it ran ("
          + result.results().stream().filter(r -> r.cost().calls() > 0).count() + " operation runs compared).\n";
    }
    StringBuilder out = new StringBuilder("DISAGREEMENT: " + result.differences().size()
        + " difference(s) between backends\n");
    for (Difference d : result.differences()) {
      out.append("  ").append(d.operation()).append(": ").append(d.other()).append(" differs from ")
          .append(d.reference()).append('\n');
      d.diff().forEach(line -> out.append("      ").append(line).append('\n'));
    }
    return out.toString();
  }

  /** Where the support was not plainly native: the operation, backend and why. */
  public static List<String> notes(ComparisonResult result) {
    List<String> notes = new ArrayList<>();
    for (OperationResult r : result.results()) {
      if (!r.supportDetail().isEmpty() && !r.support().label().equals("native")) {
        notes.add(r.operation() + " on " + r.backend() + ": " + r.support().label() + " — " + r.supportDetail());
      }
    }
    return notes;
  }
}
