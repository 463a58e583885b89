package dev.weir.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Paces a stage: at most {@link #perSecond()} events a second (each event a source emits, each
 * input of other stages), {@link #burst()} at once. It blocks, never drops. On a {@link Flow} class
 * it is the default for every stage; on a {@link Stage} method it replaces that default.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimit {

  /** Events a second; positive. */
  double perSecond();

  /** Events allowed at once; at least 1; the default (0) means {@code perSecond} rounded up. */
  int burst() default 0;
}
