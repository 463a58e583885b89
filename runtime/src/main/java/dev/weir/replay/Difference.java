package dev.weir.replay;

/**
 * One way a replayed stage's journal differs from the original.
 *
 * @param stage the stage
 * @param seq the record's seq
 * @param what what differs, with both values
 */
public record Difference(String stage, long seq, String what) {

  @Override
  public String toString() {
    return stage + " seq " + seq + ": " + what;
  }
}
