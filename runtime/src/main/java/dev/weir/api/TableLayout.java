package dev.weir.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of {@link Format#TABLE}: cells are gathered row by row, and {@link #render} lays out
 * a batch of rows under the running column widths, with a header whenever the table grew.
 */
final class TableLayout {

  private static final String GAP = "  ";

  private final ObjectMapper mapper;
  /** Column name to its width so far, in first-seen order. */
  private final Map<String, Integer> widths = new LinkedHashMap<>();
  /** Column name to whether every value so far is a number. */
  private final Map<String, Boolean> numeric = new LinkedHashMap<>();
  private final List<Map<String, String>> rows = new ArrayList<>();
  private boolean grew = true;

  TableLayout(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Adds one item's row. */
  void add(Object item) {
    JsonNode node = mapper.valueToTree(item);
    Map<String, String> row = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        cell(row, f.getKey(), f.getValue());
      }
    } else {
      cell(row, "value", node);
    }
    rows.add(row);
  }

  private void cell(Map<String, String> row, String column, JsonNode value) {
    String text = value == null || value.isNull() ? "null"
        : value.isValueNode() ? value.asText()
        : value.toString();
    text = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    row.put(column, text);
    int width = Math.max(text.length(), column.length());
    Integer before = widths.get(column);
    if (before == null || before < width) {
      widths.put(column, width);
      grew = true;
    }
    boolean number = value == null || value.isNull() || value.isNumber();
    Boolean wasNumeric = numeric.get(column);
    if (wasNumeric == null || (wasNumeric && !number)) {
      numeric.put(column, number);
      grew |= wasNumeric != null; // the column turns left-aligned: a new header
    }
  }

  /** The batch's rows as lines (with a header first when the table grew), and forgets them. */
  String render() {
    StringBuilder out = new StringBuilder();
    if (rows.isEmpty()) {
      return "";
    }
    if (grew) {
      StringBuilder rule = new StringBuilder();
      boolean first = true;
      for (Map.Entry<String, Integer> c : widths.entrySet()) {
        if (!first) {
          out.append(GAP);
          rule.append(GAP);
        }
        first = false;
        pad(out, c.getKey(), c.getValue(), numeric.getOrDefault(c.getKey(), false));
        rule.append("-".repeat(c.getValue()));
      }
      trimEnd(out);
      out.append('\n').append(rule).append('\n');
      grew = false;
    }
    for (Map<String, String> row : rows) {
      boolean first = true;
      for (Map.Entry<String, Integer> c : widths.entrySet()) {
        if (!first) {
          out.append(GAP);
        }
        first = false;
        pad(out, row.getOrDefault(c.getKey(), ""), c.getValue(), numeric.getOrDefault(c.getKey(), false));
      }
      trimEnd(out);
      out.append('\n');
    }
    rows.clear();
    return out.toString();
  }

  private static void pad(StringBuilder out, String text, int width, boolean right) {
    if (right) {
      out.append(" ".repeat(width - text.length())).append(text);
    } else {
      out.append(text).append(" ".repeat(width - text.length()));
    }
  }

  private static void trimEnd(StringBuilder b) {
    int n = b.length();
    while (n > 0 && b.charAt(n - 1) == ' ') {
      n--;
    }
    b.setLength(n);
  }
}
