package dev.gingham.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text table as kubectl prints them: a header row of upper-case names, columns as wide as their
 * widest cell, three spaces between them, nothing after the last. Not thread-safe.
 */
final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  Table(List<String> header) {
    this.header = List.copyOf(header);
  }

  /** Adds a row; a null cell prints as {@code -}. */
  Table row(Object... cells) {
    return row(Arrays.asList(cells));
  }

  /** Adds a row; a null cell prints as {@code -}. */
  Table row(List<?> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException(
          "a row of " + cells.size() + " cells in a table of " + header.size() + " columns");
    }
    List<String> r = new ArrayList<>(cells.size());
    for (Object c : cells) {
      String s = c == null ? "-" : c.toString();
      r.add(s.isEmpty() ? "-" : s);
    }
    rows.add(r);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table, one line per row, each ending with a newline. */
  String render() {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> r : rows) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths);
    for (List<String> r : rows) {
      line(out, r, widths);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        l.append("   ");
      }
      l.append(cells.get(i));
      if (i < cells.size() - 1) {
        l.append(" ".repeat(widths[i] - cells.get(i).length()));
      }
    }
    out.append(l.toString().stripTrailing()).append('\n');
  }
}
