package dev.weir.processor.model;

import dev.weir.processor.diag.Location;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One place that names a join's reference input: {@code @Stage(reference = ...)} on the join, or a
 * {@code (reference, stream) |> join} statement.
 *
 * @param join the join
 * @param reference the stage named as its reference input
 * @param statement the statement's index, or empty for {@code @Stage(reference)}
 * @param written how it was written, for messages
 * @param origin the annotation value that says it
 */
public record ReferenceClaim(String join, String reference, OptionalInt statement, String written, Location origin) {

  public ReferenceClaim {
    Objects.requireNonNull(join, "join");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(written, "written");
    Objects.requireNonNull(origin, "origin");
  }
}
