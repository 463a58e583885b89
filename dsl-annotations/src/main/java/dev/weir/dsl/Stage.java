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

  /** The value of {@link #maxErrors()} that gives the stage no error budget of its own. */
  long INHERIT = -1;

  /**
   * The stage's error budget: the run fails when the stage sends more than this many inputs to its
   * error journal ({@code 0}: the first one fails it). The default, {@link #INHERIT}, leaves the
   * stage to the flow-wide budget ({@code FlowBuilder.errorBudget(...)}, the command line's
   * {@code --max-errors}); a budget set for this stage in code ({@code FlowBuilder.errorBudget(stage,
   * ...)}) wins over this one. Any other negative value is a compile error ({@code WEIR-STAGE-CONFIG}).
   */
  long maxErrors() default INHERIT;
}
