package dev.weir.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a posted body into items of {@code T} with Jackson ({@code java.time} and
 * {@code Optional} support; unknown properties, null primitives, null items and trailing data
 * are errors), collecting a reason for every invalid item.
 */
final class IngestDecoder<T> {

  /** The items, or the body's error, or the invalid items with their reasons. */
  record Decoded<T>(List<T> items, String error, List<Map<String, Object>> invalid) {}

  private final Class<T> type;
  private final ObjectMapper mapper;
  private final ObjectReader reader;

  IngestDecoder(Class<T> type) {
    this.type = type;
    this.mapper = JsonMapper.builder()
        .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .addModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
    this.reader = mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  Decoded<T> decode(byte[] body, boolean batch) {
    JsonNode root;
    try {
      root = body.length == 0 ? null : mapper.readTree(body);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      return new Decoded<>(List.of(), "the body is not JSON" + where + ": " + JsonProblem.firstLine(e.getOriginalMessage()), List.of());
    } catch (IOException e) {
      return new Decoded<>(List.of(), "the body cannot be read: " + e.getMessage(), List.of());
    }
    if (root == null || root.isMissingNode()) {
      return new Decoded<>(List.of(), "the body is empty; send " + (batch ? "a JSON array of " : "one JSON ")
          + type.getSimpleName() + (batch ? "" : " object"), List.of());
    }
    List<JsonNode> nodes = new ArrayList<>();
    if (batch) {
      if (!root.isArray()) {
        return new Decoded<>(List.of(), "a batch is a JSON array, got " + root.getNodeType().name().toLowerCase(), List.of());
      }
      root.forEach(nodes::add);
    } else {
      nodes.add(root);
    }
    List<T> items = new ArrayList<>(nodes.size());
    List<Map<String, Object>> invalid = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      String reason = null;
      JsonNode node = nodes.get(i);
      if (node.isNull()) {
        reason = "null is not " + type.getSimpleName();
      } else {
        try {
          items.add(reader.readValue(node));
        } catch (ValueInstantiationException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          reason = type.getSimpleName() + " refused the values: " + cause.getMessage();
        } catch (JsonMappingException e) {
          String property = JsonProblem.property(e.getPath());
          if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null
              && m.getTargetType().isPrimitive() && String.valueOf(e.getOriginalMessage()).startsWith("Cannot map `null`")) {
            reason = "property '" + property + "': missing or null, but it is " + m.getTargetType().getName()
                + " (primitives need a value)";
          } else {
            reason = (property == null ? "" : "property '" + property + "': ") + JsonProblem.firstLine(e.getOriginalMessage());
          }
        } catch (IOException | RuntimeException e) {
          reason = "cannot be read as " + type.getSimpleName() + ": " + e;
        }
      }
      if (reason != null) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("index", i);
        one.put("reason", reason);
        invalid.add(one);
      }
    }
    return new Decoded<>(items, null, invalid);
  }
}
