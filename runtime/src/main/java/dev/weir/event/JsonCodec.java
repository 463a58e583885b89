package dev.weir.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;

/** The default {@link Codec}: JSON through Jackson, so any record or bean works. */
public final class JsonCodec<T> implements Codec<T> {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final ObjectWriter writer;
  private final ObjectReader reader;
  private final String typeName;

  private JsonCodec(Type type) {
    JavaType javaType = MAPPER.getTypeFactory().constructType(type);
    this.writer = MAPPER.writerFor(javaType);
    this.reader = MAPPER.readerFor(javaType);
    this.typeName = type.getTypeName();
  }

  /** A codec for values of {@code type} (a class or a parameterized type). */
  public static <T> JsonCodec<T> of(Type type) {
    return new JsonCodec<>(type);
  }

  @Override
  public void encode(T value, OutputStream out) throws IOException {
    writer.writeValue(out, value);
  }

  @Override
  public T decode(byte[] data, int offset, int length) throws IOException {
    return reader.readValue(data, offset, length);
  }

  @Override
  public String toString() {
    return "json(" + typeName + ")";
  }
}
