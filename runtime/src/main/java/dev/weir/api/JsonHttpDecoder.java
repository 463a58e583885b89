package dev.weir.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The decoders of {@link HttpDecoder#jsonArray} and {@link HttpDecoder#jsonPage}. */
final class JsonHttpDecoder<T> implements HttpDecoder<T> {

  private final Class<T> type;
  private final String itemsField;
  private final String nextField;
  private final ObjectMapper mapper;
  private final ObjectReader reader;

  JsonHttpDecoder(Class<T> type, String itemsField, String nextField) {
    this.type = Objects.requireNonNull(type, "type");
    this.itemsField = itemsField;
    this.nextField = nextField;
    this.mapper = JsonMapper.builder()
        .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .addModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
    this.reader = mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  @Override
  public HttpPage<T> decode(String body) throws IOException {
    JsonNode root = mapper.readTree(body);
    if (root == null || root.isMissingNode()) {
      throw new IOException("the body is empty, expected JSON");
    }
    JsonNode array = root;
    String next = null;
    if (itemsField != null) {
      if (!root.isObject()) {
        throw new IOException("expected a JSON object with '" + itemsField + "', got " + root.getNodeType());
      }
      array = root.get(itemsField);
      if (array == null) {
        throw new IOException("the object has no '" + itemsField + "'");
      }
      JsonNode cursor = root.get(nextField);
      if (cursor != null && !cursor.isNull()) {
        if (!cursor.isTextual()) {
          throw new IOException("'" + nextField + "' is " + cursor.getNodeType() + ", expected a string");
        }
        next = cursor.asText();
      }
    }
    if (!array.isArray()) {
      throw new IOException((itemsField == null ? "the body" : "'" + itemsField + "'") + " is " + array.getNodeType()
          + ", expected an array of " + type.getSimpleName());
    }
    List<T> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonNode node = array.get(i);
      if (node.isNull()) {
        throw new IOException("item " + i + " is null, not " + type.getSimpleName());
      }
      try {
        items.add(reader.readValue(node));
      } catch (IOException e) {
        String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        int nl = message == null ? -1 : message.indexOf('\n');
        throw new IOException("item " + i + " cannot be read as " + type.getSimpleName() + ": "
            + (nl < 0 ? message : message.substring(0, nl)), e);
      }
    }
    return HttpPage.of(items, next);
  }
}
