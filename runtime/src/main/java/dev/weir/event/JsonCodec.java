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

/**
 * The default {@link Codec}: JSON through Jackson, so any record or bean works. An instance
 * encodes on one thread at a time (it reuses its generator); decoding is thread-safe.
 */
public final class JsonCodec<T> implements Codec<T> {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final ObjectWriter writer;
  private final ObjectReader reader;
  private final String typeName;
  // One generator per output stream, reused: creating one per value costs more than the value.
  private OutputStream lastOut;
  private JsonGenerator generator;

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

  /**
   * Encodes {@code value}. A codec instance keeps a generator for the stream it last wrote to, so
   * one instance must not encode on two threads at once; Weir gives every journal its own.
   */
  @Override
  public void encode(T value, OutputStream out) throws IOException {
    if (out != lastOut) {
      generator = MAPPER.getFactory().createGenerator(out);
      generator.setRootValueSeparator(null); // values follow each other in the stream: no separator
      lastOut = out;
    }
    writer.writeValue(generator, value);
    generator.flush();
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
