package dev.weir.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link Flow} class as a stage factory. The method's return type
 * ({@code Source}, {@code Transform}, {@code AsyncTransform}, {@code Stateful}, {@code Join} or
 * {@code Sink}) gives the stage's kind and element types.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Stage {

  /** The stage's name; the empty default means the method's name. */
  String name() default "";

  /** For a join: the name of the stage that feeds its reference input. */
  String reference() default "";
}
