package dev.weir.flow;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * The type of the elements on a stage's input or output, with the event type name and version it
 * is journaled under.
 *
 * @param type the Java type (a {@link Class} or a parameterized type)
 * @param eventName the event type's name ({@code @EventType.name}, else the simple class name)
 * @param eventVersion the event type's version
 */
public record ElementType(Type type, String eventName, int eventVersion) {

  /** The absent type: the input of a source, the output of a sink. */
  public static final ElementType NONE = new ElementType(Void.class, "none", 0);

  public ElementType {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(eventName, "eventName");
  }

  /** A class, named by its simple name, version 1. */
  public static ElementType of(Class<?> type) {
    return new ElementType(type, type.getSimpleName(), 1);
  }

  /** A class with an explicit event name and version. */
  public static ElementType of(Class<?> type, String eventName, int eventVersion) {
    return new ElementType(type, eventName, eventVersion);
  }

  /** A generic type with an explicit event name and version. */
  public static ElementType of(TypeRef<?> type, String eventName, int eventVersion) {
    return new ElementType(type.type(), eventName, eventVersion);
  }

  /** The erasure of {@link #type()}. */
  public Class<?> rawType() {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return Object.class;
  }

  /** Whether this is {@link #NONE}. */
  public boolean isNone() {
    return this == NONE || type == Void.class;
  }

  /** The Java type as source code would write it. */
  public String typeName() {
    return type.getTypeName();
  }
}
