package dev.lifeline.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned plain-text table: left-aligned columns two spaces apart, the last column unpadded, one line per row.
 * Every cell is made {@link Printable} (a newline, an escape sequence or a bidi control in a job name prints as an
 * escape, so it can neither break the row nor drive the terminal); colours are applied after alignment so escape
 * codes never skew the columns. Not thread-safe.
 */
final class TextTable {

  private final List<String> headers;
  private final List<String[]> rows = new ArrayList<>();
  private final List<String[]> colors = new ArrayList<>();

  TextTable(String... headers) {
    this.headers = List.of(headers);
  }

  /** Adds a row; {@code colors} (same length, entries may be null) are ANSI codes for each cell. */
  TextTable row(String[] cells, String[] cellColors) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
    }
    String[] safe = new String[cells.length];
    for (int c = 0; c < cells.length; c++) {
      safe[c] = Printable.of(cells[c]);
    }
    rows.add(safe);
    colors.add(cellColors == null ? new String[cells.length] : cellColors);
    return this;
  }

  TextTable row(String... cells) {
    return row(cells, null);
  }

  int size() {
    return rows.size();
  }

  void print(PrintWriter out, Terminal term) {
    int n = headers.size();
    int[] width = new int[n];
    for (int c = 0; c < n; c++) {
      width[c] = headers.get(c).length();
    }
    for (String[] r : rows) {
      for (int c = 0; c < n; c++) {
        width[c] = Math.max(width[c], r[c] == null ? 0 : r[c].length());
      }
    }
    String[] header = headers.toArray(new String[0]);
    String[] bold = new String[n];
    java.util.Arrays.fill(bold, Terminal.BOLD);
    line(out, term, header, bold, width);
    for (int i = 0; i < rows.size(); i++) {
      line(out, term, rows.get(i), colors.get(i), width);
    }
  }

  private static void line(PrintWriter out, Terminal term, String[] cells, String[] cellColors, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      String text = cells[c] == null ? "" : cells[c];
      boolean last = c == cells.length - 1;
      sb.append(term.paint(text, cellColors[c]));
      if (!last) {
        sb.append(" ".repeat(width[c] - text.length() + 2));
      }
    }
    out.println(sb.toString().stripTrailing());
  }
}
