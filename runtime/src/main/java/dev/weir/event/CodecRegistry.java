package dev.weir.event;

import dev.weir.flow.Codec;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.flow.ElementType;
import dev.weir.flow.PayloadFormat;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which {@link Codec} encodes each element type of a run: a codec registered for the type (or its
 * raw class), else the run's Jackson mapper writing the run's {@link PayloadFormat} (JSON unless
 * {@link #withPayloadFormat} says otherwise). Immutable; every call of {@link #codecFor}
 * gives a fresh JSON codec, because each journal encodes on its own thread.
 */
public final class CodecRegistry {

  private static final CodecRegistry DEFAULTS = new CodecRegistry(JsonCodec.defaultMapper(), Map.of(), PayloadFormat.JSON);

  private final ObjectMapper mapper;
  private final Map<Type, Codec<?>> codecs;
  private final PayloadFormat format;

  private CodecRegistry(ObjectMapper mapper, Map<Type, Codec<?>> codecs, PayloadFormat format) {
    this.mapper = mapper;
    this.codecs = Map.copyOf(codecs);
    this.format = format;
  }

  /** JSON with {@link JsonCodec#newDefaultMapper()} for every type. */
  public static CodecRegistry defaults() {
    return DEFAULTS;
  }

  /** The same, with {@code codec} for values of {@code type}. */
  public CodecRegistry with(Type type, Codec<?> codec) {
    Map<Type, Codec<?>> next = new HashMap<>(codecs);
    next.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(codec, "codec"));
    return new CodecRegistry(mapper, next, format);
  }

  /** The same, with the mapper's codecs writing {@code value} (registered codecs write their own bytes). */
  public CodecRegistry withPayloadFormat(PayloadFormat value) {
    return Objects.requireNonNull(value, "format") == format ? this : new CodecRegistry(mapper, codecs, value);
  }

  /** The format the mapper's codecs write. */
  public PayloadFormat payloadFormat() {
    return format;
  }

  /** The same, with JSON through {@code value} (used as given: Weir does not reconfigure it). */
  public CodecRegistry withMapper(ObjectMapper value) {
    return new CodecRegistry(Objects.requireNonNull(value, "mapper"), codecs, format);
  }

  /** The same, with {@code modules} registered on a copy of the current mapper. */
  public CodecRegistry withModules(List<? extends Module> modules) {
    ObjectMapper next = mapper.copy();
    modules.forEach(m -> next.registerModule(Objects.requireNonNull(m, "module")));
    return new CodecRegistry(next, codecs, format);
  }

  /** The Jackson mapper of this run's JSON codecs; read it, do not reconfigure it. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** A reader of payload trees in this registry's format, with its mapper's settings. */
  public com.fasterxml.jackson.databind.ObjectReader treeReader() {
    return mapper.reader().with(JsonCodec.factory(mapper, format));
  }

  /** The codec for {@code type}: registered, else a new JSON codec. */
  @SuppressWarnings("unchecked")
  public Codec<Object> codecFor(ElementType type) {
    Codec<?> c = codecs.get(type.type());
    if (c == null) {
      c = codecs.get(type.rawType());
    }
    if (c instanceof JsonCodec<?> json) {
      return (Codec<Object>) json.copy(); // a JSON codec encodes on one thread: each journal gets its own
    }
    return (Codec<Object>) (c != null ? c : JsonCodec.of(type.type(), mapper, format));
  }

  /** Each stage's output codec, by stage index; null for a stage without output (a sink). */
  public List<Codec<Object>> outputCodecs(List<dev.weir.flow.StageDefinition> stages) {
    List<Codec<Object>> out = new java.util.ArrayList<>(stages.size());
    for (dev.weir.flow.StageDefinition s : stages) {
      out.add(s.output().isNone() ? null : codecFor(s.output()));
    }
    return out;
  }
}
