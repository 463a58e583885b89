package dev.weir.flow;

/**
 * The identity of a written event: the stage that wrote it and its writer sequence.
 *
 * @param stage the writing stage's name
 * @param seq the writer sequence, from 1, without gaps
 */
public record EventRef(String stage, long seq) {

  /** No event: the parent of what a source emits. */
  public static final EventRef NONE = new EventRef("", 0);

  @Override
  public String toString() {
    return this == NONE || seq == 0 ? "-" : stage + "#" + seq;
  }
}
