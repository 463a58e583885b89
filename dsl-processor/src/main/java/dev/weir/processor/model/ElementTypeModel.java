package dev.weir.processor.model;

import com.palantir.javapoet.TypeName;
import java.util.Objects;

/**
 * The type of the elements on one side of a stage, with the event name and version it is journaled
 * under.
 *
 * @param display the type as messages print it
 * @param typeName the type as generated code writes it
 * @param eventName {@code @EventType.name} of the type's class, else its simple name
 * @param eventVersion {@code @EventType.version}, else 1
 */
public record ElementTypeModel(String display, TypeName typeName, String eventName, int eventVersion) {

  public ElementTypeModel {
    Objects.requireNonNull(display, "display");
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(eventName, "eventName");
  }
}
