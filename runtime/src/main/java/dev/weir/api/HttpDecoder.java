package dev.weir.api;

/**
 * Turns the body of a successful (2xx) HTTP response into items and the next page's cursor, for
 * {@link Sources#httpPull} and {@link Sources#httpPoll}. A decoder that throws makes the whole body a
 * {@link ErrorKind#DESERIALIZATION} dead letter of the source, its reason naming the URL, the status
 * and the exception; the items of that body are not emitted.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface HttpDecoder<T> {

  /**
   * Decodes one response body.
   *
   * @param body the body as UTF-8 text
   * @return its items and the next cursor, if any
   * @throws Exception when the body is not what the decoder reads
   */
  HttpPage<T> decode(String body) throws Exception;

  /**
   * A body that is a JSON array of {@code type} (Jackson, with {@code java.time} and {@code Optional}
   * support; unknown properties and null primitives are errors); never a next cursor.
   */
  static <T> HttpDecoder<T> jsonArray(Class<T> type) {
    return new JsonHttpDecoder<>(type, null, null);
  }

  /**
   * A body that is a JSON object holding the items as an array under {@code itemsField} and the
   * next cursor as a string under {@code nextField} (absent, null or empty on the last page), as in
   * {@code {"items": [...], "next": "/orders?page=2"}}.
   */
  static <T> HttpDecoder<T> jsonPage(Class<T> type, String itemsField, String nextField) {
    return new JsonHttpDecoder<>(type, java.util.Objects.requireNonNull(itemsField, "itemsField"),
        java.util.Objects.requireNonNull(nextField, "nextField"));
  }
}
