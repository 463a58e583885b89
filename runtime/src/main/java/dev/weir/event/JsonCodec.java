package dev.weir.event;

import dev.weir.flow.Codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.ser.DefaultSerializerProvider;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import com.fasterxml.jackson.dataformat.smile.SmileParser;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.weir.flow.PayloadFormat;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;

/**
 * The default {@link Codec}: JSON through Jackson 2, so any record or bean works, written as JSON
 * text or as Smile, Jackson's binary form of the same data model ({@link PayloadFormat}): the
 * mapper and all its settings are the same either way, only the bytes differ. A Smile payload has
 * no header and no back-references to earlier values, so each one decodes on its own. The default
 * mapper ({@link #newDefaultMapper()}) reads and writes {@code java.time} types (ISO-8601 text) and
 * {@code Optional}, refuses types it sees no properties in, and sorts map entries by key so that
 * equal maps give equal bytes in every JVM. An instance encodes on one thread at a time (it reuses
 * its generator); decoding is thread-safe.
 */
public final class JsonCodec<T> implements Codec<T> {

  private static final ObjectMapper DEFAULT = newDefaultMapper();

  /**
   * Smile as journals hold it: no header (a payload is not a file), no shared names or values (a
   * payload must not refer to the one before it, which a reused generator would do).
   */
  private static final SmileFactory SMILE = SmileFactory.builder()
      .disable(SmileGenerator.Feature.WRITE_HEADER)
      .disable(SmileGenerator.Feature.CHECK_SHARED_NAMES)
      .disable(SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES)
      .disable(SmileParser.Feature.REQUIRE_HEADER)
      .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();

  private final ObjectMapper mapper;
  private final PayloadFormat format;
  private final JsonFactory factory;
  private final JavaType javaType;
  private final ObjectWriter writer;
  private final ObjectReader reader;
  // One generator per output stream, reused: creating one per value costs more than the value.
  private OutputStream lastOut;
  private JsonGenerator generator;

  // The fast paths: a scalar written straight to the generator (with the default mapper only, whose
  // scalar serializers are Jackson's own), or one serializer provider reused for every value of a
  // type whose writes share no state; else ObjectWriter, which sets up a provider per value.
  private final Scalar scalar;
  /** Whole numbers in Smile: written by {@link SmileInts} when they fit an int. */
  private final boolean smileInts;
  private DefaultSerializerProvider provider;
  private JsonSerializer<Object> serializer;
  private boolean fastPathChecked;

  /** Scalars the default mapper writes exactly as {@link JsonGenerator}'s own methods do. */
  private enum Scalar { LONG, INT, STRING, DOUBLE, BOOLEAN }

  private JsonCodec(Type type, ObjectMapper mapper, PayloadFormat format) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.format = Objects.requireNonNull(format, "format");
    this.factory = factory(mapper, format);
    this.javaType = mapper.getTypeFactory().constructType(Objects.requireNonNull(type, "type"));
    this.writer = mapper.writerFor(javaType).with(factory);
    this.reader = mapper.readerFor(javaType).with(factory);
    this.scalar = mapper == DEFAULT ? scalarOf(javaType.getRawClass()) : null;
    this.smileInts = format == PayloadFormat.SMILE && (scalar == Scalar.LONG || scalar == Scalar.INT);
  }

  private static Scalar scalarOf(Class<?> c) {
    if (c == Long.class || c == long.class) {
      return Scalar.LONG;
    }
    if (c == Integer.class || c == int.class || c == Short.class || c == short.class || c == Byte.class || c == byte.class) {
      return Scalar.INT;
    }
    if (c == String.class) {
      return Scalar.STRING;
    }
    if (c == Double.class || c == double.class) {
      return Scalar.DOUBLE;
    }
    if (c == Boolean.class || c == boolean.class) {
      return Scalar.BOOLEAN;
    }
    return null;
  }

  /** A codec for values of {@code type} (a class or a parameterized type) with the default mapper. */
  public static <T> JsonCodec<T> of(Type type) {
    return new JsonCodec<>(type, DEFAULT, PayloadFormat.JSON);
  }

  /** A codec for the same type, mapper and format with its own encoding state, for another thread. */
  public JsonCodec<T> copy() {
    return new JsonCodec<>(javaType, mapper, format);
  }

  /** The bytes this codec writes: JSON text or Smile. */
  public PayloadFormat format() {
    return format;
  }

  /**
   * The Jackson factory that writes and reads {@code format} with {@code mapper}'s settings: the
   * mapper's own for JSON, Weir's Smile factory (no header, no back-references) for Smile.
   */
  public static JsonFactory factory(ObjectMapper mapper, PayloadFormat format) {
    return format == PayloadFormat.SMILE ? SMILE : mapper.getFactory();
  }

  /** The shared default mapper, for the registry's defaults; never handed to users, who could reconfigure it. */
  static ObjectMapper defaultMapper() {
    return DEFAULT;
  }

  /** A codec for values of {@code type} with {@code mapper}, which must not be reconfigured afterwards. */
  public static <T> JsonCodec<T> of(Type type, ObjectMapper mapper) {
    return new JsonCodec<>(type, mapper, PayloadFormat.JSON);
  }

  /** A codec for values of {@code type} with {@code mapper}, writing {@code format}. */
  public static <T> JsonCodec<T> of(Type type, ObjectMapper mapper, PayloadFormat format) {
    return new JsonCodec<>(type, mapper, format);
  }

  /**
   * A new mapper configured as Weir's default: {@code java.time} and {@code Optional} support, ISO-8601
   * dates, map entries sorted by key, empty beans refused. Start from it to add modules or features.
   */
  public static ObjectMapper newDefaultMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(new Jdk8Module())
        .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .build();
  }

  /**
   * Encodes {@code value}. A codec instance keeps a generator for the stream it last wrote to, so
   * one instance must not encode on two threads at once; Weir gives every journal its own. A value
   * that fails to encode leaves no trace in the codec: the next value starts a fresh generator.
   */
  @Override
  public void encode(T value, OutputStream out) throws IOException {
    if (smileInts && value != null) {
      long v = ((Number) value).longValue();
      if (v == (int) v) {
        SmileInts.write((int) v, out); // the bytes the generator would write, without it
        return;
      }
    }
    if (out != lastOut || generator == null) {
      generator = factory.createGenerator(out);
      mapper.getSerializationConfig().initialize(generator); // as ObjectWriter configures it
      if (format == PayloadFormat.JSON) {
        generator.setRootValueSeparator(null); // values follow each other in the stream: no separator
      }
      lastOut = out;
    }
    try {
      if (scalar != null && value != null) {
        writeScalar(value);
      } else if (sharedProvider()) {
        provider.serializeValue(generator, value, javaType, serializer);
      } else {
        writer.writeValue(generator, value);
      }
      generator.flush();
    } catch (IOException | RuntimeException e) {
      // The generator may be left inside an object: never write with it again.
      generator = null;
      lastOut = null;
      throw e;
    }
  }

  private void writeScalar(Object value) throws IOException {
    switch (scalar) {
      case LONG -> generator.writeNumber((Long) value);
      case INT -> generator.writeNumber(((Number) value).intValue());
      case STRING -> generator.writeString((String) value);
      case DOUBLE -> generator.writeNumber((Double) value);
      case BOOLEAN -> generator.writeBoolean((Boolean) value);
    }
  }

  /** Whether one provider serves every value of this type (decided once, on the first encode). */
  private boolean sharedProvider() throws IOException {
    if (!fastPathChecked) {
      fastPathChecked = true;
      if (JsonRoundTrip.shareableProvider(mapper, javaType)) {
        DefaultSerializerProvider p = (DefaultSerializerProvider) mapper.getSerializerProviderInstance();
        if (p.findTypeSerializer(javaType) == null) {
          serializer = p.findTypedValueSerializer(javaType, true, null);
          provider = p;
        }
      }
    }
    return provider != null;
  }

  @Override
  public T decode(byte[] data, int offset, int length) throws IOException {
    return reader.readValue(data, offset, length);
  }

  /** What keeps values of this type from round-tripping through JSON: see {@link JsonRoundTrip}. */
  @Override
  public List<String> problems() {
    return JsonRoundTrip.problems(mapper, javaType);
  }

  @Override
  public String toString() {
    return format.id() + "(" + javaType.toCanonical() + ")";
  }
}
