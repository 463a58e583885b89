package dev.weir.app;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a main class as {@code mvn exec:java} does, for {@link LauncherTest}: in this JVM (whose own
 * command line is not the program's), from a class loader of its own over this class path, on a thread
 * named {@code <main class>.main()}, with {@code exec.args} (and, if given, {@code exec.mainClass}) set as
 * system properties the way Maven sets {@code -D} options.
 *
 * <p>Arguments: the main class, {@code exec.args}, and optionally {@code --property} to set
 * {@code exec.mainClass} too.
 */
public final class ExecJavaEmulator {

  private ExecJavaEmulator() {}

  public static void main(String[] args) throws Exception {
    String mainClass = args[0];
    String execArgs = args[1];
    System.setProperty("exec.args", execArgs);
    if (args.length > 2 && args[2].equals("--property")) {
      System.setProperty("exec.mainClass", mainClass);
    }
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    Method main = loader.loadClass(mainClass).getMethod("main", String[].class);
    Thread t = new Thread(() -> {
      try {
        main.invoke(null, (Object) Launcher.splitArgs(execArgs).toArray(String[]::new));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }, mainClass + ".main()");
    t.setContextClassLoader(loader);
    t.start();
    t.join();
  }
}
