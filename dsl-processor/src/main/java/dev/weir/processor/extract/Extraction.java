package dev.weir.processor.extract;

import dev.weir.processor.diag.Location;
import dev.weir.processor.model.FlowModel;
import dev.weir.processor.model.TypeRelation;

/** What reading one {@code @Flow} class gave. */
public sealed interface Extraction {

  /** A model to validate, and the type relation its element types need. */
  record Extracted(FlowModel flow, TypeRelation types) implements Extraction {}

  /**
   * The class refers to a type that does not exist (yet): try again in a later round.
   *
   * @param qualifiedName the flow class, to look it up again
   * @param generatedName the class that would be generated
   * @param where what refers to the missing type, for example {@code enrich()}
   * @param type the missing type as written; empty when an annotation value did not resolve
   * @param location where to report it if it never appears
   */
  record Unresolved(String qualifiedName, String generatedName, String where, String type, Location location)
      implements Extraction {}
}
