package dev.weir.event;

import com.fasterxml.jackson.annotation.JsonIdentityInfo;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.AbstractDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import com.fasterxml.jackson.databind.ser.impl.UnknownSerializer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds, without a value at hand, what keeps a type from coming back from JSON as it was written:
 * a type Jackson sees no properties in (written as {@code {}}), a type it can write but not read
 * (no creator), a property that is written but cannot be read back, an abstract type without type
 * information, and anything declared {@code Object} (read back as a map, list, string or number).
 * It walks the type's properties, elements and contents the way Jackson would (de)serialize them.
 */
final class JsonRoundTrip {

  private final ObjectMapper mapper;
  private final DeserializationContext reading;
  private final Set<JavaType> seen = new HashSet<>();
  private final List<String> problems = new ArrayList<>();
  private boolean shareable = true;

  private JsonRoundTrip(ObjectMapper mapper) {
    this.mapper = mapper;
    this.reading = ((DefaultDeserializationContext) mapper.getDeserializationContext())
        .createDummyInstance(mapper.getDeserializationConfig());
  }

  /** Every problem found in {@code type} and what it contains, each naming where and what to do. */
  static List<String> problems(ObjectMapper mapper, JavaType type) {
    JsonRoundTrip check = new JsonRoundTrip(mapper);
    check.check(type, type.toCanonical(), false);
    return List.copyOf(check.problems);
  }

  /**
   * Whether values of {@code type} can be written one after another with one Jackson serializer
   * provider: nothing in them is polymorphic or uses object identity ({@code @JsonIdentityInfo}),
   * whose per-write state a shared provider would carry from one value into the next.
   */
  static boolean shareableProvider(ObjectMapper mapper, JavaType type) {
    JsonRoundTrip check = new JsonRoundTrip(mapper);
    check.check(type, type.toCanonical(), false);
    return check.shareable && check.problems.isEmpty();
  }

  private void check(JavaType type, String where, boolean typed) {
    Class<?> raw = type.getRawClass();
    if (raw == Object.class) {
      if (!typed && mapper.getSerializationConfig().getDefaultTyper(type) == null) {
        problems.add(where + " is declared as Object: JSON would bring it back as a map, list, string or number,"
            + " not as what was written; give it a concrete type (or JsonNode, or @JsonTypeInfo)");
      }
      return;
    }
    if (Number.class.isAssignableFrom(raw) && java.lang.reflect.Modifier.isAbstract(raw.getModifiers()) && !typed) {
      problems.add(where + " is declared as " + raw.getSimpleName() + ": JSON would bring it back as an Integer, Long,"
          + " Double or BigInteger, not as the number type that was written; declare the concrete type (long, BigDecimal...)");
      return;
    }
    if (type.isPrimitive() || raw.isEnum() || JsonNode.class.isAssignableFrom(raw) || raw == String.class
        || Number.class.isAssignableFrom(raw) && raw.getName().startsWith("java.") || raw == Boolean.class
        || raw == Character.class) {
      return;
    }
    if (!seen.add(type)) {
      return;
    }
    if (raw.isAnnotationPresent(JsonIdentityInfo.class) || raw.isAnnotationPresent(JsonTypeInfo.class)
        || mapper.getSerializationConfig().getDefaultTyper(type) != null) {
      shareable = false;
    }
    if (type.isMapLikeType()) {
      check(type.getKeyType(), where + " (map key)", false);
      check(type.getContentType(), where + " (map value)", false);
      return;
    }
    if (type.isContainerType() || type.isReferenceType()) {
      check(type.getContentType(), where + " (element)", false);
      return;
    }
    JsonSerializer<Object> writer;
    JsonDeserializer<Object> reader;
    try {
      writer = mapper.getSerializerProviderInstance().findValueSerializer(type);
      reader = reading.findRootValueDeserializer(type);
    } catch (Exception e) {
      problems.add(where + ": Jackson cannot handle it: " + e.getMessage() + closedModuleHint(raw));
      return;
    }
    if (reader instanceof AbstractDeserializer && !typed) {
      problems.add(where + ": " + raw.getName() + " is abstract or an interface without @JsonTypeInfo, so Jackson"
          + " cannot tell which class to read back; declare a concrete type or add @JsonTypeInfo/@JsonSubTypes");
      return;
    }
    if (writer instanceof UnknownSerializer) {
      problems.add(where + ": Jackson sees no properties in " + raw.getName() + " (no public fields or getters), so it"
          + " would be journaled as {} and read back empty; make it a record, add getters, or register a codec for it");
      return;
    }
    if (!(writer instanceof BeanSerializer) || !(reader instanceof BeanDeserializerBase bean)) {
      return; // a custom or built-in (de)serializer owns the format
    }
    ValueInstantiator creator = bean.getValueInstantiator();
    // JSON objects need an object creator: a scalar one (from an int, a string) cannot read what was written
    if (!creator.canCreateUsingDefault() && !creator.canCreateFromObjectWith() && !creator.canCreateUsingDelegate()) {
      problems.add(where + ": Jackson can write " + raw.getName() + " but not read it back: it has no no-argument"
          + " constructor and no @JsonCreator; make it a record, or add a constructor Jackson can use");
      return;
    }
    BeanDescription description = mapper.getSerializationConfig().introspect(type);
    BeanDescription readSide = mapper.getDeserializationConfig().introspect(type);
    Set<String> ignoredOnRead = new HashSet<>(readSide.getIgnoredPropertyNames());
    ignoredOnRead.addAll(mapper.getDeserializationConfig()
        .getDefaultPropertyIgnorals(raw, readSide.getClassInfo()).findIgnoredForDeserialization());
    for (BeanPropertyDefinition p : description.findProperties()) {
      if (!p.couldSerialize()) {
        continue;
      }
      String name = p.getName();
      String at = where + "." + name;
      if (bean.findProperty(name) == null && !ignoredOnRead.contains(name)) {
        problems.add(at + " is written to JSON but " + raw.getName() + " has no setter, field or constructor"
            + " parameter to read it back; add one, or mark it @JsonIgnore if it is derived");
        continue;
      }
      AnnotatedMember member = p.getPrimaryMember();
      boolean propertyTyped = member != null && member.hasAnnotation(JsonTypeInfo.class);
      if (propertyTyped || member != null && (member.hasAnnotation(JsonIdentityInfo.class)
          || member.hasAnnotation(com.fasterxml.jackson.annotation.JsonIdentityReference.class))) {
        shareable = false;
      }
      check(p.getPrimaryType(), at, propertyTyped || hasTypeInfo(p.getPrimaryType()));
    }
  }

  /**
   * The fix when {@code raw} lives in a named module that does not open its package to Jackson's
   * databind (it reads a type's members by reflection); empty otherwise.
   */
  private static String closedModuleHint(Class<?> raw) {
    Module module = raw.getModule();
    Module jackson = ObjectMapper.class.getModule();
    String pkg = raw.getPackageName();
    if (!module.isNamed() || module.isOpen(pkg, jackson)) {
      return "";
    }
    return "; module " + module.getName() + " does not open " + pkg + " to Jackson: add \"opens " + pkg + " to "
        + (jackson.isNamed() ? jackson.getName() : "com.fasterxml.jackson.databind") + ";\" to its module-info.java";
  }

  private static boolean hasTypeInfo(JavaType type) {
    return type.getRawClass().isAnnotationPresent(JsonTypeInfo.class)
        || type.getContentType() != null && type.getContentType().getRawClass().isAnnotationPresent(JsonTypeInfo.class);
  }
}
