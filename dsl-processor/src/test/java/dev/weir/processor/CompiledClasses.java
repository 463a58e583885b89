package dev.weir.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Loads the classes a compile-testing compilation wrote, so generated code can be run. Its parent
 * is the test class loader, so {@code dev.weir.*} resolves to the same classes the test sees.
 */
final class CompiledClasses extends ClassLoader {

  private static final String OUTPUT = "CLASS_OUTPUT/";

  private final Map<String, byte[]> classes = new HashMap<>();

  CompiledClasses(Compilation compilation) {
    super(CompiledClasses.class.getClassLoader());
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String binaryName = path.substring(path.indexOf(OUTPUT) + OUTPUT.length(), path.length() - ".class".length())
          .replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(binaryName, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classes.get(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  /** Calls the generated {@code definition()} of {@code generatedClass}. */
  dev.weir.flow.FlowDefinition definition(String generatedClass) throws ReflectiveOperationException {
    return (dev.weir.flow.FlowDefinition) loadClass(generatedClass).getMethod("definition").invoke(null);
  }
}
