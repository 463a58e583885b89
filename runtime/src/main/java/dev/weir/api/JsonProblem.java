package dev.weir.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;

/** How the JSON sources word what Jackson could not read: the property path and the first line of its message. */
final class JsonProblem {

  private JsonProblem() {}

  /** {@code a.b[2].c} for the path of a mapping error, or null when it names no property. */
  static String property(List<JsonMappingException.Reference> path) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : path) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.length() == 0 ? null : b.toString();
  }

  /** The first line of {@code message} (Jackson appends the source location on later lines); "" for none. */
  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
