package dev.weir.processor.model;

import dev.weir.processor.diag.Location;
import java.util.Objects;

/**
 * A resolved edge between two stages.
 *
 * @param from the writing stage
 * @param to the reading stage
 * @param kind how it was declared
 * @param written how the user wrote it, for messages ({@code a |> b}, {@code @Stage(reference = "r") on j()})
 * @param origin the annotation value that declared it
 */
public record EdgeModel(String from, String to, EdgeKind kind, String written, Location origin) {

  public EdgeModel {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(written, "written");
    Objects.requireNonNull(origin, "origin");
  }
}
