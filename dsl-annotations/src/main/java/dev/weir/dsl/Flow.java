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
 * {@code <ClassName>Flow} in the same package, with {@code definition()} and {@code builder()}.
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
