package dev.weir.app;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command that starts this program again, as a user types it in a POSIX shell: what usage lines
 * and the printed replay command begin with.
 *
 * <ul>
 *   <li>{@code java -jar x.jar ...} and {@code java -cp <class path> Main ...}: as started, JVM
 *       options left out;
 *   <li>{@code java -p <module path> -m module/Main ...} and {@code java Main.java ...} (a source
 *       file): as started;
 *   <li>{@code mvn exec:java} (the program runs inside Maven's JVM, in a class loader of its own):
 *       {@code java -cp <that class loader's class path> <main class> ...}, which runs the same
 *       classes without Maven. The program's arguments are read from {@code -Dexec.args}; the main
 *       class from the stack, {@code -Dexec.mainClass} or the thread exec:java names after it.
 * </ul>
 *
 * {@link #invocation(Jvm, String...)} computes it from a {@link Jvm}, a plain value, so it is tested
 * without starting JVMs or Maven.
 */
final class Launcher {

  /** The main class the JDK's source-file mode ({@code java Main.java}) runs. */
  static final String SOURCE_LAUNCHER = "jdk.compiler/com.sun.tools.javac.launcher.Main";

  private Launcher() {}

  /**
   * What the JVM tells of how it was started.
   *
   * @param command {@code sun.java.command}: the main class (or jar, or module/class) and the
   *     program's arguments, joined by spaces
   * @param classPath {@code java.class.path}
   * @param modulePath {@code jdk.module.path}, or {@code null}
   * @param mainModule {@code jdk.module.main}: set when started with {@code -m}, else {@code null}
   * @param isolatedClassPath when the program's classes were loaded by a class loader of their own
   *     (as under {@code mvn exec:java}): that loader's class path; else empty
   * @param isolatedMain with an isolated class path: the program's main class, if known
   * @param isolatedArgs with an isolated class path: the program's arguments as one string
   *     ({@code -Dexec.args}), if known
   */
  record Jvm(String command, String classPath, String modulePath, String mainModule, List<String> isolatedClassPath,
      String isolatedMain, String isolatedArgs) {

    Jvm {
      command = command == null ? "" : command.strip();
      classPath = classPath == null ? "" : classPath;
      isolatedClassPath = List.copyOf(isolatedClassPath);
    }

    /** A JVM started with {@code command} and {@code classPath}, nothing else. */
    static Jvm of(String command, String classPath) {
      return new Jvm(command, classPath, null, null, List.of(), null, null);
    }

    /** This JVM. */
    static Jvm current() {
      ClassLoader own = Launcher.class.getClassLoader();
      List<String> isolated = Launcher.isolatedClassPath(own);
      String main = null;
      String args = null;
      if (!isolated.isEmpty()) {
        main = mainOnStack(own).orElse(System.getProperty("exec.mainClass"));
        String thread = Thread.currentThread().getName();
        if (main == null && thread.endsWith(".main()")) {
          main = thread.substring(0, thread.length() - ".main()".length());
        }
        args = System.getProperty("exec.args");
      }
      String command = System.getProperty("sun.java.command", "");
      String classPath = System.getProperty("java.class.path", "");
      if (classPath.endsWith(".jar") && (command.equals(classPath) || command.startsWith(classPath + " "))) {
        command = absolute(classPath) + command.substring(classPath.length()); // java -jar: the jar leads the command
      }
      String modulePath = System.getProperty("jdk.module.path");
      return new Jvm(command, absolute(classPath), modulePath == null ? null : absolute(modulePath),
          System.getProperty("jdk.module.main"), isolated, main, args);
    }

    /**
     * {@code pathList} with each entry made absolute, so a printed command runs from any directory
     * (a replay command is often pasted in another terminal).
     */
    static String absolute(String pathList) {
      if (pathList.isEmpty()) {
        return pathList;
      }
      return Arrays.stream(pathList.split(File.pathSeparator, -1))
          .map(e -> e.isEmpty() ? e : Path.of(e).toAbsolutePath().normalize().toString())
          .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    }
  }

  /**
   * The command that started {@code jvm}'s program, then the program's own arguments that come before
   * {@code flowArgs} (each quoted where the shell needs it); {@code flowArgs}, the last arguments, are
   * left out: a printed command gives its own.
   */
  static String invocation(Jvm jvm, String... flowArgs) {
    List<String> flow = Arrays.asList(flowArgs);
    if (!jvm.isolatedClassPath().isEmpty() && jvm.isolatedMain() != null) {
      StringBuilder sb = new StringBuilder("java -cp ")
          .append(ShellWords.quote(String.join(File.pathSeparator, jvm.isolatedClassPath()))).append(' ')
          .append(ShellWords.quote(jvm.isolatedMain()));
      List<String> args = jvm.isolatedArgs() == null ? List.of() : splitArgs(jvm.isolatedArgs());
      appendLeading(sb, args, flow);
      return sb.toString();
    }
    String command = jvm.command();
    String tail = String.join(" ", flow);
    boolean knownTail = tail.isEmpty() || command.endsWith(" " + tail);
    if (!tail.isEmpty() && knownTail) {
      command = command.substring(0, Math.max(0, command.length() - tail.length() - 1));
    }
    String classPath = jvm.classPath();
    StringBuilder sb = new StringBuilder("java");
    String rest;
    int space = command.indexOf(' ');
    String first = space < 0 ? command : command.substring(0, space);
    if (classPath.endsWith(".jar") && (command.equals(classPath) || command.startsWith(classPath + " "))) {
      sb.append(" -jar ").append(ShellWords.quote(classPath));
      rest = command.substring(classPath.length());
    } else if (jvm.mainModule() != null) {
      if (jvm.modulePath() != null) {
        sb.append(" -p ").append(ShellWords.quote(jvm.modulePath()));
      }
      if (!classPath.isEmpty()) {
        sb.append(" -cp ").append(ShellWords.quote(classPath));
      }
      sb.append(" -m ").append(ShellWords.quote(first));
      rest = command.substring(first.length());
    } else if (first.equals(SOURCE_LAUNCHER)) {
      if (!classPath.isEmpty() && !classPath.equals(".")) {
        sb.append(" -cp ").append(ShellWords.quote(classPath));
      }
      rest = command.substring(first.length()); // the source file, then the program's arguments
    } else {
      if (!classPath.isEmpty()) {
        sb.append(" -cp ").append(ShellWords.quote(classPath));
      }
      sb.append(' ').append(ShellWords.quote(first));
      rest = command.substring(first.length());
    }
    List<String> words = Arrays.stream(rest.strip().split(" ")).filter(w -> !w.isEmpty()).toList();
    appendLeading(sb, words, knownTail ? List.of() : flow);
    return sb.toString();
  }

  /**
   * Appends {@code args} without {@code flow} at their end; when they do not end with {@code flow}
   * (it was cut already, or the arguments are not known exactly), up to the first option.
   */
  private static void appendLeading(StringBuilder sb, List<String> args, List<String> flow) {
    int n = args.size();
    boolean endsWithFlow = n >= flow.size() && args.subList(n - flow.size(), n).equals(flow);
    List<String> leading = endsWithFlow ? args.subList(0, n - flow.size()) : args;
    for (String arg : leading) {
      if (!endsWithFlow && arg.startsWith("--")) {
        break; // the flow's options follow; a printed command gives its own
      }
      sb.append(' ').append(ShellWords.quote(arg));
    }
  }

  /**
   * {@code text} split into arguments the way exec:java splits {@code -Dexec.args}: at spaces, except
   * inside single or double quotes, which are removed.
   */
  static List<String> splitArgs(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(word.toString());
    }
    return out;
  }

  /**
   * The class path of {@code loader} and its parents when the program's classes were loaded by a
   * class loader of their own (not the JVM's application class loader); empty otherwise, or when a
   * loader on the way is not a {@link URLClassLoader} of local files.
   */
  static List<String> isolatedClassPath(ClassLoader loader) {
    ClassLoader app = ClassLoader.getSystemClassLoader();
    ClassLoader platform = ClassLoader.getPlatformClassLoader();
    List<String> paths = new ArrayList<>();
    for (ClassLoader l = loader; l != null && l != app && l != platform; l = l.getParent()) {
      if (!(l instanceof URLClassLoader urls)) {
        return List.of();
      }
      for (URL url : urls.getURLs()) {
        if (!url.getProtocol().equals("file")) {
          return List.of();
        }
        try {
          paths.add(Path.of(url.toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
          return List.of();
        }
      }
    }
    return paths;
  }

  /** The outermost {@code main} method on this thread's stack of a class that {@code loader} can see. */
  private static Optional<String> mainOnStack(ClassLoader loader) {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
        .filter(f -> f.getMethodName().equals("main") && visibleFrom(f.getDeclaringClass(), loader))
        .reduce((inner, outer) -> outer)
        .map(f -> f.getDeclaringClass().getName()));
  }

  private static boolean visibleFrom(Class<?> c, ClassLoader loader) {
    ClassLoader app = ClassLoader.getSystemClassLoader();
    for (ClassLoader l = loader; l != null && l != app && l != ClassLoader.getPlatformClassLoader(); l = l.getParent()) {
      if (c.getClassLoader() == l) {
        return true;
      }
    }
    return false;
  }
}
