package dev.polystore.samples.report;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns, for the terminal. Not thread-safe while rows are added. */
public final class TextTable {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(List<String> header) {
    this.header = List.copyOf(header);
  }

  public TextTable row(List<String> cells) {
    rows.add(List.copyOf(cells));
    return this;
  }

  /** The table, lines ending with a line break; the first column left-aligned, the others right-aligned. */
  public String render() {
    int[] widths = new int[header.size()];
    for (List<String> row : allRows()) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
    }
    out.append(rule).append('\n');
    rows.forEach(row -> line(out, row, widths));
    return out.toString();
  }

  private List<List<String>> allRows() {
    List<List<String>> all = new ArrayList<>(rows);
    all.add(header);
    return all;
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      String pad = " ".repeat(widths[i] - cell.length());
      out.append(i == 0 ? "" : "  ").append(i == 0 ? cell + pad : pad + cell);
    }
    out.append('\n');
  }
}
