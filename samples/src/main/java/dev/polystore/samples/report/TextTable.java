package dev.polystore.samples.report;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns, for the terminal. Not thread-safe while rows are added. */
public final class TextTable {

  private final List<String> header;
  private final boolean alignRight;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table whose columns after the first are right-aligned (numbers, measurements). */
  public TextTable(List<String> header) {
    this(header, true);
  }

  private TextTable(List<String> header, boolean alignRight) {
    this.header = List.copyOf(header);
    this.alignRight = alignRight;
  }

  /** A table whose columns are all left-aligned (text). */
  public static TextTable leftAligned(List<String> header) {
    return new TextTable(header, false);
  }

  public TextTable row(List<String> cells) {
    rows.add(List.copyOf(cells));
    return this;
  }

  /** The table, lines ending with a line break. */
  public String render() {
    int[] widths = new int[header.size()];
    for (List<String> row : allRows()) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths, alignRight);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
    }
    out.append(rule).append('\n');
    rows.forEach(row -> line(out, row, widths, alignRight));
    return out.toString();
  }

  private List<List<String>> allRows() {
    List<List<String>> all = new ArrayList<>(rows);
    all.add(header);
    return all;
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths, boolean alignRight) {
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      String pad = " ".repeat(widths[i] - cell.length());
      out.append(i == 0 ? "" : "  ").append(i == 0 || !alignRight ? cell + pad : pad + cell);
    }
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == ' ') {
      end--;
    }
    out.setLength(end);
    out.append('\n');
  }
}
