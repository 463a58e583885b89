package dev.weir.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a flow: a top-level (or static nested) class with a no-argument constructor, whose
 * {@link Stage} methods are wired by {@link #topology()}. For a nested class {@code Outer.Inner} the
 * generated class is {@code Outer_InnerFlow}.
 *
 * <p>The Weir annotation processor checks the topology while {@code javac} runs and generates
 * {@code <ClassName>Flow} in the same package, with {@code definition()} and {@code builder()}:
 *
 * <pre>{@code
 * FlowResult result = OrdersFlow.builder().journals(Journals.memory()).start().await();
 * }</pre>
 *
 * <h2>"cannot find symbol OrdersFlow"</h2>
 *
 * <p>The generated class comes from the processor, {@code dev.weir:weir-dsl-processor}, not from
 * {@code weir-runtime} or this module. When the processor is not on the annotation processor path,
 * nothing checks or generates anything: the {@code @Flow} class itself has no error, and {@code javac}
 * stops where the generated class is used, with no {@code [WEIR-...]} error:
 *
 * <pre>
 * Main.java:10: error: cannot find symbol
 *     FlowResult result = OrdersFlow.builder().journals(Journals.memory()).start().await();
 *                         ^
 *   symbol:   variable OrdersFlow
 *   location: class Main
 * </pre>
 *
 * <p>Put the processor on the annotation processor path, next to the {@code weir-runtime}
 * dependency. With Maven, in the {@code maven-compiler-plugin} configuration:
 *
 * <pre>{@code
 * <annotationProcessorPaths>
 *   <path>
 *     <groupId>dev.weir</groupId>
 *     <artifactId>weir-dsl-processor</artifactId>
 *     <version>${weir.version}</version>
 *   </path>
 * </annotationProcessorPaths>
 * }</pre>
 *
 * <p>With Gradle: {@code annotationProcessor("dev.weir:weir-dsl-processor:<version>")}. A plain
 * dependency on the processor is not enough from JDK 23 on, where {@code javac} no longer runs
 * processors it finds on the class path. In an IDE that builds by itself, annotation processing
 * must be enabled for the module (IntelliJ IDEA takes it from the Maven or Gradle build). When the
 * processor did run but found an error in the flow, it reports that error with its
 * {@code [WEIR-...]} code and generates nothing; fix that error first. See
 * {@code docs/diagnostics.md} in the Weir repository.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Flow {

  /** The flow's name; the empty default means the class name in snake_case. */
  String name() default "";

  /**
   * Topology statements: {@code "a |> b |> c"} forward chains, {@code "a <| b"} a backflow edge from
   * {@code b} to {@code a}, {@code "(ref, stream) |> join"} both inputs of a join.
   */
  String[] topology();

  /** How many times an event may pass around a cycle before it goes to the error journal. */
  int maxIterations() default 30;

  /** Ring size of every stage's output; a power of two. */
  int bufferSize() default 1024;
}
