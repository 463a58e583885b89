package dev.weir.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Bounds each handler call of a transform, async transform or sink: a call that takes longer is
 * interrupted (an async result is abandoned) and its input goes to the error journal as
 * {@code TIMEOUT}. On a {@link Flow} class it is the default for every stage it fits; on a
 * {@link Stage} method it replaces that default.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Timeout {

  /** The longest a call may take: a number and a unit ({@code 2s}, {@code 500ms}) or ISO-8601 ({@code PT2S}). */
  String value();
}
