package dev.weir.processor.model;

import dev.weir.processor.diag.Location;
import java.util.Objects;

/**
 * One element of a middleware annotation: its value (the annotation's default when not written),
 * whether it was written, and where to point at it.
 *
 * @param name the element's name, for example {@code maxAttempts}
 * @param value its value
 * @param explicit whether the annotation writes it
 * @param location the value when written, else the annotation
 * @param <T> {@code Integer}, {@code Double} or {@code String} (an enum value is its constant's name)
 */
public record MemberValue<T>(String name, T value, boolean explicit, Location location) {

  public MemberValue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(location, "location");
  }
}
