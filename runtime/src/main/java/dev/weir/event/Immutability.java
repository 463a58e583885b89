package dev.weir.event;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether values of a type can be shared between stages: only when nothing reachable from them can
 * change (records of immutable components, strings, numbers, enums, {@code java.time} values,
 * {@code Optional}s of those). Values of any other type (beans, collections, arrays) are handed to
 * each reader as its own copy decoded from the journaled bytes, so that a stage that changes a value
 * after emitting it, or a reader that changes what it got, cannot make another stage see something
 * the journal does not hold.
 */
public final class Immutability {

  private static final Set<Class<?>> LEAVES = Set.of(String.class, Boolean.class, Character.class, Byte.class,
      Short.class, Integer.class, Long.class, Float.class, Double.class, BigDecimal.class, BigInteger.class, UUID.class,
      Void.class);
  private static final Map<Type, Boolean> KNOWN = new ConcurrentHashMap<>();

  private Immutability() {}

  /** Whether nothing reachable from a value of {@code type} can change. */
  public static boolean deeplyImmutable(Type type) {
    Boolean known = KNOWN.get(type);
    if (known == null) {
      known = check(type, Map.of(), new java.util.HashSet<>());
      KNOWN.put(type, known);
    }
    return known;
  }

  private static boolean check(Type type, Map<TypeVariable<?>, Type> bindings, java.util.Set<Type> visiting) {
    if (type instanceof TypeVariable<?> v) {
      Type bound = bindings.get(v);
      return bound != null && check(bound, Map.of(), visiting);
    }
    if (type instanceof GenericArrayType) {
      return false;
    }
    Class<?> raw;
    Type[] args = new Type[0];
    if (type instanceof Class<?> c) {
      raw = c;
    } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      raw = c;
      args = p.getActualTypeArguments();
    } else {
      return false; // a wildcard or something stranger: assume it can change
    }
    if (raw.isPrimitive() || raw.isEnum() || LEAVES.contains(raw)
        || raw.getPackageName().equals("java.time") && !raw.isInterface()) {
      return true;
    }
    if (raw == Optional.class) {
      return args.length == 1 && check(args[0], bindings, visiting);
    }
    if (!raw.isRecord()) {
      return false;
    }
    if (!visiting.add(type)) {
      return true; // a record that contains itself: judged by its other components
    }
    Map<TypeVariable<?>, Type> inner = new HashMap<>();
    TypeVariable<?>[] vars = raw.getTypeParameters();
    for (int i = 0; i < vars.length && i < args.length; i++) {
      inner.put(vars[i], args[i] instanceof TypeVariable<?> tv && bindings.containsKey(tv) ? bindings.get(tv) : args[i]);
    }
    for (RecordComponent c : raw.getRecordComponents()) {
      if (!check(c.getGenericType(), inner, visiting)) {
        return false;
      }
    }
    return true;
  }
}
