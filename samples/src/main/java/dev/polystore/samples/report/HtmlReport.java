package dev.polystore.samples.report;

import dev.polystore.samples.compare.ComparisonResult;
import dev.polystore.samples.compare.Difference;
import dev.polystore.samples.compare.OperationResult;
import java.util.List;
import java.util.Locale;

/** The report's {@code index.html}: agreement, capabilities, cost tables and the charts. Thread-safe (stateless). */
public final class HtmlReport {

  private HtmlReport() {
  }

  public static String render(ComparisonResult result, List<Charts.Chart> charts) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Polystore comparison</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
            + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child"
            + "{text-align:left}.native{background:#e6f4ea}.emulated{background:#fff4d6}.scan{background:#fde2cf}"
            + ".refused{background:#eee}.failed{background:#f8d0d0}pre{background:#f6f6f6;padding:1em}"
            + "img{max-width:100%}</style></head><body>\n")
        .append("<h1>Polystore comparison</h1>\n<p>Started ").append(result.startedAt()).append(", ")
        .append(String.format(Locale.ROOT, "%.1f", result.seconds())).append(" s; ")
        .append(result.size().users()).append(" users, ").append(result.size().events()).append(" events, ")
        .append(result.size().reads()).append(" calls per read operation. Backends: ")
        .append(escape(String.join(", ", result.backends()))).append(".</p>\n");

    html.append("<h2>Agreement</h2>\n");
    if (result.agreed()) {
      html.append("<p>Every backend gave the same answers to every operation it ran.</p>\n");
    } else {
      html.append("<p><strong>").append(result.differences().size())
          .append(" difference(s).</strong> Lines starting with <code>-</code> only the first backend gave, with"
              + " <code>+</code> only the other.</p>\n");
      for (Difference d : result.differences()) {
        html.append("<h3>").append(escape(d.operation())).append(": ").append(escape(d.other()))
            .append(" differs from ").append(escape(d.reference())).append("</h3>\n<pre>")
            .append(escape(String.join("\n", d.diff()))).append("</pre>\n");
      }
    }

    html.append("<h2>Capabilities and cost</h2>\n<p>Each cell: how the backend does it (native, emulated in"
        + " memory, scan of all users or posts, refused), median latency, and requests sent per call (SQL"
        + " statements, DynamoDB requests, HTTP requests to InfluxDB).</p>\n<table><tr><th>operation</th>");
    result.backends().forEach(b -> html.append("<th>").append(escape(b)).append("</th>"));
    html.append("</tr>\n");
    for (ComparisonResult.OperationInfo operation : result.operations()) {
      html.append("<tr><td title=\"").append(escape(operation.description())).append("\">")
          .append(escape(operation.name())).append("</td>");
      for (String backend : result.backends()) {
        OperationResult r = result.result(operation.name(), backend).orElse(null);
        if (r == null) {
          html.append("<td>–</td>");
        } else {
          html.append("<td class=\"").append(r.support().label()).append("\" title=\"")
              .append(escape(r.supportDetail())).append("\">").append(escape(ReportTables.cell(r))).append("</td>");
        }
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
    List<String> notes = ReportTables.notes(result);
    if (!notes.isEmpty()) {
      html.append("<h3>Why not native</h3>\n<ul>\n");
      notes.forEach(n -> html.append("<li>").append(escape(n)).append("</li>\n"));
      html.append("</ul>\n");
    }

    html.append("<h2>Latency and throughput</h2>\n<table><tr><th>operation</th><th>backend</th><th>calls</th>"
        + "<th>calls/s</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>requests</th><th>counted</th></tr>\n");
    for (OperationResult r : result.results()) {
      html.append("<tr><td>").append(escape(r.operation())).append("</td><td>").append(escape(r.backend()))
          .append("</td><td>").append(r.cost().calls()).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%d</td>",
              r.cost().perSecond(), r.cost().p50Millis(), r.cost().p95Millis(), r.cost().p99Millis(),
              r.cost().requests()))
          .append("<td>").append(escape(r.cost().requestUnit())).append("</td></tr>\n");
    }
    html.append("</table>\n<h2>Charts</h2>\n");
    for (Charts.Chart chart : charts) {
      html.append("<h3>").append(escape(chart.title())).append("</h3>\n<p><img src=\"").append(chart.name())
          .append(".png\" alt=\"").append(escape(chart.title())).append("\"><br><a href=\"").append(chart.name())
          .append(".svg\">SVG</a></p>\n");
    }
    html.append("<p>Raw results: <a href=\"results.json\">results.json</a>.</p>\n</body></html>\n");
    return html.toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
