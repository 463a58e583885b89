package dev.weir.flow;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic type at compile time: {@code new TypeRef<List<String>>() {}}.
 *
 * @param <T> the captured type
 */
public abstract class TypeRef<T> {

  private final Type type;

  protected TypeRef() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType parameterized)) {
      throw new IllegalStateException("TypeRef must be created with a type argument: new TypeRef<Foo>() {}");
    }
    this.type = parameterized.getActualTypeArguments()[0];
  }

  /** The captured type. */
  public Type type() {
    return type;
  }
}
