package dev.weir.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What users can reach: the runtime module exports the user-facing packages only, and no public
 * signature in them mentions a type from an internal package.
 */
class PublicApiTest {

  private static final Set<String> EXPORTED = Set.of("dev.weir.api", "dev.weir.flow", "dev.weir.app", "dev.weir.server");
  /** What user-facing signatures may mention: the exported packages and the annotations module's. */
  private static final Set<String> USER_FACING = Set.of("dev.weir.api", "dev.weir.flow", "dev.weir.app", "dev.weir.server",
      "dev.weir.dsl");
  private static final Path CLASSES = Path.of("target/classes");

  @Test
  void theModuleExportsTheUserFacingPackagesOnly() {
    ModuleDescriptor d = ModuleFinder.of(CLASSES).findAll().iterator().next().descriptor();
    assertThat(d.name()).isEqualTo("dev.weir.runtime");
    assertThat(d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source))
        .containsExactlyInAnyOrderElementsOf(EXPORTED);
  }

  /** The one qualified export: the engine, to the test kit only (its clock seam), never to users. */
  @Test
  void theEngineIsExportedToTheTestKitOnly() {
    ModuleDescriptor d = ModuleFinder.of(CLASSES).findAll().iterator().next().descriptor();
    assertThat(d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
        .map(e -> e.source() + " to " + e.targets()))
        .containsExactly("dev.weir.engine to [dev.weir.test]");
  }

  @Test
  void publicSignaturesUseNoInternalTypes() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : exportedClasses()) {
      if (!Modifier.isPublic(c.getModifiers())) {
        continue;
      }
      check(leaks, c + " extends", c.getGenericSuperclass());
      for (Type t : c.getGenericInterfaces()) {
        check(leaks, c + " implements", t);
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(leaks, c.getName() + "." + f.getName(), f.getGenericType());
        }
      }
      List<Executable> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
      members.addAll(List.<Constructor<?>>of(c.getDeclaredConstructors()));
      for (Executable m : members) {
        if (!visible(m.getModifiers()) || m.isSynthetic()) {
          continue;
        }
        String where = c.getName() + "." + m.getName();
        if (m instanceof Method method) {
          check(leaks, where + " returns", method.getGenericReturnType());
        }
        for (Type p : m.getGenericParameterTypes()) {
          check(leaks, where + " takes", p);
        }
        for (Type x : m.getGenericExceptionTypes()) {
          check(leaks, where + " throws", x);
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(List<String> leaks, String where, Type t) {
    if (t == null) {
      return;
    }
    if (t instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      String pkg = c.getPackageName();
      if (pkg.startsWith("dev.weir") && !USER_FACING.contains(pkg)) {
        leaks.add(where + " " + c.getName());
      }
    } else if (t instanceof ParameterizedType p) {
      check(leaks, where, p.getRawType());
      for (Type a : p.getActualTypeArguments()) {
        check(leaks, where, a);
      }
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        check(leaks, where, b);
      }
      for (Type b : w.getLowerBounds()) {
        check(leaks, where, b);
      }
    } else if (t instanceof GenericArrayType g) {
      check(leaks, where, g.getGenericComponentType());
    } else if (t instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        if (b != Object.class) {
          check(leaks, where, b);
        }
      }
    }
  }

  private static Set<Class<?>> exportedClasses() throws IOException, ClassNotFoundException {
    Set<String> names = new TreeSet<>();
    for (String pkg : EXPORTED) {
      Path dir = CLASSES.resolve(pkg.replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class"))
            .forEach(n -> names.add(pkg + "." + n.substring(0, n.length() - ".class".length())));
      }
    }
    Set<Class<?>> out = new java.util.LinkedHashSet<>();
    for (String n : names) {
      out.add(Class.forName(n, false, PublicApiTest.class.getClassLoader()));
    }
    return out;
  }
}
