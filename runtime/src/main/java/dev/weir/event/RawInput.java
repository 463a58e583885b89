package dev.weir.event;

import java.util.Objects;

/**
 * The input of a dead letter that never became an item: raw text a stage read but could not
 * decode (see {@code Emitter.reject}).
 *
 * @param text the input as it was read
 */
public record RawInput(String text) {

  public RawInput {
    Objects.requireNonNull(text, "text");
  }
}
