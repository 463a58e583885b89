package dev.weir.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names and versions a payload type in journals and manifests. Without it a payload's event type
 * is its simple class name, version 1.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

  /** The event type's stable name, for example {@code "flight.record"}. */
  String name();

  /** The payload schema's version. */
  int version() default 1;
}
